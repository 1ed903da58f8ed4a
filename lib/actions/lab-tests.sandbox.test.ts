/**
 * The console's ping and S3 tests read the account the way the rest of the console does: the read
 * its live view already made of this state serves them, so a test adds only its own calls (SSM's
 * Run Command, the S3 request itself). At the end of a class every student runs both tests at once;
 * each used to fire the whole snapshot's ~20 Describe, List and Get calls of its own.
 */
import { CreateTagsCommand } from "@aws-sdk/client-ec2";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { consoleSandboxForFile, inProcessEc2ReadsDuring } from "@/lib/aws/testing-hooks";
import { doLabStep } from "@/lib/labs/check";
import { sandboxClients } from "@/lib/labs/testing";
import { callsDuring, type TestAccount } from "@/lib/sandbox/testing";

const signedIn = vi.hoisted(() => ({ userId: "" }));

// The signed-in student, without next-auth's request scope.
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const { findUserById } = await import("@/lib/auth/users");
  return { ...(await importOriginal<object>()), requireUserOrThrow: async () => (await findUserById(signedIn.userId))! };
});

const { runPingTestAction } = await import("./run-ping-test");
const { runS3TestAction } = await import("./run-s3-test");
const { createBucketAction } = await import("./create-bucket");
const { loadConsoleData } = await import("@/lib/console/load-console");

const sandbox = consoleSandboxForFile();
let account: TestAccount;
let instances: { from: string; to: string };

beforeAll(async () => {
  account = await sandbox.server.newAccount();
  signedIn.userId = account.userId;
  const clients = sandboxClients(sandbox.server, account);
  for (const step of ["vpcs", "peering", "routes", "instances", "connect", "ping"]) await doLabStep(clients, "vpc-peering", step);
  const read = await loadConsoleData();
  if (!read.ok) throw new Error("the console could not read the account");
  const running = read.data.snapshot.instances.map((instance) => instance.InstanceId!);
  expect(running).toHaveLength(2);
  instances = { from: running[0], to: running[1] };
});

/** The calls (service:Action) the account received while `work` ran. */
async function serviceCallsDuring(work: () => Promise<unknown>): Promise<string[]> {
  return (await callsDuring(account.accountId, work)).map((row) => `${row.service}:${row.action}`);
}

const snapshotReads = (calls: string[]) => calls.filter((call) => /^(ec2:Describe|iam:|s3:(ListBuckets|GetBucketPolicy))/.test(call));

describe("the console's ping test", () => {
  it("after the live view's read of the same state, makes only Run Command's calls, and still judges the path", async () => {
    await loadConsoleData();
    let reachable: boolean | undefined;
    const calls = await serviceCallsDuring(async () => {
      const result = await runPingTestAction({ fromInstanceId: instances.from, target: instances.to, count: 1 });
      if (!result.ok) throw new Error(result.error.message);
      reachable = result.data.verdict.reachable;
    });
    expect(reachable).toBe(true);
    expect(snapshotReads(calls)).toEqual([]);
    expect(calls.every((call) => call.startsWith("ssm:"))).toBe(true);
    expect(calls).toContain("ssm:SendCommand");
  });

  it("reading on its own after a change to the network, reads the network again but no IAM identity", async () => {
    // A change the console's view has not read yet: the network's version moves.
    const clients = sandboxClients(sandbox.server, account);
    await clients.ec2.send(new CreateTagsCommand({ Resources: [instances.to], Tags: [{ Key: "Name", Value: "pinged" }] }));
    let calls: string[] = [];
    const ec2Reads = await inProcessEc2ReadsDuring(account.accountId, async () => {
      calls = await serviceCallsDuring(async () => {
        const result = await runPingTestAction({ fromInstanceId: instances.from, target: instances.to, count: 1 });
        if (!result.ok) throw new Error(result.error.message);
      });
    });
    // EC2 read in process: the network and the way to S3 once each, no Describe call through the API.
    expect(ec2Reads).toEqual({ network: 1, endpoints: 1 });
    expect(calls.filter((call) => call.startsWith("ec2:Describe"))).toEqual([]);
    expect(calls.filter((call) => call.startsWith("iam:"))).toEqual([]);
  });
});

describe("the console's S3 test", () => {
  it("after the live view's read of the same state, asks only who is calling and makes the request", async () => {
    const bucket = `s3-test-reads-${account.accountId}`;
    await createBucketAction({ bucket });
    await loadConsoleData();
    let output = "";
    const calls = await serviceCallsDuring(async () => {
      const result = await runS3TestAction({ from: "console", request: "list", bucket });
      if (!result.ok) throw new Error(result.error.message);
      output = `${result.data.shell?.exitCode} ${result.data.verdict.allowed}`;
    });
    expect(output).toBe("0 true");
    expect(snapshotReads(calls)).toEqual([]);
    expect(calls.sort()).toEqual(["s3:ListObjectsV2", "sts:GetCallerIdentity"]);
  });
});
