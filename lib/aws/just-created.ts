/**
 * AWS is eventually consistent: for a few seconds after a Create call, another call naming the
 * new id may answer its NotFound code (InvalidVpcID.NotFound, InvalidGroup.NotFound, …) and a
 * Describe may not list it yet. The console remembers the ids it has just created and retries,
 * within a bounded window, only the calls that trip over one of them. Anything else — an id the
 * student typed, one created long ago — gets AWS's answer at once.
 */
import { IDS_IN_TEXT } from "./resource-ids";

/** How long after its creation an id may still be unknown to AWS (AWS advises retrying with backoff). */
export const CONSISTENCY_WINDOW_MS = 10_000;

export class JustCreated {
  private readonly createdAt = new Map<string, number>();

  constructor(
    private readonly windowMs = CONSISTENCY_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  add(...ids: string[]): void {
    for (const id of ids) this.createdAt.set(id, this.now());
  }

  forget(...ids: string[]): void {
    for (const id of ids) this.createdAt.delete(id);
  }

  /** The time left in `id`'s window, or 0 when it was not just created by this run. */
  remainingMs(id: string): number {
    const at = this.createdAt.get(id);
    if (at === undefined) return 0;
    const left = at + this.windowMs - this.now();
    if (left <= 0) this.createdAt.delete(id);
    return Math.max(left, 0);
  }

  /** Ids still inside their window. */
  recent(): string[] {
    return [...this.createdAt.keys()].filter((id) => this.remainingMs(id) > 0);
  }
}

/** AWS ids (vpc-0abc…, i-0abc…, sg-…) a message names. */

function notFoundIds(error: unknown): string[] {
  const e = error as { name?: string; message?: string };
  if (!e?.name || !/NotFound$/.test(e.name)) return [];
  return e.message?.match(IDS_IN_TEXT) ?? [];
}

export interface RetryOptions {
  sleep?: (ms: number) => Promise<void>;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`; while it fails with a NotFound naming an id of `created` still inside its window,
 * waits (exponential backoff) and runs it again. Bounded by the window.
 */
export async function retryWhileJustCreated<T>(created: JustCreated, work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let delay = options.firstDelayMs ?? 100; ; delay = Math.min(delay * 2, options.maxDelayMs ?? 2_000)) {
    try {
      return await work();
    } catch (error) {
      const left = Math.max(0, ...notFoundIds(error).map((id) => created.remainingMs(id)));
      if (left === 0) throw error;
      await sleep(Math.min(delay, left));
    }
  }
}

/**
 * Waits (bounded by each id's window) until `visible` lists every id this run just created and
 * `stillWanted` keeps; returns what `read` returned last. For Describe calls without ids, which
 * do not fail but leave a just-created resource out.
 */
export async function readUntilVisible<T>(
  created: JustCreated,
  read: () => Promise<T>,
  visible: (value: T) => Set<string>,
  options: RetryOptions = {},
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let delay = options.firstDelayMs ?? 100; ; delay = Math.min(delay * 2, options.maxDelayMs ?? 2_000)) {
    const value = await read();
    const seen = visible(value);
    const missing = created.recent().filter((id) => !seen.has(id));
    const left = Math.max(0, ...missing.map((id) => created.remainingMs(id)));
    if (left === 0) return value;
    await sleep(Math.min(delay, left));
  }
}
