/**
 * Injected faults, seen the way a client sees them: through the AWS SDK (and the CLI) against the
 * sandbox over HTTP. Throttling is drawn from a seeded generator, the consistency window is read
 * against the sandbox's clock (Date, faked here), so every assertion is deterministic.
 */
import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from "@aws-sdk/client-ec2-instance-connect";
import { IAMClient, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { isThrottlingError } from "@smithy/core/retry";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushActivity, listActivity } from "./core/activity";
import { parseSandboxFaults, resetSandboxFaults, sandboxFaults, setSandboxFaults } from "./core/faults";
import { resetSandboxDelays, sandboxDelays, setSandboxDelays } from "./core/settings";
import { AMAZON_IMAGES } from "./ec2/model/catalog";
import { FAULTS_API_PATH, sandboxAdminEnabled } from "./faults-api";
import { cliEnv, runAwsCli, type TestAccount } from "./testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
let account: TestAccount;

// A fresh account per test: each stays within Amazon VPC's quota of 5 VPCs a Region.
beforeEach(async () => {
  account = await server.newAccount();
});
afterEach(() => {
  resetSandboxFaults();
  resetSandboxDelays();
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

function clientConfig(maxAttempts = 1) {
  return { region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts, forcePathStyle: true };
}

const ec2 = (maxAttempts = 1) => new EC2Client(clientConfig(maxAttempts));

interface CaughtError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
}

async function failure(call: Promise<unknown>): Promise<CaughtError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught as CaughtError,
  );
  expect(error, "the call should have failed").toBeDefined();
  return error!;
}

function shapeOf(error: CaughtError) {
  return { code: error.name, message: error.message, status: error.$metadata.httpStatusCode, throttling: isThrottlingError(error as never) };
}

describe("faults are off by default", () => {
  it("configures none when VPCLAB_SANDBOX_FAULTS is unset, and calls go through", async () => {
    expect(parseSandboxFaults({})).toEqual({ latencyMs: 0, throttleRate: 0, consistencyWindowMs: 0 });
    expect(sandboxFaults()).toEqual({ latencyMs: 0, throttleRate: 0, consistencyWindowMs: 0 });
    const client = ec2();
    const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: "10.90.0.0/16" }));
    const { Vpcs } = await client.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
    expect(Vpcs!.map((vpc) => vpc.VpcId)).toEqual([Vpc!.VpcId]);
  });
});

describe("VPCLAB_SANDBOX_FAULTS", () => {
  it("reads latency, throttle, consistency and seed", () => {
    expect(parseSandboxFaults({ VPCLAB_SANDBOX_FAULTS: "latency=200, throttle=0.05,consistency=1000,seed=7" })).toEqual({
      latencyMs: 200,
      throttleRate: 0.05,
      consistencyWindowMs: 1000,
      seed: 7,
    });
    expect(parseSandboxFaults({ VPCLAB_SANDBOX_FAULTS: "throttle=1" })).toEqual({ latencyMs: 0, throttleRate: 1, consistencyWindowMs: 0 });
  });

  it("refuses a bad value by name", () => {
    expect(() => parseSandboxFaults({ VPCLAB_SANDBOX_FAULTS: "throttle=5" })).toThrow(/throttleRate must be between 0 and 1, not 5/);
    expect(() => parseSandboxFaults({ VPCLAB_SANDBOX_FAULTS: "latency=-1" })).toThrow(/latencyMs must be a number >= 0, not -1/);
    expect(() => parseSandboxFaults({ VPCLAB_SANDBOX_FAULTS: "latency=fast" })).toThrow(/"latency=fast" is not name=number/);
    expect(() => parseSandboxFaults({ VPCLAB_SANDBOX_FAULTS: "jitter=3" })).toThrow(/unknown fault "jitter"/);
    expect(() => setSandboxFaults({ consistencyWindowMs: 1.5 })).toThrow(/consistencyWindowMs must be a whole number/);
  });
});

