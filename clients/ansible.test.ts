/**
 * Both labs as code with Debian's Ansible and its unmodified amazon.aws / community.aws modules
 * (clients/ansible/*.yml) against the sandbox: the first run builds, the second changes nothing,
 * the teardown leaves the account as new. Each lab in an account of its own.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DescribeAddressesCommand, DescribeInstancesCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, DescribeVpcPeeringConnectionsCommand, DescribeVpcsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { GetBucketPolicyCommand, GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ec2ClientFor } from "@/lib/sandbox/ec2/testing";
import { s3Client } from "@/lib/sandbox/s3/testing";
import { type TestAccount } from "@/lib/sandbox/testing";
import { accountLeftovers, runPlaybook, runReport, type PlaybookRun } from "./testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

// Ansible starts a Python process per task; a lab's playbook is a few dozen of them.
const PLAYBOOK_TIMEOUT = 15 * 60_000;

const server = sandboxForFile();

function expectSuccess(run: PlaybookRun): void {
  expect(run.failures, runReport(run)).toEqual([]);
  expect(run.code, runReport(run)).toBe(0);
}

function tagged(name: string) {
  return [{ Name: "tag:Name", Values: [name] }];
}

interface Lab {
  account: TestAccount;
  ec2: EC2Client;
  s3: S3Client;
}

async function newLab(): Promise<Lab> {
  const account = await server.newAccount();
  return { account, ec2: ec2ClientFor(server, account), s3: s3Client(server.endpoint, account.credentials) };
}

async function expectLab1Built({ ec2 }: Lab): Promise<void> {
  const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: ["lab1-vpc-1", "lab1-vpc-2"] }] }))).Vpcs ?? [];
  expect(vpcs.map((vpc) => vpc.CidrBlock).sort()).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
  const [one, two] = ["10.1.0.0/16", "10.2.0.0/16"].map((cidr) => vpcs.find((vpc) => vpc.CidrBlock === cidr)!.VpcId!);

  const peerings = (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: "status-code", Values: ["active"] }] }))).VpcPeeringConnections ?? [];
  expect(peerings.map((p) => [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId])).toEqual([[one, two]]);
  const pcx = peerings[0].VpcPeeringConnectionId;

  for (const [vpcId, peerCidr] of [[one, "10.2.0.0/16"], [two, "10.1.0.0/16"]]) {
    const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["false"] }] }))).RouteTables ?? [];
    expect(tables).toHaveLength(1);
    const routes = tables[0].Routes ?? [];
    expect(routes.find((route) => route.DestinationCidrBlock === "0.0.0.0/0")?.GatewayId).toMatch(/^igw-/);
    expect(routes.find((route) => route.DestinationCidrBlock === peerCidr)).toMatchObject({ VpcPeeringConnectionId: pcx, State: "active" });
  }

  const instances = ((await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running"] }] }))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
  expect(instances.map((i) => i.VpcId).sort()).toEqual([one, two].sort());
  const first = instances.find((i) => i.VpcId === one)!;
  const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
  expect(addresses.map((a) => [a.InstanceId, a.PublicIp])).toEqual([[first.InstanceId, first.PublicIpAddress]]);

  const second = instances.find((i) => i.VpcId === two)!;
  const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: second.SecurityGroups!.map((g) => g.GroupId!) }))).SecurityGroups![0];
  expect(group.IpPermissions).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [expect.objectContaining({ CidrIp: "10.1.0.0/16" })] }),
      expect.objectContaining({ IpProtocol: "tcp", FromPort: 22, ToPort: 22 }),
    ]),
  );
}

async function expectLab2Built({ account, ec2, s3 }: Lab): Promise<void> {
  const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: tagged("lab2-vpc") }))).Vpcs![0];
  expect(vpc.CidrBlock).toBe("10.0.0.0/16");
  const endpoints = (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc.VpcId!] }] }))).VpcEndpoints ?? [];
  expect(endpoints).toHaveLength(1);
  expect(endpoints[0]).toMatchObject({ ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway", State: "available" });
  expect(endpoints[0].RouteTableIds).toHaveLength(1);
  expect(endpoints[0].Tags).toEqual([{ Key: "Name", Value: "lab2-endpoint" }]);

  const bucket = `vpc-lab-endpoints-${account.accountId}-ansible`;
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "welcome.txt" }));
  expect(await object.Body!.transformToString()).toMatch(/^Hello from VPC Lab/);
  const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!);
  expect(policy.Statement[0].Condition.StringNotEquals).toEqual({ "aws:SourceVpce": endpoints[0].VpcEndpointId });
}

describe.each([
  { lab: "Lab 1", playbook: "lab1.yml", teardown: "lab1-teardown.yml", expectBuilt: expectLab1Built },
  { lab: "Lab 2", playbook: "lab2.yml", teardown: "lab2-teardown.yml", expectBuilt: expectLab2Built },
])("$lab with Ansible (amazon.aws, community.aws)", ({ playbook, teardown, expectBuilt }) => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await newLab();
  });

  it("builds the lab on the first run", { timeout: PLAYBOOK_TIMEOUT }, async () => {
    const run = await runPlaybook(playbook, lab.account.credentials, server.endpoint);
    expectSuccess(run);
    expect(run.stats.changed).toBeGreaterThan(0);
    await expectBuilt(lab);
  });

  it("changes nothing on the second run", { timeout: PLAYBOOK_TIMEOUT }, async () => {
    const run = await runPlaybook(playbook, lab.account.credentials, server.endpoint);
    expectSuccess(run);
    expect(run.changedTasks).toEqual([]);
    await expectBuilt(lab);
  });

  it("tears down to an account with nothing left, and a second teardown has nothing to do", { timeout: 2 * PLAYBOOK_TIMEOUT }, async () => {
    expectSuccess(await runPlaybook(teardown, lab.account.credentials, server.endpoint));
    expect(await accountLeftovers(lab.ec2, lab.s3)).toEqual([]);
    const again = await runPlaybook(teardown, lab.account.credentials, server.endpoint);
    expectSuccess(again);
    expect(again.changedTasks).toEqual([]);
  });
});
