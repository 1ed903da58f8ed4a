import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, EC2Client, RunInstancesCommand, StopInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
  waitUntilCommandExecuted,
} from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import { expectAwsError } from "@/lib/sandbox/ec2/testing";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { MAX_COMMANDS, OUTPUT_LIMIT } from "./model/commands";
import { commandRunsSettled } from "./runner";
import { runShell, waitForInvocation } from "./testing";

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;
let ssm: SSMClient;
let first: { id: string; ip: string };
let second: { id: string; ip: string };

async function launch(subnetId: string, count: number) {
  const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: count, MaxCount: count }));
  return Instances!.map((instance) => ({ id: instance.InstanceId!, ip: instance.PrivateIpAddress! }));
}

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  const client = { region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 };
  ec2 = new EC2Client(client);
  ssm = new SSMClient(client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/24" }))).Subnet!.SubnetId!;
  [first, second] = await launch(subnetId, 2);
  await ec2.send(new CreateTagsCommand({ Resources: [second.id], Tags: [{ Key: "Name", Value: "lab-instance-2" }] }));
});
afterAll(async () => {
  await commandRunsSettled();
  await server.close();
});

describe("DescribeInstanceInformation", () => {
  it("lists every running instance as an Online Amazon Linux 2023 managed node", async () => {
    const { InstanceInformationList } = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(InstanceInformationList!.map((info) => info.InstanceId).sort()).toEqual([first.id, second.id].sort());
    const info = InstanceInformationList!.find((entry) => entry.InstanceId === first.id)!;
    expect(info).toMatchObject({
      PingStatus: "Online",
      PlatformType: "Linux",
      PlatformName: "Amazon Linux",
      PlatformVersion: "2023",
      ResourceType: "EC2Instance",
      IPAddress: first.ip,
      ComputerName: `ip-${first.ip.replaceAll(".", "-")}.ec2.internal`,
      AgentVersion: "3.3.1142.0",
    });
    expect(info.LastPingDateTime).toBeInstanceOf(Date);
    const filtered = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "tag:Name", Values: ["lab-instance-2"] }] }));
    expect(filtered.InstanceInformationList!.map((entry) => entry.InstanceId)).toEqual([second.id]);
  });
});