describe("throttling", () => {
  it("answers each service's own throttling error, which the SDK classifies as throttling", async () => {
    setSandboxFaults({ throttleRate: 1 });
    const config = clientConfig(1);
    const calls = {
      ec2: new EC2Client(config).send(new DescribeVpcsCommand({})),
      s3: new S3Client(config).send(new ListBucketsCommand({})),
      iam: new IAMClient(config).send(new ListAccessKeysCommand({})),
      sts: new STSClient(config).send(new GetCallerIdentityCommand({})),
      ssm: new SSMClient(config).send(new DescribeInstanceInformationCommand({})),
      "ec2-instance-connect": new EC2InstanceConnectClient(config).send(
        new SendSSHPublicKeyCommand({ InstanceId: "i-0123456789abcdef0", InstanceOSUser: "ec2-user", SSHPublicKey: "ssh-ed25519 AAAA" }),
      ),
    };
    const shapes = Object.fromEntries(await Promise.all(Object.entries(calls).map(async ([name, call]) => [name, shapeOf(await failure(call))])));
    expect(shapes).toEqual({
      ec2: { code: "RequestLimitExceeded", message: "Request limit exceeded.", status: 503, throttling: true },
      s3: { code: "SlowDown", message: "Please reduce your request rate.", status: 503, throttling: true },
      iam: { code: "Throttling", message: "Rate exceeded", status: 400, throttling: true },
      sts: { code: "Throttling", message: "Rate exceeded", status: 400, throttling: true },
      ssm: { code: "ThrottlingException", message: "Rate exceeded", status: 400, throttling: true },
      "ec2-instance-connect": { code: "ThrottlingException", message: "Rate exceeded", status: 400, throttling: true },
    });
  });

  it("sends the EC2 and query XML envelopes and the JSON __type", async () => {
    setSandboxFaults({ throttleRate: 1 });
    const raw: Record<string, string> = {};
    const capture = (name: string) => (next: (args: unknown) => Promise<{ response: { body: NodeJS.ReadableStream } }>) => async (args: unknown) => {
      const result = await next(args);
      const chunks: Buffer[] = [];
      for await (const chunk of result.response.body) chunks.push(Buffer.from(chunk));
      raw[name] = Buffer.concat(chunks).toString("utf8");
      throw new Error("captured");
    };
    const ec2Client = new EC2Client(clientConfig(1));
    ec2Client.middlewareStack.add(capture("ec2") as never, { step: "deserialize", priority: "low" });
    const stsClient = new STSClient(clientConfig(1));
    stsClient.middlewareStack.add(capture("sts") as never, { step: "deserialize", priority: "low" });
    const ssmClient = new SSMClient(clientConfig(1));
    ssmClient.middlewareStack.add(capture("ssm") as never, { step: "deserialize", priority: "low" });
    await failure(ec2Client.send(new DescribeVpcsCommand({})));
    await failure(stsClient.send(new GetCallerIdentityCommand({})));
    await failure(ssmClient.send(new DescribeInstanceInformationCommand({})));
    expect(raw.ec2).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>RequestLimitExceeded<\/Code><Message>Request limit exceeded.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
    expect(raw.sts).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>\n$/,
    );
    expect(JSON.parse(raw.ssm)).toEqual({ __type: "ThrottlingException", message: "Rate exceeded" });
  });

  it("is retried by the SDK's standard strategy until a call gets through, and surfaces with maxAttempts 1", async () => {
    // Seed 8 draws 0.156, then 0.625: at rate 0.5 the first attempt is throttled, the second is not.
    setSandboxFaults({ throttleRate: 0.5, seed: 8 });
    const result = await ec2(3).send(new DescribeVpcsCommand({}));
    expect(result.$metadata.attempts).toBe(2);
    expect(result.Vpcs!.length).toBeGreaterThan(0);

    setSandboxFaults({ seed: 8 });
    const error = await failure(ec2(1).send(new DescribeVpcsCommand({})));
    expect(shapeOf(error)).toEqual({ code: "RequestLimitExceeded", message: "Request limit exceeded.", status: 503, throttling: true });
    expect(error.$metadata.attempts).toBe(1);
  });

  it("throttles the same calls on every run with the same seed", async () => {
    const pattern = async () => {
      setSandboxFaults({ throttleRate: 0.5, seed: 7 });
      const client = ec2(1);
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) {
        outcomes.push(await client.send(new DescribeVpcsCommand({})).then(() => "ok", (error: Error) => error.name));
      }
      return outcomes;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(first).toContain("ok");
    expect(first).toContain("RequestLimitExceeded");
    expect(first.slice(0, 3)).toEqual(["RequestLimitExceeded", "RequestLimitExceeded", "ok"]);
  });

  it("refuses before touching state, and the activity log records the refusal with its code", async () => {
    const client = ec2(1);
    const before = (await client.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    setSandboxFaults({ throttleRate: 1 });
    await failure(client.send(new CreateVpcCommand({ CidrBlock: "10.91.0.0/16" })));
    resetSandboxFaults();
    expect((await client.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before);
    await flushActivity();
    const rows = await listActivity(account.accountId, { limit: 5 });
    const refused = rows.find((row) => row.action === "CreateVpc");
    expect(refused).toMatchObject({ service: "ec2", action: "CreateVpc", httpStatus: 503, errorCode: "RequestLimitExceeded" });
  });

  it("is what the AWS CLI retries too (standard mode), or reports with one attempt", async () => {
    const env = cliEnv(account, server.endpoint);
    setSandboxFaults({ throttleRate: 0.5, seed: 8 });
    const retried = await runAwsCli(["ec2", "describe-vpcs", "--output", "json"], { ...env, AWS_RETRY_MODE: "standard", AWS_MAX_ATTEMPTS: "3" });
    expect(retried.stderr).toBe("");
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout).Vpcs.length).toBeGreaterThan(0);

    setSandboxFaults({ throttleRate: 1 });
    const refused = await runAwsCli(["ec2", "describe-vpcs"], { ...env, AWS_RETRY_MODE: "standard", AWS_MAX_ATTEMPTS: "1" });
    expect(refused.code).toBe(254);
    // "reached max retries" is how the CLI words a retryable error it gave up on.
    expect(refused.stderr.trim()).toBe(
      "An error occurred (RequestLimitExceeded) when calling the DescribeVpcs operation (reached max retries: 0): Request limit exceeded.",
    );
  });
});

