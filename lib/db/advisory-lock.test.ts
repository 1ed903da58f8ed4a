/**
 * The cross-process lock on PostgreSQL: what is read in the lock's round trip must be as current
 * as a read made after the lock was granted (the sandbox checks its cached states with it).
 */
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withAdvisoryLock } from "./advisory-lock";
import { queryRows } from "./client";
import { openFreshTestDatabase, type TestDatabase } from "./testing";

describe.skipIf(!process.env.TEST_DATABASE_URL)("advisory lock (postgres)", () => {
  let database: TestDatabase;
  let otherProcess: pg.Client;

  beforeEach(async () => {
    database = await openFreshTestDatabase("postgres");
    const [{ name }] = await queryRows<{ name: string }>("select current_database() as name", []);
    const url = Object.assign(new URL(process.env.TEST_DATABASE_URL!), { pathname: `/${name}` });
    otherProcess = new pg.Client({ connectionString: url.toString() });
    await otherProcess.connect();
    await queryRows("create table probe (id text primary key, version integer not null)", []);
    await queryRows("insert into probe values ('a', 1)", []);
  });
  afterEach(async () => {
    await otherProcess.end();
    await database.dispose();
  });

  it("reads, in the lock's round trip, what another process committed while this one waited for the lock", async () => {
    await otherProcess.query("select pg_advisory_lock(hashtextextended('probe-lock', 0))");
    const read = withAdvisoryLock(
      "probe-lock",
      async (shared, rows) => ({ shared, rows }),
      (literal) => `select version from probe where id = ${literal("a")}`,
    );
    // The waiter's query is in PostgreSQL, blocked on the lock, before the other process writes.
    await expect.poll(async () => (await otherProcess.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted")).rows[0].n).toBe(1);
    await otherProcess.query("update probe set version = 2 where id = 'a'");
    await otherProcess.query("select pg_advisory_unlock(hashtextextended('probe-lock', 0))");
    expect(await read).toEqual({ shared: true, rows: [{ version: 2 }] });
  });

  it("quotes the values handed to the read as literals", async () => {
    const { rows } = await withAdvisoryLock(
      "probe-lock",
      async (_shared, rows) => ({ rows }),
      (literal) => `select ${literal("it's; select 1")} as text`,
    );
    expect(rows).toEqual([{ text: "it's; select 1" }]);
  });
});