describe("SendCommand and GetCommandInvocation", () => {
  it("runs AWS-RunShellScript after the call returns: Pending, then Success with the output", async () => {
    const { Command } = await ssm.send(
      new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [first.id], Parameters: { commands: ["echo hello", "hostname"] }, Comment: "greeting" }),
    );
    expect(Command).toMatchObject({
      DocumentName: "AWS-RunShellScript",
      DocumentVersion: "$DEFAULT",
      Comment: "greeting",
      Parameters: { commands: ["echo hello", "hostname"] },
      InstanceIds: [first.id],
      Status: "Pending",
      StatusDetails: "Pending",
      TargetCount: 1,
      CompletedCount: 0,
      TimeoutSeconds: 3600,
    });
    expect(Command!.CommandId).toMatch(/^[0-9a-f-]{36}$/);
    const result = await waitForInvocation(ssm, Command!.CommandId!, first.id);
    expect(result).toMatchObject({
      Status: "Success",
      StatusDetails: "Success",
      ResponseCode: 0,
      PluginName: "aws:runShellScript",
      StandardOutputContent: `hello\nip-${first.ip.replaceAll(".", "-")}.ec2.internal\n`,
      StandardErrorContent: "",
    });
    expect(result.ExecutionElapsedTime).toMatch(/^PT\d+\.\d{3}S$/);
    expect(Date.parse(result.ExecutionEndDateTime!)).toBeGreaterThanOrEqual(Date.parse(result.ExecutionStartDateTime!));
  });

  it("pings the other instance with ping's exact statistics, and the SDK's waiter sees it done", async () => {
    const { Command } = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [first.id], Parameters: { commands: [`ping -c 4 ${second.ip}`] } }));
    await waitUntilCommandExecuted({ client: ssm, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { CommandId: Command!.CommandId, InstanceId: first.id });
    const result = await ssm.send(new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: first.id }));
    expect(result.Status).toBe("Success");
    expect(result.StandardOutputContent).toMatch(new RegExp(`^PING ${second.ip.replaceAll(".", "\\.")} \\(${second.ip.replaceAll(".", "\\.")}\\) 56\\(84\\) bytes of data\\.\\n`));
    expect(result.StandardOutputContent).toContain("4 packets transmitted, 4 received, 0% packet loss");
  });

  it("reports a failing script as Failed, with the exit code and the agent's error line", async () => {
    const result = await runShell(ssm, first.id, ["echo before", "ls /nowhere"]);
    expect(result).toMatchObject({ Status: "Failed", StatusDetails: "Failed", ResponseCode: 2, StandardOutputContent: "before\n" });
    expect(result.StandardErrorContent).toBe("ls: cannot access '/nowhere': No such file or directory\nfailed to run commands: exit status 2");
  });

  it("cuts standard output at 24,000 characters", async () => {
    const line = "x".repeat(99);
    const result = await runShell(ssm, first.id, Array.from({ length: 300 }, () => `echo ${line}`));
    expect(result.StandardOutputContent).toHaveLength(OUTPUT_LIMIT);
    expect(result.StandardOutputContent).toBe(`${line}\n`.repeat(300).slice(0, OUTPUT_LIMIT));
  });

  it("targets instances by InstanceIds key and by tag", async () => {
    const byTag = await ssm.send(
      new SendCommandCommand({ DocumentName: "AWS-RunShellScript", Targets: [{ Key: "tag:Name", Values: ["lab-instance-2"] }], Parameters: { commands: ["hostname"] } }),
    );
    expect(byTag.Command!.TargetCount).toBe(1);
    expect((await waitForInvocation(ssm, byTag.Command!.CommandId!, second.id)).StandardOutputContent).toBe(`ip-${second.ip.replaceAll(".", "-")}.ec2.internal\n`);
    const byKey = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", Targets: [{ Key: "InstanceIds", Values: [first.id, second.id] }], Parameters: { commands: ["true"] } }));
    expect(byKey.Command!.TargetCount).toBe(2);
  });

  it("refuses what SSM refuses, with its codes and words", async () => {
    const send = (input: Partial<ConstructorParameters<typeof SendCommandCommand>[0]>) =>
      ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [first.id], Parameters: { commands: ["true"] }, ...input }));
    await expectAwsError(send({ InstanceIds: ["i-0123456789abcdef0"] }), "InvalidInstanceId", `Instances [[i-0123456789abcdef0]] not in a valid state for account ${account.accountId}`);
    await expectAwsError(send({ InstanceIds: ["web-1"] }), "ValidationException", /^1 validation error detected: Value '\[web-1\]' at 'instanceIds' failed to satisfy constraint/);
    await expectAwsError(send({ DocumentName: "AWS-RunPowerShellScript" }), "InvalidDocument", "The specified document does not exist.");
    await expectAwsError(send({ Parameters: { command: ["true"] } }), "InvalidParameters");
    await expectAwsError(send({ Parameters: {} }), "InvalidParameters");
    await expectAwsError(send({ Targets: [{ Key: "InstanceIds", Values: [first.id] }] }), "ValidationException");
  });

  it("answers InvocationDoesNotExist for unknown commands or instances, and validates the id's length", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expectAwsError(ssm.send(new GetCommandInvocationCommand({ CommandId: unknown, InstanceId: first.id })), "InvocationDoesNotExist");
    const result = await runShell(ssm, first.id, ["true"]);
    await expectAwsError(ssm.send(new GetCommandInvocationCommand({ CommandId: result.CommandId, InstanceId: second.id })), "InvocationDoesNotExist");
    await expectAwsError(
      ssm.send(new GetCommandInvocationCommand({ CommandId: "short", InstanceId: first.id })),
      "ValidationException",
      "1 validation error detected: Value 'short' at 'commandId' failed to satisfy constraint: Member must have length greater than or equal to 36",
    );
  });
});