describe("latency", () => {
  it("makes every call wait at least latencyMs", async () => {
    const client = ec2(1);
    await client.send(new DescribeVpcsCommand({}));
    setSandboxFaults({ latencyMs: 300 });
    const started = performance.now();
    await client.send(new DescribeVpcsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe("eventual consistency", () => {
  const WINDOW = 60_000;
  let t0: number;

  function freezeClock() {
    t0 = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
  }

  it("answers NotFound for a new VPC named by a later call, lists without it, and shows it after the window", async () => {
    freezeClock();
    setSandboxFaults({ consistencyWindowMs: WINDOW });
    const client = ec2(1);
    const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: "10.92.0.0/16" }));
    const vpcId = Vpc!.VpcId!;
    const notFound = { code: "InvalidVpcID.NotFound", message: `The vpc ID '${vpcId}' does not exist`, status: 400, throttling: false };

    expect(shapeOf(await failure(client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))))).toEqual(notFound);
    expect(shapeOf(await failure(client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.92.1.0/24" }))))).toEqual(notFound);
    expect(shapeOf(await failure(client.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "x" }] }))))).toEqual(notFound);
    const listed = await client.send(new DescribeVpcsCommand({}));
    expect(listed.Vpcs!.map((vpc) => vpc.VpcId)).not.toContain(vpcId);
    const filtered = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(filtered.Vpcs).toEqual([]);

    vi.setSystemTime(t0 + WINDOW - 1);
    await failure(client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })));
    vi.setSystemTime(t0 + WINDOW);
    const found = await client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(found.Vpcs!.map((vpc) => vpc.VpcId)).toEqual([vpcId]);
    expect((await client.send(new DescribeVpcsCommand({}))).Vpcs!.map((vpc) => vpc.VpcId)).toContain(vpcId);
  });

  it("hides every new kind of EC2 resource with its own NotFound error, while dependency checks count it", async () => {
    const client = ec2(1);
    const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: "10.93.0.0/16" }))).Vpc!.VpcId!;
    const peerVpcId = (await client.send(new CreateVpcCommand({ CidrBlock: "10.94.0.0/16" }))).Vpc!.VpcId!;
    const baseSubnetId = (await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.93.0.0/24" }))).Subnet!.SubnetId!;

    freezeClock();
    setSandboxFaults({ consistencyWindowMs: WINDOW });
    const subnetId = (await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.93.1.0/24" }))).Subnet!.SubnetId!;
    const igwId = (await client.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const routeTableId = (await client.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const groupId = (await client.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "new", Description: "new" }))).GroupId!;
    const aclId = (await client.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    const instanceId = (
      await client.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t3.micro", SubnetId: baseSubnetId, MinCount: 1, MaxCount: 1 }))
    ).Instances![0].InstanceId!;
    const peeringId = (await client.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerVpcId }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const allocationId = (await client.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId!;
    const endpointId = (await client.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3" }))).VpcEndpoint!.VpcEndpointId!;

    const describeById = {
      [subnetId]: () => client.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] })),
      [igwId]: () => client.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igwId] })),
      [routeTableId]: () => client.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] })),
      [groupId]: () => client.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
      [aclId]: () => client.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] })),
      [instanceId]: () => client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
      [peeringId]: () => client.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [peeringId] })),
      [allocationId]: () => client.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] })),
      [endpointId]: () => client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] })),
    };
    const errors: Record<string, string> = {};
    for (const [id, describe] of Object.entries(describeById)) {
      const error = await failure(describe());
      errors[id] = `${error.name}: ${error.message}`;
    }
    expect(errors).toEqual({
      [subnetId]: `InvalidSubnetID.NotFound: The subnet ID '${subnetId}' does not exist`,
      [igwId]: `InvalidInternetGatewayID.NotFound: The internetGateway ID '${igwId}' does not exist`,
      [routeTableId]: `InvalidRouteTableID.NotFound: The routeTable ID '${routeTableId}' does not exist`,
      [groupId]: `InvalidGroup.NotFound: The security group '${groupId}' does not exist`,
      [aclId]: `InvalidNetworkAclID.NotFound: The networkAcl ID '${aclId}' does not exist`,
      [instanceId]: `InvalidInstanceID.NotFound: The instance ID '${instanceId}' does not exist`,
      [peeringId]: `InvalidVpcPeeringConnectionID.NotFound: The vpcPeeringConnection ID '${peeringId}' does not exist`,
      [allocationId]: `InvalidAllocationID.NotFound: The allocation ID '${allocationId}' does not exist`,
      [endpointId]: `InvalidVpcEndpointId.NotFound: The VpcEndpoint ID '${endpointId}' does not exist`,
    });

    // Calls that name a new resource as a reference fail the same way.
    const attach = await failure(client.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId })));
    expect(attach.name).toBe("InvalidInternetGatewayID.NotFound");
    const route = await failure(client.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId })));
    expect(route.name).toBe("InvalidRouteTableID.NotFound");
    // EC2 itself knows the subnet is there: the VPC still has dependencies.
    expect((await failure(client.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe("DependencyViolation");
    // Listings leave the new ones out.
    const subnets = await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(subnets.Subnets!.map((subnet) => subnet.SubnetId)).toEqual([baseSubnetId]);

    vi.setSystemTime(t0 + WINDOW);
    for (const describe of Object.values(describeById)) await describe();
    await client.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
    await client.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }));
  });
});

