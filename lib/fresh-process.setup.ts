/**
 * Vitest setup for the test files that share a worker process (vitest.config.mts): each file starts
 * as it would in a process of its own — modules evaluated anew, no process-wide caches, the worker's
 * environment variables as they were before the first file — so only the worker's embedded database
 * (emptied by openFreshTestDatabase) carries over.
 */
import { vi } from "vitest";
import { closeDatabaseUntilReopened } from "./db/client";
import { forgetProcessSingletons } from "./process-singleton";

const initialEnvKey = Symbol.for("vpc-lab.test-initial-env");
type GlobalWithInitialEnv = typeof globalThis & { [initialEnvKey]?: NodeJS.ProcessEnv };

function restoreInitialEnv(): void {
  const g = globalThis as GlobalWithInitialEnv;
  const initial = (g[initialEnvKey] ??= { ...process.env });
  for (const name of Object.keys(process.env)) if (!(name in initial)) delete process.env[name];
  Object.assign(process.env, initial);
}

restoreInitialEnv();
// A file that left the database open must not hand its rows to the next one, nor its late work open a
// database of its own before this file opens one (the worker's embedded database itself stays open:
// closing leaves a lent handle alone).
await closeDatabaseUntilReopened();
forgetProcessSingletons();
vi.useRealTimers();
vi.resetModules();
