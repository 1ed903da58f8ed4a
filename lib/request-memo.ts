/**
 * Lookups shared within one read of the console: a lab page's read after a change asked the
 * database for the same lab run three times (its clients, its activity panel, its check). Inside
 * `withRequestMemo`, `memoized` runs each lookup once; outside it, every time. Only for what the
 * memoized work does not itself change (a read-only request's lab runs).
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

export function withRequestMemo<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), fn);
}

export function memoized<T>(key: string, load: () => Promise<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return load();
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
    // A failed lookup is not kept: the next caller asks again.
    value.catch(() => memo.delete(key));
  }
  return value;
}
