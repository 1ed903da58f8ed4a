/**
 * Every check of the labs' steps reads Run Command's history: it is listed again only when SSM (or
 * IAM) changed since, never while a command it lists is still running, and never older than the account.
 */
import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { SendCommandCommand } from "@aws-sdk/client-ssm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { sandboxClients } from "@/lib/labs/testing";
import { resetSandboxDelays, setSandboxDelays } from "@/lib/sandbox/core/settings";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { waitForInvocation } from "@/lib/sandbox/ssm/testing";
import { callsDuring, startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { readStudentRecords } from "./evidence";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterEach(() => {
  resetSandboxDelays();
  delete process.env.VPCLAB_SANDBOX_DELAYS;
});
afterAll(async () => {
  await commandRunsSettled();
  await server.close();
});

async function accountWithInstance(): Promise<{ clients: AwsClients; accountId: string; vpcId: string; instanceId: string; ip: string }> {
  const account = await server.newAccount();
  const clients = sandboxClients(server, account);
  const vpcId = (await clients.ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  const subnetId = (await clients.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/24" }))).Subnet!.SubnetId!;
  const { Instances } = await clients.ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }));
  return { clients, accountId: account.accountId, vpcId, instanceId: Instances![0].InstanceId!, ip: Instances![0].PrivateIpAddress! };
}

/** The Run Command listings `work` made in the account. */
async function listingsDuring(accountId: string, work: () => Promise<unknown>): Promise<string[]> {
  return (await callsDuring(accountId, work)).map((row) => row.action).filter((action) => action.startsWith("ListCommand"));
}

async function echo(clients: AwsClients, instanceId: string, text: string): Promise<string> {
  const { Command } = await clients.ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands: [`echo ${text}`] } }));
  return Command!.CommandId!;
}

describe("the student's Run Command history, as the checks read it", () => {
  it("is listed once while SSM is unchanged: another change of the account (a VPC's tag) does not list it again", async () => {
    const { clients, accountId, vpcId, instanceId } = await accountWithInstance();
    await waitForInvocation(clients.ssm, await echo(clients, instanceId, "first"), instanceId);
    expect((await readStudentRecords(clients, accountId)).runs.map((run) => run.command)).toEqual(["echo first"]);
    const listings = await listingsDuring(accountId, async () => {
      await readStudentRecords(clients, accountId);
      await clients.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "tagged" }] }));
      expect((await readStudentRecords(clients, accountId)).runs.map((run) => run.command)).toEqual(["echo first"]);
    });
    expect(listings).toEqual([]);
  });

  it("is listed again after a command is sent, and shows it", async () => {
    const { clients, accountId, instanceId } = await accountWithInstance();
    await readStudentRecords(clients, accountId);
    await waitForInvocation(clients.ssm, await echo(clients, instanceId, "second"), instanceId);
    let commands: string[] = [];
    const listings = await listingsDuring(accountId, async () => (commands = (await readStudentRecords(clients, accountId)).runs.map((run) => run.command)));
    expect(commands).toEqual(["echo second"]);
    expect(listings.sort()).toEqual(["ListCommandInvocations", "ListCommands"]);
  });

  it("is listed on every read while a command is still running (with the demo's delays its result shows once its run time has passed, with no change to count)", async () => {
    const { clients, accountId, instanceId, ip } = await accountWithInstance();
    process.env.VPCLAB_SANDBOX_DELAYS = "realistic";
    setSandboxDelays({ instancePendingMs: 0 });
    const { Command } = await clients.ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands: [`ping -c 4 ${ip}`] } }));
    // The run itself is over at once; its result is stored, and shows as InProgress for ping's ~3 s.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listings = await listingsDuring(accountId, async () => {
      expect((await readStudentRecords(clients, accountId)).runs).toEqual([]);
      expect((await readStudentRecords(clients, accountId)).runs).toEqual([]);
    });
    expect(listings.filter((action) => action === "ListCommandInvocations")).toHaveLength(2);
    await waitForInvocation(clients.ssm, Command!.CommandId!, instanceId);
    expect((await readStudentRecords(clients, accountId)).runs.map((run) => run.command)).toEqual([`ping -c 4 ${ip}`]);
  });
});
