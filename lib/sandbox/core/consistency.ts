/**
 * Eventual consistency, as EC2 shows it: for a while after a resource is created, other calls that
 * name it answer its NotFound error and listings leave it out, although it exists (the call that
 * created it got its id, and dependency checks already count it).
 *
 * When each resource was created is kept here, in memory, not in the account's state: it is
 * nothing a client can see. A service opts in by listing the ids its state holds
 * (QueryService.trackedResourceIds); the dispatcher runs each call inside `withHiddenIds`, and the
 * service's lookups ask `isHiddenFromCaller`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { processSingleton } from "@/lib/process-singleton";

interface ConsistencyMemory {
  /** Creation times by resource id, per account state ("account\nservice:region"). */
  created: Map<string, Map<string, number>>;
  /** The ids the running call must not see. */
  hidden: AsyncLocalStorage<ReadonlySet<string>>;
}

const memory = processSingleton<ConsistencyMemory>("consistency", () => ({
  created: new Map(),
  hidden: new AsyncLocalStorage(),
}));

/** The ids created less than `windowMs` before `now` in this account state; older entries are forgotten. */
export function recentlyCreatedIds(scope: string, now: number, windowMs: number): Set<string> {
  const created = memory.created.get(scope);
  const recent = new Set<string>();
  if (!created) return recent;
  for (const [id, at] of created) {
    if (now - at < windowMs) recent.add(id);
    else created.delete(id);
  }
  if (created.size === 0) memory.created.delete(scope);
  return recent;
}

/** Notes the ids a call created, as of the call's time. */
export function recordCreatedIds(scope: string, ids: Iterable<string>, at: number): void {
  let created = memory.created.get(scope);
  for (const id of ids) {
    if (!created) memory.created.set(scope, (created = new Map()));
    created.set(id, at);
  }
}

/** Runs `fn` with these ids invisible to it (see isHiddenFromCaller). */
export function withHiddenIds<T>(hidden: ReadonlySet<string>, fn: () => T): T {
  return memory.hidden.run(hidden, fn);
}

/** Whether the running call must treat this id as not existing yet. */
export function isHiddenFromCaller(id: string): boolean {
  return memory.hidden.getStore()?.has(id) ?? false;
}

/** Forgets every creation time (tests start from a fresh database). */
export function forgetCreationTimes(): void {
  memory.created.clear();
}

/** Whether any of the account's states holds ids still inside the window (reads may list more soon, with no change). */
export function hasRecentlyCreatedIds(accountId: string, now: number, windowMs: number): boolean {
  for (const scope of [...memory.created.keys()]) {
    if (scope.startsWith(`${accountId}\n`) && recentlyCreatedIds(scope, now, windowMs).size > 0) return true;
  }
  return false;
}
