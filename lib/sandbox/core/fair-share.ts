/**
 * Fair sharing of the one event loop between tenants. An account's state lock (runInAccount) is a
 * promise chain: a thousand queued calls of one account would run back to back as microtasks and
 * every other account's request would wait for all of them. Here each account may have a few calls
 * in progress at once; the rest wait in a queue of their own, and each waiter is started from a
 * setImmediate, after the event loop has read the sockets again, so another account's request is
 * served between two of this account's calls whatever the depth of its queue.
 *
 * A queue deeper than MAX_WAITING is answered with the service's throttling error, as AWS throttles
 * an account's request rate (EC2 RequestLimitExceeded, S3 SlowDown, …): the calls are refused, not
 * held in memory.
 */

/** Calls one account may have in progress at once: enough to overlap body reads with a state call. */
export const CALLS_IN_PROGRESS_PER_ACCOUNT = 4;

/** Calls one account may have waiting; beyond this the service's throttling error answers. */
export const MAX_WAITING_PER_ACCOUNT = 2_000;

export class AccountBusy extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} has ${MAX_WAITING_PER_ACCOUNT} calls waiting`);
  }
}

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

const lanes = new Map<string, Lane>();

function laneOf(accountId: string): Lane {
  let lane = lanes.get(accountId);
  if (!lane) {
    lane = { running: 0, waiting: [] };
    lanes.set(accountId, lane);
  }
  return lane;
}

function release(accountId: string, lane: Lane): void {
  const next = lane.waiting.shift();
  if (next) {
    setImmediate(next);
    return;
  }
  lane.running--;
  if (lane.running === 0) lanes.delete(accountId);
}

/** Waits for a place among the account's calls in progress (throws AccountBusy when its queue is full). */
function admit(accountId: string): Promise<Lane> {
  const lane = laneOf(accountId);
  if (lane.running < CALLS_IN_PROGRESS_PER_ACCOUNT) {
    lane.running++;
    return Promise.resolve(lane);
  }
  if (lane.waiting.length >= MAX_WAITING_PER_ACCOUNT) return Promise.reject(new AccountBusy(accountId));
  return new Promise((resolve) => lane.waiting.push(() => resolve(lane)));
}

/** Runs `fn` as one of the account's calls in progress; its place passes on when `fn` settles. */
export async function withFairShare<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
  const lane = await admit(accountId);
  try {
    return await fn();
  } finally {
    release(accountId, lane);
  }
}

/** How many calls of the account are in progress and waiting (tests, diagnostics). */
export function fairShareOf(accountId: string): { running: number; waiting: number } {
  const lane = lanes.get(accountId);
  return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
}
