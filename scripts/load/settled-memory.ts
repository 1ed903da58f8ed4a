/**
 * The server's memory as it settles after a full collection. V8 keeps the heap pages it grew for a
 * burst after collecting their garbage, and gives them back by itself once the process is quiet (its
 * memory reducer): after a class of 200, RSS stayed at 744 MB for 24 s after the collection, the
 * students' streams open, then fell to 607 MB. A reading right after the collection counted that
 * slack as the accounts' memory (0.54 MB per account where the settled readings gave 0.19).
 */

/** How long the memory is watched after the collection. */
export const WATCH_MS = 60_000;
const EVERY_MS = 1_000;

export interface SettledReading {
  /** Right after the collection. */
  collected?: number;
  /** The lowest reading while watched: what the server settles at. Unknown if any reading was. */
  settled?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects, then reads every second for `watchMs`; nothing to watch when the memory cannot be read. */
export async function settledReading(collect: () => Promise<unknown>, read: () => number | undefined, { watchMs = WATCH_MS, wait = sleep }: { watchMs?: number; wait?: (ms: number) => Promise<unknown> } = {}): Promise<SettledReading> {
  await collect();
  const collected = read();
  let settled = collected;
  for (let waited = 0; settled !== undefined && waited < watchMs; waited += EVERY_MS) {
    await wait(EVERY_MS);
    const reading = read();
    settled = reading === undefined ? undefined : Math.min(settled, reading);
  }
  return { collected, settled };
}
