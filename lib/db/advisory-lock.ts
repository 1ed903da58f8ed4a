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

/** A statement run as soon as the lock is held, in the same round trip; `literal` quotes a value into it. */
export type ReadOnceHeld = (literal: (value: string) => string) => string;

/**
 * Takes the lock, then runs `readOnceHeld` if given, in one round trip: two statements in one
 * simple-protocol query. Each statement of it reads with a snapshot taken when that statement
 * starts (READ COMMITTED), so the read sees every write committed before the lock was granted.
 */
async function lockAndRead(connection: pg.PoolClient, name: string, readOnceHeld: ReadOnceHeld | undefined): Promise<unknown[] | undefined> {
  const lock = `select pg_advisory_lock(hashtextextended(${pg.escapeLiteral(name)}, 0))`;
  if (!readOnceHeld) {
    await connection.query(lock);
    return undefined;
  }
  const results = (await connection.query(`${lock}; ${readOnceHeld(pg.escapeLiteral)}`)) as unknown as pg.QueryResult[];
  return results[1].rows;
}

/**
 * Runs `fn` holding the lock named `name` (hashed to PostgreSQL's 64-bit lock key space).
 * `shared` tells `fn` whether other processes may use the database (PostgreSQL) or not (PGlite);
 * on PostgreSQL, `rows` are what `readOnceHeld` read once the lock was held.
 */
export async function withAdvisoryLock<T>(name: string, fn: (shared: boolean, rows?: unknown[]) => Promise<T>, readOnceHeld?: ReadOnceHeld): Promise<T> {
  const { handle, onClose } = await currentDatabase();
  if (handle.kind === "pglite") return fn(false);
  const connection = await lockPool(handle, onClose).connect();
  let rows: unknown[] | undefined;
  try {
    rows = await lockAndRead(connection, name, readOnceHeld);
  } catch (error) {
    // Released as broken: if the lock was granted before the read failed, closing the connection releases it.
    connection.release(true);
    throw error;
  }
  try {
    return await fn(true, rows);
  } finally {
    // Not awaited: the caller has its answer one round trip sooner, and whoever waits for the lock
    // (this process's next call included) waits for the unlock in PostgreSQL itself.
    connection.query("select pg_advisory_unlock(hashtextextended($1, 0))", [name]).then(
      () => connection.release(),
      (error: Error) => connection.release(error),
    );
  }
}
