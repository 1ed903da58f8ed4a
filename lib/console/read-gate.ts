/**
 * How many of the console's reads of sandbox accounts the server works on at once. A read costs
 * the server's one thread ~35 ms; when a class's pages all read at once (the start of a lab, the
 * end of everyone's burst), a hundred reads interleaved on the loop and every student's own AWS
 * calls waited behind all of them (npm run load: SDK p95 well over its 50 ms). Reads past the
 * gate's slots wait their turn without costing anything, and the students' calls pass between
 * the few in progress.
 *
 * A read that holds its slot longer than HOLD_MS (waiting on its account's lock behind a long
 * action, or on a slow database) gives the slot up and goes on outside the gate: one student's
 * busy account never holds up another's reads by more than that. And each student has at most
 * PER_USER_AT_ONCE reads in the gate's queue (a page reads one at a time; a few tabs, a few more):
 * the rest wait behind their own, so a student scripting a flood of reads delays only themself.
 */
import { processSingleton } from "@/lib/process-singleton";

export const READS_AT_ONCE = 2;
export const HOLD_MS = 250;
export const PER_USER_AT_ONCE = 2;

interface UserLane {
  admitted: number;
  waiting: Array<() => void>;
}

export class ReadGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly lanes = new Map<string, UserLane>();

  constructor(
    private readonly slots = READS_AT_ONCE,
    private readonly holdMs = HOLD_MS,
    private readonly perUser = PER_USER_AT_ONCE,
  ) {}

  /**
   * Runs `read` of `userId` once one of their few places in the gate and then a slot are free; the
   * slot is freed when it ends or after holdMs, whichever comes first.
   */
  async run<T>(userId: string, read: () => Promise<T>): Promise<T> {
    await this.admit(userId);
    try {
      return await this.runAdmitted(read);
    } finally {
      this.leaveLane(userId);
    }
  }

  private async runAdmitted<T>(read: () => Promise<T>): Promise<T> {
    await this.enter();
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      this.leave();
    };
    const timer = setTimeout(release, this.holdMs);
    try {
      return await read();
    } finally {
      release();
    }
  }

  /** Reads waiting for a slot (tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private admit(userId: string): Promise<void> {
    let lane = this.lanes.get(userId);
    if (!lane) this.lanes.set(userId, (lane = { admitted: 0, waiting: [] }));
    if (lane.admitted < this.perUser) {
      lane.admitted += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => lane.waiting.push(resolve));
  }

  /** The user's place passes to their next read, or is given back. */
  private leaveLane(userId: string): void {
    const lane = this.lanes.get(userId)!;
    const next = lane.waiting.shift();
    if (next) return next();
    lane.admitted -= 1;
    if (lane.admitted === 0) this.lanes.delete(userId);
  }

  private enter(): Promise<void> {
    if (this.running < this.slots) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The slot passes straight to the longest waiting read. */
  private leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

/** The process's gate for the console's sandbox reads. */
export const consoleReadGate = processSingleton("console-read-gate", () => new ReadGate());
