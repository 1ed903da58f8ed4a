/**
 * When a lab page reads the account after its live stream announces changes. A student's changes
 * come in bursts (a script, a few CLI commands pasted together, Ansible's tasks): one read once the
 * burst has settled shows all of it, where a read per change cost the server a whole read of the
 * account for each (about 40 ms of its one thread, npm run load). The read waits until the stream
 * has been quiet for QUIET_MS, and never more than MAX_WAIT_MS after the first change it waits for,
 * so a long script still shows its progress every second.
 *
 * Shared by the browser (components/console/use-live-console.ts) and `npm run load`'s simulated
 * tab (scripts/load/console-tab.ts), which must read as the browser does.
 */
export const CHANGE_READ_QUIET_MS = 250;
export const CHANGE_READ_MAX_WAIT_MS = 1000;

export class ChangeReadCoalescer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstChangeAt: number | undefined;

  /** `read` runs when a burst has settled; `now` is injectable for tests. */
  constructor(
    private readonly read: () => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A change event: the read waits for the burst to settle. */
  changed(): void {
    const at = this.now();
    this.firstChangeAt ??= at;
    const due = Math.min(at + CHANGE_READ_QUIET_MS, this.firstChangeAt + CHANGE_READ_MAX_WAIT_MS);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - at));
  }

  /** A read is starting for another reason (an action, a poll): it shows the changes waited for. */
  readStarting(): void {
    this.cancel();
  }

  /** Nothing more will be read (the page or the stream closes). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstChangeAt = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.firstChangeAt = undefined;
    this.read();
  }
}
