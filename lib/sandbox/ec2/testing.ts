/** Test helpers: the sandbox serving EC2 on loopback, SDK clients per account, and error assertions. */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  type RunInstancesCommandInput,
} from "@aws-sdk/client-ec2";
import { beforeEach, expect } from "vitest";
import { AMAZON_IMAGES } from "./model/catalog";
import { createRegistry } from "@/lib/sandbox/registry";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";
import type { QueryService } from "@/lib/sandbox/core/types";
import { ec2Service } from "./service";

const ec2Registry = () => createRegistry([ec2Service as QueryService<unknown>]);

export function startEc2Sandbox(): Promise<SandboxServer> {
  return startSandboxServer({ registry: ec2Registry() });
}

/** The file's sandbox serving EC2 only, started before its tests and closed after them. */
export function ec2SandboxForFile(): SandboxServer {
  return sandboxForFile({ registry: ec2Registry() });
}

export function ec2ClientFor(server: SandboxServer, account: TestAccount, region = "us-east-1"): EC2Client {
  return new EC2Client({ region, endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
}

/** Awaits a call that must fail with exactly this AWS error code (and message, when given). */
export async function expectAwsError(call: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error!.name).toBe(code);
  if (typeof message === "string") expect(error!.message).toBe(message);
  else if (message) expect(error!.message).toMatch(message);
}

/** The current test's account and an EC2 client that always calls as it. */
export interface Ec2TestAccount {
  readonly ec2: EC2Client;
  readonly accountId: string;
}

/**
 * A fresh sandbox account before each test of the file, so each test stays within Amazon VPC's
 * quotas (5 VPCs and 5 internet gateways a Region). `ec2` may be taken at the top of the file: it
 * sends as whichever account the running test has.
 */
export function ec2AccountPerTest(server: SandboxServer): Ec2TestAccount {
  let client: EC2Client | undefined;
  let accountId = "";
  beforeEach(async () => {
    const account = await server.newAccount();
    accountId = account.accountId;
    client = ec2ClientFor(server, account);
  });
  const send = (command: Parameters<EC2Client["send"]>[0]) => client!.send(command);
  return { ec2: { send } as unknown as EC2Client, get accountId() { return accountId; } };
}

/** A VPC of 10.<second>.0.0/16, optionally with a Name tag. */
export async function createVpc(ec2: EC2Client, second: number, name?: string): Promise<string> {
  const tags = name ? [{ ResourceType: "vpc" as const, Tags: [{ Key: "Name", Value: name }] }] : undefined;
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16`, TagSpecifications: tags }))).Vpc!.VpcId!;
}

/** A lab-shaped VPC: 10.<second>.0.0/16 with its first /24 subnet and, unless told otherwise, an attached internet gateway. */
export async function createLabVpc(ec2: EC2Client, second: number, options: { gateway?: boolean } = {}) {
  const vpcId = await createVpc(ec2, second);
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${second}.0.0/24` }));
  let igw: string | undefined;
  if (options.gateway ?? true) {
    igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  }
  return { vpcId, subnetId: Subnet!.SubnetId!, igw };
}

/** RunInstances of one Amazon Linux 2023 t3.micro, with the test's own parameters on top. */
export function launchInstance(ec2: EC2Client, input: Partial<RunInstancesCommandInput>) {
  return ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t3.micro", MinCount: 1, MaxCount: 1, ...input }));
}

export async function describeInstance(ec2: EC2Client, instanceId: string) {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
}
