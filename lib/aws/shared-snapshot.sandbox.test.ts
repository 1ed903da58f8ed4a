/**
 * The console's reads of an unchanged sandbox account share one set of Describe and List calls,
 * and never answer older than the account: a change, a time-based transition and ids still hidden
 * by eventual consistency each make the next read go to the sandbox. EC2 is read in process, with
 * the answers its API gives, except while faults are injected.
 */
import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { doWholeLab } from "@/lib/labs/check";
import { sandboxClients } from "@/lib/labs/testing";
import { readSnapshot } from "@/lib/labs/read-account";
import { resetSandboxFaults, setSandboxFaults } from "@/lib/sandbox/core/faults";
import { resetSandboxDelays, setSandboxDelays } from "@/lib/sandbox/core/settings";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import { callsDuring, startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import type { AwsClients } from "./clients";
import { readAccountWithOwnership } from "./owned-account";
import { readEndpoints, readNetwork } from "./read-lab-snapshot";
import { dropIdleSharedReads, SHARED_READ_IDLE_MS } from "./shared-snapshot";
import { inProcessEc2ReadsDuring } from "./testing-hooks";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterEach(() => {
  resetSandboxDelays();
  resetSandboxFaults();
});
afterAll(async () => server.close());

async function freshAccount(): Promise<{ clients: AwsClients; accountId: string }> {
  const account = await server.newAccount();
  return { clients: sandboxClients(server, account), accountId: account.accountId };
}

/** The calls `work` made to the account, by action. */
async function actionsDuring(accountId: string, work: () => Promise<unknown>): Promise<string[]> {
  return (await callsDuring(accountId, work)).map((row) => row.action);
}

/** How many reads of the account's network `work` made: in process, or through the API (one DescribeVpcs per read). */
async function readsDuring(accountId: string, work: () => Promise<unknown>): Promise<number> {
  let calls: string[] = [];
  const inProcess = await inProcessEc2ReadsDuring(accountId, async () => (calls = await actionsDuring(accountId, work)));
  return calls.filter((action) => action === "DescribeVpcs").length + inProcess.network;
}

describe("reads of a sandbox account", () => {
  it("share one set of calls while the account is unchanged: the live view, the checks' read and the ownership read", async () => {
    const { clients, accountId } = await freshAccount();
    // The console's live view reads it all (IAM identities, the way to S3): the readers that want less share it.
    await readAccountWithOwnership(clients);
    const reads = await readsDuring(accountId, async () => {
      const [checks, network, withIdentities, console] = await Promise.all([readSnapshot(clients), readSnapshot(clients, false, { s3: false }), readSnapshot(clients, true), readAccountWithOwnership(clients)]);
      expect(checks.identities).toEqual([]);
      expect(network.prefixLists).toEqual([]);
      expect(checks.prefixLists.length).toBeGreaterThan(0);
      expect(withIdentities.identities.map((identity) => identity.userName)).toEqual(["lab-user"]);
      expect(console.snapshot.vpcs).toEqual(checks.vpcs);
    });
    expect(reads).toBe(0);
  });

  it("let go of an account's reads once nobody asked for them in a minute, and read it again when asked", async () => {
    const { clients, accountId } = await freshAccount();
    await readSnapshot(clients, true);
    dropIdleSharedReads(Date.now() + SHARED_READ_IDLE_MS / 2);
    expect(await readsDuring(accountId, () => readSnapshot(clients, true))).toBe(0);
    // The account changed nothing since: kept until the account changed, every account ever served stayed in memory.
    dropIdleSharedReads(Date.now() + SHARED_READ_IDLE_MS + 1_000);
    expect(await readsDuring(accountId, () => readSnapshot(clients, true))).toBe(1);
  });

  it("read only what a reader wants beyond the shared read: the IAM users, not the network again", async () => {
    const { clients, accountId } = await freshAccount();
    await readSnapshot(clients, false, { s3: false });
    const calls = await actionsDuring(accountId, async () => {
      expect((await readSnapshot(clients, true)).identities.map((identity) => identity.userName)).toEqual(["lab-user"]);
      await readSnapshot(clients);
    });
    expect(calls.filter((action) => action === "DescribeVpcs")).toEqual([]);
    expect(calls.filter((action) => action === "ListUsers")).toHaveLength(1);
    expect(calls.filter((action) => action === "ListBuckets")).toHaveLength(1);
  });

  it("after a change read again only what the changed service lists: EC2 for a tag, S3 for a bucket", async () => {
    const { clients, accountId } = await freshAccount();
    const first = await readSnapshot(clients, true);
    await clients.ec2.send(new CreateTagsCommand({ Resources: [first.vpcs[0].VpcId!], Tags: [{ Key: "Name", Value: "tagged" }] }));
    let afterTag: string[] = [];
    expect(await readsDuring(accountId, async () => (afterTag = await actionsDuring(accountId, () => readSnapshot(clients, true))))).toBeGreaterThan(0);
    expect(afterTag.filter((action) => action === "ListUsers" || action === "ListBuckets")).toEqual([]);
    // EC2 was read in process: no signed loopback call (and no log row) per Describe.
    expect(afterTag.filter((action) => action.startsWith("Describe"))).toEqual([]);

    await clients.s3.send(new CreateBucketCommand({ Bucket: `units-${accountId}` }));
    let afterBucket: string[] = [];
    const ec2Reads = await readsDuring(accountId, async () => {
      afterBucket = await actionsDuring(accountId, async () => expect((await readSnapshot(clients, true)).buckets.map((bucket) => bucket.name)).toEqual([`units-${accountId}`]));
    });
    expect(afterBucket).toContain("ListBuckets");
    expect(afterBucket.filter((action) => action === "ListUsers")).toEqual([]);
    expect(ec2Reads).toBe(0);
  });

  it("give each reader its own copy: what one reader fills in is not seen by the next", async () => {
    const { clients } = await freshAccount();
    const first = await readSnapshot(clients);
    first.vpcs[0].CidrBlock = "192.0.2.0/24";
    first.buckets.push({ name: "filled-in", ownerAccountId: "000000000000" });
    const second = await readSnapshot(clients);
    expect(second.vpcs[0].CidrBlock).toBe("172.31.0.0/16");
    expect(second.buckets).toEqual([]);
  });

  it("see a change at once", async () => {
    const { clients, accountId } = await freshAccount();
    const before = await readSnapshot(clients);
    const vpcId = before.vpcs[0].VpcId!;
    await clients.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "renamed" }] }));
    const reads = await readsDuring(accountId, async () => {
      const after = await readSnapshot(clients);
      expect(after.vpcs[0].Tags).toEqual([{ Key: "Name", Value: "renamed" }]);
    });
    expect(reads).toBe(1);
  });

  it("see an instance go running by time alone, with no call since", async () => {
    // Long enough for the first read to fall inside it on a loaded CI machine (300 ms did not always).
    setSandboxDelays({ instancePendingMs: 2_000 });
    const { clients } = await freshAccount();
    const vpcId = (await clients.ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
    const subnetId = (await clients.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.7.0.0/24" }))).Subnet!.SubnetId!;
    await clients.ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }));
    expect((await readSnapshot(clients)).instances.map((instance) => instance.State?.Name)).toEqual(["pending"]);
    // A read kept from the pending time would be served for ever: no call since moves the version.
    await expect.poll(async () => (await readSnapshot(clients)).instances.map((instance) => instance.State?.Name), { timeout: 10_000, interval: 250 }).toEqual(["running"]);
  });

  it("go to the sandbox every time while eventual consistency still hides new ids", async () => {
    setSandboxFaults({ consistencyWindowMs: 60_000 });
    const { clients, accountId } = await freshAccount();
    await clients.ec2.send(new CreateVpcCommand({ CidrBlock: "10.8.0.0/16" }));
    const reads = await readsDuring(accountId, async () => {
      clients.justCreated.forget(...clients.justCreated.recent());
      const snapshots = [await readSnapshot(clients), await readSnapshot(clients)];
      expect(snapshots.map((snapshot) => snapshot.vpcs.length)).toEqual([1, 1]);
    });
    expect(reads).toBe(2);
  });

  it("leave reads signed with another sandbox's key to that sandbox: no version, and nothing made for an account this one does not hold", async () => {
    const { clients } = await freshAccount();
    // A benchmark builds labs in its own process against the console's server: its clients' sandbox extras are not that server's.
    await expect(clients.sandbox!.liveVersion("999999999999", "us-east-1", "AKIAIOSFODNN7EXAMPLE")).resolves.toBeUndefined();
  });

  it("read EC2 in process as its API answers: the network and the way to S3 equal what the Describe calls return", async () => {
    const { clients, accountId } = await freshAccount();
    await doWholeLab(clients, "vpc-peering");
    const [snapshot, network, endpoints] = await Promise.all([readSnapshot(clients), readNetwork(clients.ec2), readEndpoints(clients.ec2)]);
    const { reservations, ...described } = network;
    const ec2Part = Object.fromEntries(Object.entries(snapshot).filter(([field]) => !["region", "accountId", "buckets", "identities"].includes(field)));
    expect(ec2Part).toEqual({ ...described, ...endpoints, instances: reservations.flatMap((reservation) => reservation.Instances ?? []) });
    expect(snapshot.instances).toHaveLength(2);
    expect(await readsDuring(accountId, () => readSnapshot(clients))).toBe(0);
  });

  it("read EC2 through its API while faults are injected, so the console meets them", async () => {
    const { clients, accountId } = await freshAccount();
    setSandboxFaults({ latencyMs: 1 });
    expect(await actionsDuring(accountId, () => readSnapshot(clients))).toContain("DescribeVpcs");
  });
});