describe("pending states of given length", () => {
  it("keeps a new gateway endpoint pending for endpointPendingMs, then available", async () => {
    const t0 = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    setSandboxDelays({ endpointPendingMs: 2_000, instancePendingMs: 8_000 });
    expect(sandboxDelays()).toMatchObject({ endpointPendingMs: 2_000, instancePendingMs: 8_000, instanceStoppingMs: 0 });
    const client = ec2(1);
    const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: "10.95.0.0/16" }))).Vpc!.VpcId!;
    const created = await client.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3" }));
    expect(created.VpcEndpoint!.State).toBe("pending");
    const id = created.VpcEndpoint!.VpcEndpointId!;
    const stateAt = async (ms: number) => {
      vi.setSystemTime(t0 + ms);
      return (await client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0].State;
    };
    expect(await stateAt(1_999)).toBe("pending");
    const pendingOnes = await client.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-endpoint-state", Values: ["pending"] }] }));
    expect(pendingOnes.VpcEndpoints!.map((endpoint) => endpoint.VpcEndpointId)).toEqual([id]);
    expect(await stateAt(2_000)).toBe("available");
  });

  it("is available at once without a pending time, as CreateVpcEndpoint answers on AWS", async () => {
    const client = ec2(1);
    const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: "10.96.0.0/16" }))).Vpc!.VpcId!;
    const created = await client.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3" }));
    expect(created.VpcEndpoint!.State).toBe("available");
  });
});