describe("ListCommands and ListCommandInvocations", () => {
  it("lists commands newest first and one command's invocations with plugin details", async () => {
    const older = await runShell(ssm, first.id, ["echo older"]);
    const newer = await runShell(ssm, first.id, ["echo newer", "ls /missing"]);
    const { Commands } = await ssm.send(new ListCommandsCommand({ MaxResults: 2 }));
    expect(Commands!.map((command) => command.CommandId)).toEqual([newer.CommandId, older.CommandId]);
    expect(Commands![0]).toMatchObject({ Status: "Failed", CompletedCount: 1, ErrorCount: 1, TargetCount: 1 });
    const one = await ssm.send(new ListCommandsCommand({ CommandId: older.CommandId }));
    expect(one.Commands).toHaveLength(1);
    expect(one.Commands![0].Status).toBe("Success");
    await expectAwsError(ssm.send(new ListCommandsCommand({ CommandId: "00000000-0000-4000-8000-000000000000" })), "InvalidCommandId");

    const { CommandInvocations } = await ssm.send(new ListCommandInvocationsCommand({ CommandId: newer.CommandId, Details: true }));
    expect(CommandInvocations).toHaveLength(1);
    expect(CommandInvocations![0]).toMatchObject({ CommandId: newer.CommandId, InstanceId: first.id, Status: "Failed", DocumentName: "AWS-RunShellScript" });
    expect(CommandInvocations![0].CommandPlugins).toEqual([
      expect.objectContaining({
        Name: "aws:runShellScript",
        Status: "Failed",
        ResponseCode: 2,
        Output: "newer\n\n----------ERROR-------\nls: cannot access '/missing': No such file or directory\nfailed to run commands: exit status 2",
      }),
    ]);
    const withoutDetails = await ssm.send(new ListCommandInvocationsCommand({ CommandId: newer.CommandId }));
    expect(withoutDetails.CommandInvocations![0].CommandPlugins).toEqual([]);
  });
});

describe("the command history", () => {
  it(`keeps the newest ${MAX_COMMANDS} commands, paged 50 at a time, and forgets older ones`, async () => {
    const sent: string[] = [];
    for (let index = 0; index < MAX_COMMANDS + 3; index++) {
      const { Command } = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [first.id], Parameters: { commands: [`echo ${index}`] } }));
      sent.push(Command!.CommandId!);
    }
    await commandRunsSettled();
    const listed: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new ListCommandsCommand({ NextToken }));
      expect(page.Commands!.length).toBeLessThanOrEqual(50);
      listed.push(...page.Commands!.map((command) => command.CommandId!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(listed).toEqual(sent.slice(3).reverse());
    await expectAwsError(ssm.send(new GetCommandInvocationCommand({ CommandId: sent[2], InstanceId: first.id })), "InvocationDoesNotExist");
    const newest = await ssm.send(new GetCommandInvocationCommand({ CommandId: sent.at(-1), InstanceId: first.id }));
    expect(newest).toMatchObject({ Status: "Success", StandardOutputContent: `${MAX_COMMANDS + 2}\n` });
  });
});

describe("instances that are not running", () => {
  it("a stopped instance is no longer a valid target and shows its connection lost; a terminated one leaves the fleet", async () => {
    const [third] = await launch((await ec2.send(new CreateSubnetCommand({ VpcId: (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }))).Vpc!.VpcId!, CidrBlock: "10.9.0.0/24" }))).Subnet!.SubnetId!, 1);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [third.id] }));
    await expectAwsError(
      ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [third.id], Parameters: { commands: ["true"] } })),
      "InvalidInstanceId",
      `Instances [[${third.id}]] not in a valid state for account ${account.accountId}`,
    );
    const stopped = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [third.id] }] }));
    expect(stopped.InstanceInformationList!.map((info) => info.PingStatus)).toEqual(["ConnectionLost"]);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [third.id] }));
    const gone = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [third.id] }] }));
    expect(gone.InstanceInformationList).toEqual([]);
  });
});

describe("the AWS CLI", () => {
  it("send-command, get-command-invocation and list-command-invocations", async () => {
    const env = cliEnv(account, server.endpoint);
    const sent = await runAwsCli(["ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids", first.id, "--parameters", "commands=['echo from the cli']"], env);
    expect(sent.stderr).toBe("");
    const commandId = JSON.parse(sent.stdout).Command.CommandId as string;
    await commandRunsSettled();
    const got = await runAwsCli(["ssm", "get-command-invocation", "--command-id", commandId, "--instance-id", first.id], env);
    expect(JSON.parse(got.stdout)).toMatchObject({ Status: "Success", ResponseCode: 0, StandardOutputContent: "from the cli\n" });
    const listed = await runAwsCli(["ssm", "list-command-invocations", "--command-id", commandId, "--details", "--query", "CommandInvocations[0].CommandPlugins[0].Output", "--output", "text"], env);
    expect(listed.stdout).toBe("from the cli\n\n");
    const missing = await runAwsCli(["ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids", "i-0123456789abcdef0", "--parameters", "commands=true"], env);
    expect(missing.code).toBe(254);
    expect(missing.stderr).toBe(`\nAn error occurred (InvalidInstanceId) when calling the SendCommand operation: Instances [[i-0123456789abcdef0]] not in a valid state for account ${account.accountId}\n`);
  });
});
