/**
 * A value shared by every copy of a module in the process. server.ts loads the sandbox and lib/
 * directly while the Next bundle carries its own copy of lib/; both must see one key cache,
 * one state cache and one lock per account.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`vpc-lab.sandbox.${name}`);
  const store = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  store[key] ??= create();
  return store[key];
}

/** Drops every process singleton, as a new process starts (test files that share a worker process). */
export function forgetProcessSingletons(): void {
  const store = globalThis as typeof globalThis & Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(store)) {
    if (Symbol.keyFor(key)?.startsWith("vpc-lab.sandbox.")) delete store[key];
  }
}
