/**
 * Work whose promise outlives the request that started it (a cache's entry), run outside that
 * request's async context.
 *
 * Node gives every promise the async context it was made in: the store of each
 * AsyncLocalStorage at that moment. Next keeps a request's stores there, and they reach the
 * request's response, its socket and its compression stream. A promise kept in a cache keeps all
 * of that alive for as long as the entry lives: after a class of 200 (npm run load), the shared
 * lab reads held ~700 finished requests. Work started here makes its promises in the context the
 * process had before it served anything, which holds no request.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { processSingleton } from "@/lib/process-singleton";

type Runner = <R>(work: () => R) => R;

/**
 * The process's first context, taken once per process. server.ts takes it before it listens (and
 * this module takes it when first loaded), so it is never a request's.
 */
export function takeRootContext(): Runner {
  return processSingleton<Runner>("root-async-context", () => AsyncLocalStorage.snapshot());
}

takeRootContext();

/** Runs `work` in the process's first context: the promises it makes hold no request's stores. */
export function outsideRequest<T>(work: () => T): T {
  return takeRootContext()(work);
}
