import "server-only";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";
import * as schema from "./schema";

/** Any fixed number: the advisory lock every app process takes to migrate (ASCII "vpclab-m"). */
const MIGRATION_LOCK = 0x7670636c61622d6dn;

/**
 * Applies pending migrations, one process at a time: N app processes started together on one
 * PostgreSQL would otherwise each create drizzle's journal table and run the same migration, and all
 * but one would stop on "already exists". The lock is the session's, so it goes with a process that dies.
 */
export async function migratePostgres(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const connection = await pool.connect();
  try {
    await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK.toString()]);
    await migrate(drizzle(connection, { schema }), { migrationsFolder });
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK.toString()]).catch(() => undefined);
    connection.release();
  }
}
