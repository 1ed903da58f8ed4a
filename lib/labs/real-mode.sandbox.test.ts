/**
 * Real AWS mode, exercised against the sandbox with real AWS's nuisances switched on: realistic
 * (shortened, non-zero) pending states, 5% throttling with each service's own error, and a 1 s
 * eventual-consistency window. The clients are the console's real-mode clients (ownership limited
 * to what they tagged, real-mode retries), pointed at the sandbox's endpoint and signed with the
 * sandbox account's key: the code path real AWS takes.
 */
import { CreateSecurityGroupCommand, CreateVpcCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand } from "@aws-sdk/client-iam";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, buildClients } from "@/lib/aws/clients";
import { OWNER_TAG } from "@/lib/aws/ownership";
import { setSandboxFaults } from "@/lib/sandbox/core/faults";
import { setSandboxDelays } from "@/lib/sandbox/core/settings";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { JustCreated, retryWhileJustCreated } from "@/lib/aws/just-created";
import { checkLab, doLabStep, doWholeLab } from "./check";
import { runShellOnInstance } from "./shell-on-instance";
import { readSnapshot } from "./read-account";
import { teardownLab } from "./teardown";
import { sandboxClients } from "./testing";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
  setSandboxDelays({
    instancePendingMs: 1_500,
    instanceStoppingMs: 500,
    instanceShuttingDownMs: 1_000,
    terminatedVisibleMs: 60 * 60 * 1_000,
    peeringProvisioningMs: 1_000,
    endpointPendingMs: 1_000,
  });
  setSandboxFaults({ throttleRate: 0.05, consistencyWindowMs: 1_000, seed: 8 });
});
afterAll(async () => {
  await server.close();
});

function realClients(account: TestAccount, labId: string): AwsClients {
  return sandboxClients(server, account, { mode: "real", labId, runId: `run-${labId}` });
}

/** A client outside the console (the student's CLI, another tool): no ownership tags. */
function plainEc2(account: TestAccount): EC2Client {
  return new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 8 });
}

async function describeAll(ec2: EC2Client) {
  const [vpcs, groups, instances] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({})),
    ec2.send(new DescribeSecurityGroupsCommand({})),
    ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped", "shutting-down"] }] })),
  ]);
  return {
    vpcs: (vpcs.Vpcs ?? []).filter((vpc) => !vpc.IsDefault),
    groups: (groups.SecurityGroups ?? []).filter((group) => group.GroupName !== "default"),
    liveInstances: (instances.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
  };
}

describe("real AWS mode against a slow, throttling, eventually consistent sandbox", () => {
  it("builds Lab 1, pings through SSM, and tears down to nothing, leaving what the console did not create", { timeout: 60_000 }, async () => {
    const account = await server.newAccount();
    const outsider = plainEc2(account);
    // Made with the SDK, as the student's CLI would: no vpclab tags.
    const foreignVpc = (await outsider.send(new CreateVpcCommand({ CidrBlock: "10.50.0.0/16" }))).Vpc!.VpcId!;
    // Like any client, the outsider retries the NotFound of the VPC it just created.
    const justCreated = new JustCreated();
    justCreated.add(foreignVpc);
    const foreignGroup = (await retryWhileJustCreated(justCreated, () => outsider.send(new CreateSecurityGroupCommand({ GroupName: "not-the-lab", Description: "made outside VPC Lab", VpcId: foreignVpc })))).GroupId!;

    const clients = realClients(account, "vpc-peering");
    const built = await doWholeLab(clients, "vpc-peering");
    expect(built.created.length).toBeGreaterThanOrEqual(20);
    const snapshot = await readSnapshot(clients);
    expect(snapshot.vpcs.map((vpc) => vpc.VpcId)).not.toContain(foreignVpc);
    expect(snapshot.vpcs.every((vpc) => vpc.Tags?.some((tag) => tag.Key === OWNER_TAG && tag.Value === account.userId))).toBe(true);

    const { results } = await checkLab(clients, "vpc-peering");
    expect(Object.values(results).every((result) => result.done)).toBe(true);
    // On real AWS the evidence is the console's own Run Command history.
    expect(results.ping.evidence?.summary).toMatch(/^You ran `ping -c 1 10\.2\.0\.\d+` with Run Command on lab1-instance-1 \(i-\w+\) at \d\d:\d\d UTC: 0% packet loss$/);

    const report = await teardownLab(clients, "vpc-peering");
    expect(report.left).toEqual([]);
    const after = await describeAll(outsider);
    expect(after.vpcs.map((vpc) => vpc.VpcId)).toEqual([foreignVpc]);
    expect(after.groups.map((group) => group.GroupId)).toEqual([foreignGroup]);
    expect(after.liveInstances).toEqual([]);
  });

  it("builds Lab 2 with its endpoint-only bucket policy, lists the bucket from the instance through the endpoint, is denied by the endpoint policy, and tears down to nothing", { timeout: 60_000 }, async () => {
    const account = await server.newAccount();
    const clients = realClients(account, "vpc-endpoints");
    // Step 3 is the student's: an access key for their IAM user, configured on the instance.
    const { AccessKey } = await clients.iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
    // With step 6's bucket policy in, real mode (no root key) can only remove it from the instance.
    const steps = ["architecture", "connect", "access-keys", "s3-over-internet", "endpoint", "bucket-policy", "endpoint-route"];
    const created: string[] = [];
    for (const step of steps) created.push(...(await doLabStep(clients, "vpc-endpoints", step)).created);
    expect(created.length).toBeGreaterThanOrEqual(12);
    const instanceId = (await readSnapshot(clients)).instances.find((instance) => instance.State?.Name === "running")!.InstanceId!;
    const configured = await runShellOnInstance(clients.ssm, instanceId, [
      `aws configure set aws_access_key_id ${AccessKey!.AccessKeyId}`,
      `aws configure set aws_secret_access_key ${AccessKey!.SecretAccessKey}`,
      "aws configure set region us-east-1",
    ]);
    expect(configured.exitCode).toBe(0);
    const bucket = (await readSnapshot(clients, true)).buckets[0].name;
    const listed = await runShellOnInstance(clients.ssm, instanceId, [`aws s3 ls s3://${bucket}`]);
    expect(listed.stdout).toContain("welcome.txt");

    const { results } = await checkLab(clients, "vpc-endpoints");
    expect(steps.filter((step) => !results[step].done)).toEqual([]);
    expect(bucket).toMatch(/^vpc-lab-endpoints-\d{12}-[0-9a-f]{8}$/);
    await doLabStep(clients, "vpc-endpoints", "endpoint-policy");
    const denied = await checkLab(clients, "vpc-endpoints");
    expect(denied.results["endpoint-policy"].done).toBe(true);

    const report = await teardownLab(clients, "vpc-endpoints");
    expect(report.left).toEqual([]);
    const after = await describeAll(plainEc2(account));
    expect(after).toEqual({ vpcs: [], groups: [], liveInstances: [] });
    expect((await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  });

  it("reads the endpoint from AWS_ENDPOINT_URL and the key from the standard chain, as real mode does", async () => {
    const account = await server.newAccount();
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: server.endpoint, AWS_ACCESS_KEY_ID: account.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: account.credentials.secretAccessKey });
    try {
      const clients = buildClients("real", { region: "us-east-1" }, { userId: account.userId });
      const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe(account.accountId);
    } finally {
      for (const key of ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
