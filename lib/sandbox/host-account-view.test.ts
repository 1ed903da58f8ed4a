import { CreateSubnetCommand, CreateVpcCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { denyUnlessFromEndpointPolicy } from "@/lib/analysis/fixtures";
import { resetSandboxDelays, setSandboxDelays } from "./core/settings";
import { AMAZON_IMAGES } from "./ec2/model/catalog";
import { commandRunsSettled } from "./ssm/runner";
import { runShell } from "./ssm/testing";
import { startSandboxServer, type SandboxServer, type TestAccount } from "./testing";
import { accountWorld, dropIdleWorlds, loadHostFiles, saveHostFiles, sandboxHostServices, WORLD_IDLE_MS } from "./host-account-view";

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  ec2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  resetSandboxDelays();
  await commandRunsSettled();
  await server.close();
});

describe("accountWorld", () => {
  it("is dropped once not asked for in WORLD_IDLE_MS, and made again, the same, when next asked for", async () => {
    const first = await accountWorld(account.accountId, "us-east-1");
    dropIdleWorlds(Date.now() + WORLD_IDLE_MS / 2);
    expect(await accountWorld(account.accountId, "us-east-1")).toBe(first);
    dropIdleWorlds(Date.now() + WORLD_IDLE_MS + 1);
    const again = await accountWorld(account.accountId, "us-east-1");
    expect(again).not.toBe(first);
    expect(again.snapshot).toEqual(first.snapshot);
  });

  it("is the account's state in the SDK's shapes, the same object while nothing changes, a new one after a change", async () => {
    const before = await accountWorld(account.accountId, "us-east-1");
    expect(before.snapshot.accountId).toBe(account.accountId);
    expect(before.snapshot.vpcs.map((vpc) => vpc.IsDefault)).toEqual([true]);
    expect(before.snapshot.prefixLists.map((list) => list.PrefixListId)).toEqual(["pl-63a5400a", "pl-02cd2c6b"]);
    expect(await accountWorld(account.accountId, "us-east-1")).toBe(before);

    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/24" }))).Subnet!.SubnetId!;
    const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }));
    const after = await accountWorld(account.accountId, "us-east-1");
    expect(after).not.toBe(before);
    const vpc = after.snapshot.vpcs.find((candidate) => candidate.VpcId === vpcId)!;
    expect(vpc).toMatchObject({ CidrBlock: "10.1.0.0/16", State: "available", IsDefault: false, OwnerId: account.accountId });
    const instance = after.snapshot.instances.find((candidate) => candidate.InstanceId === Instances![0].InstanceId)!;
    expect(instance).toMatchObject({ State: { Name: "running", Code: 16 }, SubnetId: subnetId, VpcId: vpcId });
    expect(after.index.instances.get(instance.InstanceId!)?.privateIp).toBe(instance.PrivateIpAddress);
  });

  it("sees bucket policies as soon as S3 stores them", async () => {
    const s3 = new S3Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, forcePathStyle: true, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: "world-test-bucket" }));
    expect((await accountWorld(account.accountId, "us-east-1")).snapshot.buckets).toEqual([{ name: "world-test-bucket", ownerAccountId: account.accountId }]);
    const policy = denyUnlessFromEndpointPolicy("world-test-bucket", "vpce-0123456789abcdef0");
    await s3.send(new PutBucketPolicyCommand({ Bucket: "world-test-bucket", Policy: policy }));
    const world = await accountWorld(account.accountId, "us-east-1");
    expect(JSON.parse(world.index.buckets.get("world-test-bucket")!.policy!)).toEqual(JSON.parse(policy));
  });
});

describe("host files", () => {
  it("are kept per instance in the database, and deleted when the instance is terminated", async () => {
    const subnetId = (await accountWorld(account.accountId, "us-east-1")).snapshot.subnets.find((subnet) => subnet.CidrBlock === "10.1.0.0/24")!.SubnetId!;
    const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }));
    const instanceId = Instances![0].InstanceId!;
    const services = sandboxHostServices(account.accountId, "us-east-1");
    await services.saveHostFiles(instanceId, { "/home/ec2-user/.aws/config": "[default]\nregion = us-east-1\n" });
    expect(await services.loadHostFiles(instanceId)).toEqual({ "/home/ec2-user/.aws/config": "[default]\nregion = us-east-1\n" });
    await saveHostFiles(account.accountId, "us-east-1", instanceId, { "/tmp/a": "1" });
    expect(await loadHostFiles(account.accountId, "us-east-1", instanceId)).toEqual({ "/tmp/a": "1" });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    await expect.poll(() => loadHostFiles(account.accountId, "us-east-1", instanceId)).toEqual({});
  });
});

describe("the hosts' world after a time-based transition", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("a ping from a host reaches an instance that went running by time alone, with no EC2 write since", async () => {
    setSandboxDelays({ instancePendingMs: 300 });
    try {
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
      const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.7.0.0/24" }))).Subnet!.SubnetId!;
      const launch = async () =>
        (await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }))).Instances![0];
      const from = await launch();
      await sleep(350);
      const to = await launch();
      // The hosts' world is read while the target is pending...
      expect((await accountWorld(account.accountId, "us-east-1")).index.instances.get(to.InstanceId!)?.instance.State?.Name).toBe("pending");
      await sleep(350);
      // ...EC2 now says running (a read, not a write)...
      const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [to.InstanceId!] }));
      expect(described.Reservations![0].Instances![0].State?.Name).toBe("running");
      // ...and the host sees it running too: the VPC's default group lets its members ping each other.
      const ssm = new SSMClient({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
      const ping = await runShell(ssm, from.InstanceId!, [`ping -c 1 -W 1 ${to.PrivateIpAddress}`]);
      expect(ping.StandardOutputContent).toContain("1 packets transmitted, 1 received, 0% packet loss");
      expect((await accountWorld(account.accountId, "us-east-1")).index.instances.get(to.InstanceId!)?.instance.State?.Name).toBe("running");
    } finally {
      resetSandboxDelays();
    }
  });
});