describe("the faults admin API", () => {
  const url = () => server.endpoint.replace(/\/aws$/, "") + FAULTS_API_PATH;

  it("reads and changes faults and delays, and resets them", async () => {
    const read = await fetch(url());
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ faults: { latencyMs: 0, throttleRate: 0, consistencyWindowMs: 0 }, delays: sandboxDelays() });

    const changed = await fetch(url(), {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ faults: { throttleRate: 0.05, consistencyWindowMs: 1000, seed: 7 }, delays: { instancePendingMs: 8000 } }),
    });
    expect(changed.status).toBe(200);
    const body = (await changed.json()) as { faults: unknown; delays: { instancePendingMs: number } };
    expect(body.faults).toEqual({ latencyMs: 0, throttleRate: 0.05, consistencyWindowMs: 1000, seed: 7 });
    expect(body.delays.instancePendingMs).toBe(8000);
    expect(sandboxFaults()).toEqual(body.faults);

    const reset = await fetch(url(), { method: "DELETE" });
    expect(((await reset.json()) as { faults: unknown }).faults).toEqual({ latencyMs: 0, throttleRate: 0, consistencyWindowMs: 0 });
    expect(sandboxDelays().instancePendingMs).toBe(0);
  });

  it("refuses a bad change by name and changes nothing", async () => {
    const answer = await fetch(url(), { method: "PUT", body: JSON.stringify({ faults: { throttleRate: 2, latencyMs: 100 } }) });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toMatch(/throttleRate/);
    expect(sandboxFaults()).toEqual({ latencyMs: 0, throttleRate: 0, consistencyWindowMs: 0 });
    const unknown = await fetch(url(), { method: "PUT", body: JSON.stringify({ faults: { jitter: 3 } }) });
    expect(unknown.status).toBe(400);
  });

  it("does not exist unless VPCLAB_SANDBOX_ADMIN=1 (or under tests): the path is then like any other", async () => {
    expect(sandboxAdminEnabled({ NODE_ENV: "production" })).toBe(false);
    expect(sandboxAdminEnabled({ NODE_ENV: "production", VPCLAB_SANDBOX_ADMIN: "1" })).toBe(true);
    expect(sandboxAdminEnabled({ NODE_ENV: "test" })).toBe(true);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("VPCLAB_SANDBOX_ADMIN", "");
    const strip = (text: string) => text.replace(/<RequestId>.*<\/HostId>/, "");
    const admin = await fetch(url(), { method: "PUT", body: JSON.stringify({ faults: { throttleRate: 1 } }) });
    const other = await fetch(url().replace("faults", "other"), { method: "PUT", body: "{}" });
    expect(admin.status).toBe(403);
    expect({ status: admin.status, body: strip(await admin.text()) }).toEqual({ status: other.status, body: strip(await other.text()) });
    expect(sandboxFaults().throttleRate).toBe(0);
  });
});
