/**
 * The idle teardown's sweep, on the database and a sandbox, in real mode (where it is on by default):
 * the console's real-mode clients, built by clientsForUser from the standard chain and AWS_ENDPOINT_URL,
 * pointed at the sandbox. Two students share the account, as on a real one.
 */
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsMode } from "@/lib/aws/clients";
import { OWNER_TAG } from "@/lib/aws/ownership";
import { getDb } from "@/lib/db/client";
import { labRuns } from "@/lib/db/schema";
import { createTestUser, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { doLabStep } from "./check";
import { idleTeardownMinutes, sweepIdleLabs } from "./idle-teardown";
import { findLabRun, touchLabRun } from "./runs";
import { sandboxClients } from "./testing";

const ENV_KEYS = ["VPCLAB_AWS_MODE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

let server: SandboxServer;
let account: TestAccount;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  Object.assign(process.env, {
    VPCLAB_AWS_MODE: "real",
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_ACCESS_KEY_ID: account.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.credentials.secretAccessKey,
    AWS_REGION: "us-east-1",
  });
});
afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await server.close();
});

/** Builds Lab 1's first step for a student, tagged with their run, and returns the VPC ids. */
async function buildFirstStep(userId: string): Promise<string[]> {
  const run = await touchLabRun(userId, "vpc-peering");
  const clients = sandboxClients(server, { userId, credentials: account.credentials }, { mode: "real", labId: "vpc-peering", runId: run.runId });
  await doLabStep(clients, "vpc-peering", "vpcs");
  return ownedVpcIds(userId);
}

async function ownedVpcIds(userId: string): Promise<string[]> {
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials });
  const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: `tag:${OWNER_TAG}`, Values: [userId] }] }));
  return (Vpcs ?? []).map((vpc) => vpc.VpcId!).sort();
}

async function lastTouched(userId: string, at: Date): Promise<void> {
  const db = await getDb();
  await db.update(labRuns).set({ touchedAt: at }).where(eq(labRuns.userId, userId));
}

describe("sweepIdleLabs", () => {
  it("is off by default in sandbox mode and on (120 minutes) here, in real mode", () => {
    expect(idleTeardownMinutes({})).toBeUndefined();
    expect(idleTeardownMinutes({ VPCLAB_AWS_MODE: "real" })).toBe(120);
    expect(awsMode()).toBe("real");
    expect(idleTeardownMinutes()).toBe(120);
  });

  it("tears down a lab untouched for the idle time and records it on the run; a lab touched since is left alone", { timeout: 60_000 }, async () => {
    const idleStudent = account.userId;
    const activeStudent = await createTestUser();
    const idleVpcs = await buildFirstStep(idleStudent);
    const activeVpcs = await buildFirstStep(activeStudent);
    expect(idleVpcs).toHaveLength(2);
    expect(activeVpcs).toHaveLength(2);
    const before = await findLabRun(idleStudent, "vpc-peering");

    const now = new Date();
    await lastTouched(idleStudent, new Date(now.getTime() - 31 * 60_000));
    await lastTouched(activeStudent, new Date(now.getTime() - 29 * 60_000));
    const outcomes = await sweepIdleLabs(30, now);

    expect(outcomes).toEqual([{ userId: idleStudent, labId: "vpc-peering", deleted: expect.any(Number), left: 0 }]);
    expect(outcomes[0].deleted).toBeGreaterThanOrEqual(2);
    expect(await ownedVpcIds(idleStudent)).toEqual([]);
    expect(await ownedVpcIds(activeStudent)).toEqual(activeVpcs);

    const after = await findLabRun(idleStudent, "vpc-peering");
    expect(after?.lastTeardown).toMatchObject({ reason: "idle", idleMinutes: 30, left: [] });
    expect(after?.lastTeardown?.deleted).toEqual(expect.arrayContaining(idleVpcs));
    // A complete teardown ends the run: what is built next carries a new run id.
    expect(after?.runId).not.toBe(before?.runId);
    expect((await findLabRun(activeStudent, "vpc-peering"))?.lastTeardown).toBeNull();

    // Nothing is left active for the idle student, so the next sweep has nothing to do.
    expect(await sweepIdleLabs(30, now)).toEqual([]);
  });
});
