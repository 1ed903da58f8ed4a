/**
 * Mutual exclusion across every app process on one PostgreSQL database: a session-level advisory
 * lock, taken on a connection of a small pool of its own and held while `fn` runs. The call's own
 * queries run on the main pool, so a lock holder never waits for a connection a lock waiter holds.
 * A process that dies loses its connections, and the server releases their locks with them; a lock
 * whose release failed is released by closing its connection.
 *
 * On PGlite (one process per data folder) there is nobody to exclude: `fn` runs at once.
 */
import pg from "pg";
import { processSingleton } from "@/lib/process-singleton";
import { currentDatabase, type Handle } from "./client";

/** At most this many locks held (or waited for) at once per process; more wait for a connection. */
const LOCK_CONNECTIONS = 10;

const pools = processSingleton("advisory-lock-pools", () => new Map<Handle, pg.Pool>());

function lockPool(handle: Extract<Handle, { kind: "postgres" }>, onClose: (close: () => Promise<void>) => void): pg.Pool {
  let pool = pools.get(handle);
  if (!pool) {
    const created = new pg.Pool({ connectionString: handle.client.options.connectionString, max: LOCK_CONNECTIONS });
    created.on("error", (error) => console.error(`advisory locks: an idle connection was closed (${error.message})`));
    pools.set(handle, created);
    onClose(async () => {
      pools.delete(handle);
      await created.end();
    });
    pool = created;
  }
  return pool;
}

/**
 * Runs `fn` holding the lock named `name` (hashed to PostgreSQL's 64-bit lock key space).
 * `shared` tells `fn` whether other processes may use the database (PostgreSQL) or not (PGlite).
 */
export async function withAdvisoryLock<T>(name: string, fn: (shared: boolean) => Promise<T>): Promise<T> {
  const { handle, onClose } = await currentDatabase();
  if (handle.kind === "pglite") return fn(false);
  const connection = await lockPool(handle, onClose).connect();
  try {
    await connection.query("select pg_advisory_lock(hashtextextended($1, 0))", [name]);
  } catch (error) {
    connection.release(true);
    throw error;
  }
  try {
    return await fn(true);
  } finally {
    // Not awaited: the caller has its answer one round trip sooner, and whoever waits for the lock
    // (this process's next call included) waits for the unlock in PostgreSQL itself.
    connection.query("select pg_advisory_unlock(hashtextextended($1, 0))", [name]).then(
      () => connection.release(),
      (error: Error) => connection.release(error),
    );
  }
}
