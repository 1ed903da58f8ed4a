import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, queryRows } from "@/lib/db/client";
import { sandboxActivity } from "@/lib/db/schema";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { ensureSandboxAccount } from "@/lib/sandbox/accounts";
import { createTestUser } from "@/lib/sandbox/testing";
import { flushActivity, listActivity, recordActivity, summarizeQueryParams, type ActivityRecord } from "./activity";

describe("request summaries", () => {
  it("list parameter names, with values only for resource ids", () => {
    expect(
      summarizeQueryParams({
        Action: "CreateSubnet",
        Version: "2016-11-15",
        VpcId: "vpc-0a1b2c3d4e5f60718",
        CidrBlock: "10.1.0.0/24",
        TagSpecification: [{ ResourceType: "subnet", Tag: [{ Key: "Name", Value: "secret-ish" }] }],
      }),
    ).toBe("VpcId=vpc-0a1b2c3d4e5f60718, CidrBlock, TagSpecification.1.ResourceType, TagSpecification.1.Tag.1.Key, TagSpecification.1.Tag.1.Value");
  });

  it("never show other values, and stay short", () => {
    const summary = summarizeQueryParams({ UserData: "cGFzc3dvcmQ9aHVudGVyMg==", Password: "hunter2", AccessKey: "AKIAABCDEFGHIJKLMNOP" });
    expect(summary).toBe("UserData, Password, AccessKey");
    const many = summarizeQueryParams({ InstanceId: Array.from({ length: 500 }, (_, i) => `i-${String(i).padStart(17, "0")}`) });
    expect(many.length).toBe(400);
    expect(many.endsWith("…")).toBe(true);
  });
});

describe.each(testDatabaseKinds())("activity log (%s)", (kind) => {
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
  });
  afterAll(async () => {
    await flushActivity();
    await dispose();
  });

  const row = (accountId: string, action: string): ActivityRecord => ({
    accountId,
    requestId: crypto.randomUUID(),
    caller: `arn:aws:iam::${accountId}:user/lab-user`,
    accessKeyId: "AKIAEXAMPLE",
    service: "ec2",
    action,
    summary: "",
    httpStatus: 200,
  });

  it("writes buffered rows by itself, without being asked (its timer fires after 100 ms)", async () => {
    const { accountId } = await ensureSandboxAccount(await createTestUser());
    recordActivity(row(accountId, "DescribeVpcs"));
    const db = await getDb();
    await vi.waitFor(
      async () => {
        const rows = await db.select().from(sandboxActivity).where(eq(sandboxActivity.accountId, accountId));
        expect(rows.map((r) => r.action)).toEqual(["DescribeVpcs"]);
      },
      // Generous: the timer's write waits its turn on a loaded machine (1 s was exceeded once in CI, Node 22).
      { timeout: 5_000, interval: 20 },
    );
  });

  it("keeps every row of a batch when one row holds NUL or a lone surrogate (stored as U+FFFD)", async () => {
    const a = (await ensureSandboxAccount(await createTestUser())).accountId;
    const b = (await ensureSandboxAccount(await createTestUser())).accountId;
    recordActivity(row(b, "Before"));
    recordActivity({ ...row(a, "Describe\uD800"), summary: "Filter.1.Name, a\u0000b", userAgent: "agent\u0000" });
    recordActivity(row(b, "After"));
    expect((await listActivity(b)).map((r) => r.action)).toEqual(["After", "Before"]);
    const [stored] = await listActivity(a);
    expect(stored).toMatchObject({ action: "Describe\uFFFD", summary: "Filter.1.Name, a\uFFFDb", userAgent: "agent\uFFFD" });
  });

  it("loses only the row the database refuses, never the rest of its batch", async () => {
    const a = (await ensureSandboxAccount(await createTestUser())).accountId;
    const b = (await ensureSandboxAccount(await createTestUser())).accountId;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      recordActivity(row(a, "One"));
      recordActivity({ ...row(b, "OutOfRange"), httpStatus: 2 ** 40 });
      recordActivity(row(a, "Two"));
      expect((await listActivity(a)).map((r) => r.action)).toEqual(["Two", "One"]);
      expect(await listActivity(b)).toEqual([]);
      expect(errors).toHaveBeenCalledWith("sandbox activity: 1 of 3 rows could not be written", expect.anything());
    } finally {
      errors.mockRestore();
    }
  });

  it("writes a batch as one statement planned once: every field kept as sent, in order, an unset time taken as now", async () => {
    const { accountId } = await ensureSandboxAccount(await createTestUser());
    const at = new Date("2026-12-04T10:00:00.123Z");
    const awkward = 'a,"quoted" {brace} back\\slash NULL';
    recordActivity({ ...row(accountId, "First"), at, summary: awkward, errorCode: "InvalidVpcID.NotFound", httpStatus: 400, sourceIp: "10.0.0.1", userAgent: "aws-cli/2" });
    recordActivity({ ...row(accountId, "Second"), accessKeyId: null, summary: "NULL" });
    const before = Date.now();
    const [second, first] = await listActivity(accountId);
    expect(first).toMatchObject({ action: "First", at, summary: awkward, errorCode: "InvalidVpcID.NotFound", httpStatus: 400, sourceIp: "10.0.0.1", userAgent: "aws-cli/2" });
    expect(second).toMatchObject({ action: "Second", accessKeyId: null, summary: "NULL", errorCode: null, sourceIp: null, userAgent: null });
    expect(second.id).toBeGreaterThan(first.id);
    expect(Math.abs(second.at.getTime() - before)).toBeLessThan(60_000);
    if (kind === "pglite") {
      expect(await queryRows("select name from pg_prepared_statements where name = 'sandbox-activity-insert'", [])).toHaveLength(1);
    }
  });

  it("lists an account's rows newest first, with paging, and no other account's", async () => {
    const a = (await ensureSandboxAccount(await createTestUser())).accountId;
    const b = (await ensureSandboxAccount(await createTestUser())).accountId;
    for (const action of ["One", "Two", "Three"]) recordActivity(row(a, action));
    recordActivity(row(b, "Other"));
    const page = await listActivity(a, { limit: 2 });
    expect(page.map((r) => r.action)).toEqual(["Three", "Two"]);
    const next = await listActivity(a, { limit: 2, before: page[1].id });
    expect(next.map((r) => r.action)).toEqual(["One"]);
    expect((await listActivity(b)).map((r) => r.action)).toEqual(["Other"]);
  });
});
