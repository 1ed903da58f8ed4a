/**
 * Named prepared statements (the sandbox's state write): the same rows as an ordinary query, on
 * both databases, planned once, and never mixed into another caller's transaction.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureSandboxAccount } from "@/lib/sandbox/accounts";
import { createTestUser } from "@/lib/sandbox/testing";
import { queryPrepared, queryRows, selectPrepared } from "./client";
import { labFaults, labProgress, labRuns, s3Buckets, sandboxAccessKeys, users } from "./schema";
import { openFreshTestDatabase, testDatabaseKinds, type TestDatabase } from "./testing";

const INSERT = "insert into probe (id, counts, tags, flags) values ($1, $2, $3::text[], $4::boolean[]) returning id, counts, tags, flags, created";

describe.each(testDatabaseKinds())("prepared statements on %s", (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await openFreshTestDatabase(kind);
    await queryRows("drop table if exists probe", []);
    await queryRows("create table probe (id text primary key, counts integer not null, tags text[], flags boolean[], created timestamptz default now())", []);
  });
  afterEach(() => database.dispose());

  it("returns the rows an ordinary query returns, values parsed by type, arrays and quotes included", async () => {
    const tags = ['a "quoted", tag', "back\\slash", "{braces}", ""];
    const rows = await queryPrepared<Record<string, unknown>>("probe-insert", INSERT, ["one", 7, tags, [true, false]]);
    expect(rows).toEqual([{ id: "one", counts: 7, tags, flags: [true, false], created: expect.any(Date) }]);
    expect(await queryRows("select id, counts, tags, flags from probe", [])).toEqual([{ id: "one", counts: 7, tags, flags: [true, false] }]);
  });

  it("runs the same statement again with new values, and returns no rows for a statement that returns none", async () => {
    await queryPrepared("probe-insert", INSERT, ["one", 1, [], []]);
    await queryPrepared("probe-insert", INSERT, ["two", 2, ["x"], [false]]);
    expect(await queryPrepared("probe-bump", "update probe set counts = counts + 1 where id = $1", ["two"])).toEqual([]);
    expect(await queryRows("select id, counts from probe order by id", [])).toEqual([
      { id: "one", counts: 1 },
      { id: "two", counts: 3 },
    ]);
  });

  it("fails with the database's own error, changes nothing, and runs again afterwards", async () => {
    await queryPrepared("probe-insert", INSERT, ["one", 1, [], []]);
    await expect(queryPrepared("probe-insert", INSERT, ["one", 2, [], []])).rejects.toMatchObject({ code: "23505" });
    await expect(queryPrepared("probe-fresh", INSERT, ["one", 3, [], []])).rejects.toMatchObject({ code: "23505" });
    await queryPrepared("probe-fresh", INSERT, ["two", 4, [], []]);
    expect(await queryRows("select id, counts from probe order by id", [])).toEqual([
      { id: "one", counts: 1 },
      { id: "two", counts: 4 },
    ]);
  });

  it("selects a table's rows as drizzle's select() does: its keys, JSON, times and nulls", async () => {
    const { accountId } = await ensureSandboxAccount(await createTestUser());
    const createdAt = new Date("2026-12-04T10:11:12.345Z");
    await database.db.insert(s3Buckets).values([
      { name: "tagged", ownerAccountId: accountId, region: "us-east-1", createdAt, tags: [{ key: "k", value: "v" }], versioning: "Enabled", configurations: { cors: "<CORSConfiguration/>" } },
      { name: "plain", ownerAccountId: accountId, region: "eu-west-1", createdAt, publicAccessBlock: null },
    ]);
    for (const name of ["tagged", "plain", "absent"]) {
      const viaDrizzle = await database.db.select().from(s3Buckets).where(eq(s3Buckets.name, name));
      expect(await selectPrepared("probe-bucket", s3Buckets, "name = $1", [name])).toEqual(viaDrizzle);
    }
    expect((await selectPrepared("probe-bucket", s3Buckets, "name = $1", ["tagged"]))[0]).toMatchObject({ createdAt, tags: [{ key: "k", value: "v" }], policy: null });
  });

  it("selects the console's per-request rows as drizzle does: the user, the latest lab run (ordered, limited), progress, the console key", async () => {
    const userId = await createTestUser();
    const { accountId, accessKeyId } = await ensureSandboxAccount(userId);
    const early = new Date("2026-12-04T10:00:00.001Z");
    const late = new Date("2026-12-04T11:00:00.999Z");
    await database.db.insert(labRuns).values([
      { userId, labId: "vpc-peering", runId: "run-a", startedAt: early, touchedAt: early, active: false, lastTeardown: { at: early.toISOString(), deleted: 3 } as never },
      { userId, labId: "vpc-endpoints", runId: "run-b", startedAt: late, touchedAt: late, active: true },
    ]);
    await database.db.insert(labProgress).values({ userId, labId: "vpc-peering", completedSteps: ["s1", "s2"], notes: { s1: 'a "note"' }, reopenedAt: {} });

    expect(await selectPrepared("probe-user", users, "id = $1", [userId])).toEqual(await database.db.select().from(users).where(eq(users.id, userId)));
    const latest = await selectPrepared("probe-latest-run", labRuns, "user_id = $1", [userId], { orderBy: "touched_at DESC", limit: 1 });
    expect(latest).toEqual(await database.db.select().from(labRuns).where(eq(labRuns.userId, userId)).orderBy(desc(labRuns.touchedAt)).limit(1));
    expect(latest.map((run) => run.runId)).toEqual(["run-b"]);
    const runA = await selectPrepared("probe-run", labRuns, "user_id = $1 AND lab_id = $2", [userId, "vpc-peering"]);
    expect(runA).toEqual(await database.db.select().from(labRuns).where(and(eq(labRuns.userId, userId), eq(labRuns.labId, "vpc-peering"))));
    expect(runA[0]).toMatchObject({ touchedAt: early, lastTeardown: { deleted: 3 } });
    expect(await selectPrepared("probe-progress", labProgress, "user_id = $1", [userId])).toEqual(await database.db.select().from(labProgress).where(eq(labProgress.userId, userId)));
    expect(await selectPrepared("probe-key", sandboxAccessKeys, "access_key_id = $1 AND status = 'Active'", [accessKeyId])).toEqual(
      await database.db.select().from(sandboxAccessKeys).where(eq(sandboxAccessKeys.accessKeyId, accessKeyId)),
    );
    await database.db.insert(labFaults).values([
      { userId, labId: "vpc-peering", faultId: "route-gone", appliedBy: userId, change: { routeTableId: "rtb-1" } as never, closedAt: early },
      { userId, labId: "vpc-peering", faultId: "sg-closed", appliedBy: userId, change: { groupId: "sg-1" } as never },
    ]);
    const open = await selectPrepared("probe-open-fault", labFaults, "user_id = $1 AND lab_id = $2 AND closed_at IS NULL", [userId, "vpc-peering"]);
    expect(open).toEqual(await database.db.select().from(labFaults).where(and(eq(labFaults.userId, userId), eq(labFaults.labId, "vpc-peering"), isNull(labFaults.closedAt))));
    expect(open.map((fault) => fault.faultId)).toEqual(["sg-closed"]);
    expect(accountId).toMatch(/^\d{12}$/);
  });

  it.runIf(kind === "pglite")("is parsed and planned once: the embedded database keeps it by name", async () => {
    await queryPrepared("probe-insert", INSERT, ["one", 1, [], []]);
    await queryPrepared("probe-insert", INSERT, ["two", 2, [], []]);
    expect(await queryRows("select name from pg_prepared_statements where name = 'probe-insert'", [])).toEqual([{ name: "probe-insert" }]);
  });

  it("waits for a transaction running on the database, and is not part of it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = database.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into probe (id, counts) values ('in-transaction', 1)`);
        await held;
        tx.rollback();
      })
      .catch(() => "rolled back");
    await new Promise((resolve) => setTimeout(resolve, 20));
    const prepared = queryPrepared("probe-insert", INSERT, ["outside", 1, [], []]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await transaction).toBe("rolled back");
    await prepared;
    expect(await queryRows("select id from probe", [])).toEqual([{ id: "outside" }]);
  });
});
