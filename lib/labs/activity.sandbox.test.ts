/**
 * The Activity panel keeps the lab's history: every call of the current lab run, a page at a
 * time, whoever made it (this console, the CLI, an instance), never pushed off by the console's
 * own refresh reads.
 */
import { CreateVpcCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_USER_AGENT } from "@/lib/aws/user-agent";
import { getDb, queryRows } from "@/lib/db/client";
import { activityQuery, flushActivity, recordActivity } from "@/lib/sandbox/core/activity";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { instanceUserAgent } from "@/lib/sandbox/host-account-view";
import { activityPageForUser, type ActivityEntry } from "./console-data";
import { startNewLabRun, touchLabRun } from "./runs";
import { sandboxClients } from "./testing";

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer();
}, 120_000);
afterAll(async () => {
  await server.close();
});

function call(account: TestAccount, action: string, userAgent: string) {
  return {
    accountId: account.accountId,
    requestId: crypto.randomUUID(),
    caller: `arn:aws:iam::${account.accountId}:user/lab-user`,
    service: "ec2",
    action,
    summary: "",
    httpStatus: 200,
    userAgent,
  };
}

async function everyPage(userId: string): Promise<ActivityEntry[]> {
  const all: ActivityEntry[] = [];
  for (let page = await activityPageForUser(userId); ; page = await activityPageForUser(userId, { before: all.at(-1)!.id })) {
    all.push(...page.entries);
    if (!page.more) return all;
  }
}

describe("Activity of a lab run", () => {
  it("shows the student's console changes after hundreds of console refresh reads, and pages through 1,200 CLI calls", async () => {
    const account = await server.newAccount();
    await touchLabRun(account.userId, "vpc-peering");
    const clients = sandboxClients(server, account);
    await clients.ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    for (let n = 0; n < 1_200; n++) recordActivity(call(account, "RunInstances", "aws-cli/2.15.30 Python/3.11.6 Linux/6.1"));
    for (let n = 0; n < 800; n++) recordActivity(call(account, "DescribeVpcs", `aws-sdk-js/3 ${CONSOLE_USER_AGENT}`));
    recordActivity(call(account, "ListObjectsV2", instanceUserAgent("i-0123456789abcdef0")));

    const first = await activityPageForUser(account.userId);
    expect(first.entries).toHaveLength(50);
    expect(first.more).toBe(true);
    expect(first.entries[0]).toMatchObject({ action: "ListObjectsV2", callerKind: "instance", instanceId: "i-0123456789abcdef0" });
    expect(first.entries[1]).toMatchObject({ action: "RunInstances", callerKind: "cli-sdk" });

    const all = await everyPage(account.userId);
    expect(all.filter((entry) => entry.action === "DescribeVpcs")).toEqual([]);
    expect(all.filter((entry) => entry.action === "RunInstances")).toHaveLength(1_200);
    expect(all.at(-1)).toMatchObject({ service: "ec2", action: "CreateVpc", callerKind: "console", errorCode: null });
    expect(new Set(all.map((entry) => entry.id)).size).toBe(all.length);
  }, 120_000);

  it("starts afresh with the lab's new run (a reset): the earlier run's calls are not this run's history", async () => {
    const account = await server.newAccount();
    await touchLabRun(account.userId, "vpc-endpoints");
    recordActivity(call(account, "CreateVpcEndpoint", "aws-cli/2.15.30"));
    expect((await activityPageForUser(account.userId)).entries.map((entry) => entry.action)).toEqual(["CreateVpcEndpoint"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await startNewLabRun(account.userId, "vpc-endpoints");
    recordActivity(call(account, "PutBucketPolicy", "aws-cli/2.15.30"));
    expect((await activityPageForUser(account.userId)).entries.map((entry) => entry.action)).toEqual(["PutBucketPolicy"]);
  });

  it("reads a page's rows, not the run's: the console's 3,000 refresh reads in between are not scanned", async () => {
    const account = await server.newAccount();
    for (let n = 0; n < 60; n++) {
      recordActivity(call(account, "CreateTags", "aws-cli/2.15.30"));
      for (let read = 0; read < 50; read++) recordActivity(call(account, "DescribeVpcs", `aws-sdk-js/3 ${CONSOLE_USER_AGENT}`));
    }
    await flushActivity();
    const { sql, params } = activityQuery(await getDb(), account.accountId, { limit: 51, since: new Date(Date.now() - 60_000), hideConsoleReads: true }).toSQL();
    const [{ "QUERY PLAN": [plan] }] = await queryRows<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (analyze, format json) ${sql}`, params);
    expect(rowsReadFromTable(plan.Plan)).toBeLessThanOrEqual(60);
  });
});

interface PlanNode {
  "Node Type": string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

/** Rows the plan's scans of the table produced or threw away (what a page costs the database). */
function rowsReadFromTable(node: PlanNode): number {
  const scanned = /Scan$/.test(node["Node Type"]) && !/Bitmap Index Scan/.test(node["Node Type"]) ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) * node["Actual Loops"] : 0;
  return scanned + (node.Plans ?? []).reduce((sum, child) => sum + rowsReadFromTable(child), 0);
}
