/**
 * The copies of EC2's fleet in SSM and EC2 Instance Connect, driven through the SDK: brought up to
 * date by the EC2 changes that touch instances, left alone by the others, and repaired on the next
 * EC2 change when the copy itself was changed behind EC2's back.
 */
import { CreateRouteTableCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { runOnState, storedState } from "@/lib/sandbox/core/state-store";
import { HOST_FILES_SERVICE } from "@/lib/sandbox/host-account-view";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import { INSTANCE_CONNECT_SERVICE_NAME } from "@/lib/sandbox/ec2-instance-connect/service";
import { emptyInstanceConnectState, type InstanceConnectState } from "@/lib/sandbox/ec2-instance-connect/model/keys";
import * as fleet from "@/lib/sandbox/ssm/model/fleet";
import type { FleetInstance } from "@/lib/sandbox/ssm/model/types";
import { changeSsmState, readSsmState } from "@/lib/sandbox/ssm/state";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";

vi.mock("@/lib/sandbox/ssm/model/fleet", { spy: true });

const REGION = "us-east-1";
let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;

function instanceConnectCopy(): Promise<Record<string, FleetInstance>> {
  const access = { accountId: account.accountId, service: INSTANCE_CONNECT_SERVICE_NAME, region: REGION, action: "Test", mutates: false, initialState: emptyInstanceConnectState };
  return runOnState(access, (state: InstanceConnectState) => state.instances);
}

/** The syncs run in the account's queue after the change: a read queued behind them sees their result. */
async function ssmCopy() {
  return readSsmState(account.accountId, REGION, (state) => state.fleet);
}

/** Until the syncs queued by earlier changes have run to their end (each read waits for one more of their steps). */
async function settled(): Promise<void> {
  for (let read = 0; read < 8; read++) await ssmCopy();
}

async function launch(): Promise<string> {
  const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }));
  return Instances![0].InstanceId!;
}

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  ec2 = new EC2Client({ region: REGION, endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/24" }))).Subnet!.SubnetId!;
});
afterAll(() => server.close());
beforeEach(() => vi.mocked(fleet.sameFleet).mockClear());

describe("copies of the fleet", () => {
  it("are brought up to date by a launch, an instance's tags and a termination", async () => {
    const id = await launch();
    expect(Object.keys(await ssmCopy())).toEqual([id]);
    expect(Object.keys(await instanceConnectCopy())).toEqual([id]);

    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: "Role", Value: "web" }] }));
    expect((await ssmCopy())[id].tags).toEqual({ Role: "web" });
    expect((await instanceConnectCopy())[id].tags).toEqual({ Role: "web" });

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(await ssmCopy()).toEqual({});
    expect(await instanceConnectCopy()).toEqual({});
  });

  it("are compared once each after a launch: the instance's move to running, read by the launch's own update, adds none", async () => {
    await settled();
    vi.mocked(fleet.sameFleet).mockClear();
    const id = await launch();
    await settled();
    expect(fleet.sameFleet).toHaveBeenCalledTimes(2);
    expect(Object.keys(await ssmCopy())).toContain(id);
    expect(Object.keys(await instanceConnectCopy())).toContain(id);
  });

  it("are not read or compared after an EC2 change that touches no instance (a route table, a VPC's tags)", async () => {
    const id = await launch();
    // The instance's move to running (on the first read after the launch) is stored with the next
    // change, as a new copy of the instance: that change brings the fleet copies up to date once more.
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Stage", Value: "one" }] }));
    await settled();
    vi.mocked(fleet.sameFleet).mockClear();
    await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "lab" }] }));
    await settled();
    expect(Object.keys(await ssmCopy())).toContain(id);
    expect(fleet.sameFleet).not.toHaveBeenCalled();
  });

  it("are made again on the next EC2 change when a copy was changed behind EC2's back", async () => {
    const id = await launch();
    await settled();
    await changeSsmState(account.accountId, REGION, "Test", (state) => void (state.fleet = {}));
    await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await settled();
    expect(Object.keys(await ssmCopy())).toContain(id);
  });
  it("are tried again on the next EC2 change after an update failed", async () => {
    const id = await launch();
    await settled();
    await changeSsmState(account.accountId, REGION, "Test", (state) => void (state.fleet = {}));
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.mocked(fleet.sameFleet).mockImplementation(() => {
      throw new Error("injected");
    });
    try {
      await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
      await settled();
    } finally {
      vi.mocked(fleet.sameFleet).mockRestore();
      errors.mockRestore();
    }
    expect(await ssmCopy()).toEqual({});
    await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await settled();
    expect(Object.keys(await ssmCopy())).toContain(id);
  });
});

describe("an account without instances", () => {
  /** The states an account has stored, by `sandbox_state.service`. */
  async function stored(accountId: string, keys: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const key of keys) if (await storedState(accountId, key)) found.push(key);
    return found;
  }
  const COPIES = [`ssm:${REGION}`, `${INSTANCE_CONNECT_SERVICE_NAME}:${REGION}`, `${HOST_FILES_SERVICE}:${REGION}`];

  it("gets no copies stored by its EC2 changes, nor an STS state by its reads; its first launch stores them", async () => {
    const fresh = await server.newAccount();
    const client = new EC2Client({ region: REGION, endpoint: server.endpoint, credentials: fresh.credentials, maxAttempts: 1 });
    const sts = new STSClient({ region: REGION, endpoint: server.endpoint, credentials: fresh.credentials, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(fresh.accountId);
    const vpc = (await client.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
    const subnet = (await client.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.7.0.0/24" }))).Subnet!.SubnetId!;
    const readsOfCopies = async () => {
      expect(await readSsmState(fresh.accountId, REGION, (state) => state.fleet)).toEqual({});
      const access = { accountId: fresh.accountId, service: INSTANCE_CONNECT_SERVICE_NAME, region: REGION, action: "Test", mutates: false, initialState: emptyInstanceConnectState, initialStateIsFixed: true };
      expect(await runOnState(access, (state: InstanceConnectState) => state.instances)).toEqual({});
    };
    await readsOfCopies();
    expect(await stored(fresh.accountId, [...COPIES, "sts"])).toEqual([]);
    expect(await stored(fresh.accountId, [`ec2:${REGION}`])).toEqual([`ec2:${REGION}`]);

    const { Instances } = await client.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnet, MinCount: 1, MaxCount: 1 }));
    const id = Instances![0].InstanceId!;
    for (let read = 0; read < 8; read++) await readSsmState(fresh.accountId, REGION, (state) => state.fleet);
    expect(await stored(fresh.accountId, COPIES.slice(0, 2))).toEqual(COPIES.slice(0, 2));
    expect(Object.keys((await storedState(fresh.accountId, `ssm:${REGION}`))!.state as object)).toEqual(["fleet"]);
    expect(Object.keys(((await storedState(fresh.accountId, `ssm:${REGION}`))!.state as { fleet: object }).fleet)).toEqual([id]);
  });
});
