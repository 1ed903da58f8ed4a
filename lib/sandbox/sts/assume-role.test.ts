/** STS AssumeRole through the real @aws-sdk/client-sts: refused as AWS refuses a role it cannot assume. */
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, stsClient } from "@/lib/sandbox/s3/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

describe("AssumeRole", () => {
  it("answers AccessDenied (403) naming the caller and the role, as STS does for a role that does not admit it", async () => {
    const account = await server.newAccount();
    const sts = stsClient(server.endpoint, account.credentials);
    const roleArn = `arn:aws:iam::${account.accountId}:role/VpcLabConsole`;
    const error = await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "vpclab-test", ExternalId: "vpclab-0123456789abcdef", DurationSeconds: 3600 })));
    expect(error).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${account.accountId}:user/lab-user is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    });
  });

  it("checks the members first, with STS's validation messages", async () => {
    const account = await server.newAccount();
    const sts = stsClient(server.endpoint, account.credentials);
    const roleArn = "arn:aws:iam::123456789012:role/VpcLabConsole";
    expect(await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "a b" })))).toMatchObject({
      name: "ValidationError",
      status: 400,
      message: "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
    expect(await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::1:role", RoleSessionName: "ok-name" })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value 'arn:aws:iam::1:role' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    });
    expect(await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ok-name", DurationSeconds: 60 })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    expect(await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ok-name", ExternalId: "x" })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    });
  });
});
