/** Declared inputs of the JSON 1.1 services (SSM, EC2 Instance Connect) through the real SDKs and the AWS CLI: each service's own error for a body that breaks its model. */
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from "@aws-sdk/client-ec2-instance-connect";
import { DescribeInstanceInformationCommand, GetCommandInvocationCommand, ListCommandsCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/lib/sandbox/ec2/testing";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";

let server: SandboxServer;
let account: TestAccount;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  ssm = new SSMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  await server.close();
});

const INSTANCE_ID_PATTERN = "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)";

describe("SSM's declared inputs", () => {
  it("collects every broken limit of SendCommand into one ValidationException, in the model's order", async () => {
    await expectAwsError(
      ssm.send(new SendCommandCommand({ InstanceIds: ["web-1"], DocumentName: "AWS-RunShellScript", TimeoutSeconds: 5, Comment: "x".repeat(101), Parameters: { commands: ["hostname"] } })),
      "ValidationException",
      "3 validation errors detected: " +
        `Value '[web-1]' at 'instanceIds' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: ${INSTANCE_ID_PATTERN}]; ` +
        "Value '5' at 'timeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 30; " +
        `Value '${"x".repeat(101)}' at 'comment' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  });

  it("words missing members, ranges, list sizes and enums as SSM does", async () => {
    await expectAwsError(
      ssm.send(new GetCommandInvocationCommand({ CommandId: "too-short" } as never)),
      "ValidationException",
      "2 validation errors detected: Value 'too-short' at 'commandId' failed to satisfy constraint: Member must have length greater than or equal to 36; " +
        "Value null at 'instanceId' failed to satisfy constraint: Member must not be null",
    );
    await expectAwsError(
      ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 3 })),
      "ValidationException",
      "1 validation error detected: Value '3' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 5",
    );
    await expectAwsError(
      ssm.send(new ListCommandsCommand({ Filters: [{ key: "Colour" as never, value: "blue" }] })),
      "ValidationException",
      "1 validation error detected: Value 'Colour' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [InvokedAfter, InvokedBefore, Status, ExecutionStage, DocumentName]",
    );
  });

  it("answers the AWS CLI with the same ValidationException", async () => {
    const env = cliEnv(account, server.endpoint);
    const listed = await runAwsCli(["ssm", "describe-instance-information", "--max-results", "51"], env);
    expect(listed.stderr.trim()).toBe(
      "An error occurred (ValidationException) when calling the DescribeInstanceInformation operation: 1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  }, 120_000);
});

describe("EC2 Instance Connect's declared inputs", () => {
  it("answers InvalidArgsException in the same words", async () => {
    const eic = new EC2InstanceConnectClient({ endpoint: server.endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1 });
    await expectAwsError(
      eic.send(new SendSSHPublicKeyCommand({ InstanceId: "i-1", InstanceOSUser: "ec2-user", SSHPublicKey: "ssh-rsa AAAA", AvailabilityZone: "x" })),
      "InvalidArgsException",
      "3 validation errors detected: Value 'i-1' at 'instanceId' failed to satisfy constraint: Member must have length greater than or equal to 10; " +
        "Value 'ssh-rsa AAAA' at 'sSHPublicKey' failed to satisfy constraint: Member must have length greater than or equal to 80; " +
        "Value 'x' at 'availabilityZone' failed to satisfy constraint: Member must have length greater than or equal to 6",
    );
  });
});
