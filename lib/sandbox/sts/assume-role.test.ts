/**
 * STS AssumeRole through the real @aws-sdk/client-sts and the AWS CLI: the trust policy decides
 * (with the caller's own policies across accounts), temporary credentials act in the role's
 * account only with their session token and only until they expire, with each service's errors.
 */
import fs from "node:fs";
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { AttachUserPolicyCommand, CreateRoleCommand, DetachUserPolicyCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iamClient, s3Client, sdkError, stsClient } from "@/lib/sandbox/s3/testing";
import { buildPublicNetwork, launchInstance } from "@/lib/sandbox/scenarios/driver";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { runShell } from "@/lib/sandbox/ssm/testing";
import { issueTemporaryCredentials } from "@/lib/sandbox/temporary-credentials";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";

const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
const EXTERNAL_ID = "vpclab-0123456789abcdef0123456789abcdef";

let server: SandboxServer;
/** The console's deployment account (whose key assumes roles) and a student's account holding the role. */
let consoleAccount: TestAccount;
let studentAccount: TestAccount;
let roleArn: string;

/** The trust policy docs/real-aws.md tells students to create, filled in. */
function trustPolicy(consoleAccountId: string, externalId: string): string {
  return fs
    .readFileSync("docs/real-aws-trust-policy.json", "utf8")
    .replace("CONSOLE_ACCOUNT_ID", consoleAccountId)
    .replace("YOUR_EXTERNAL_ID_FROM_THE_ACCESS_KEYS_PAGE", externalId);
}

function assume(credentials: TestAccount["credentials"], input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) {
  return stsClient(server.endpoint, credentials).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "vpclab-session", ExternalId: EXTERNAL_ID, ...input }));
}

beforeAll(async () => {
  server = await startSandboxServer();
  consoleAccount = await server.newAccount();
  studentAccount = await server.newAccount();
  const { Role } = await iamClient(server.endpoint, studentAccount.credentials).send(
    new CreateRoleCommand({ RoleName: "VpcLabConsole", AssumeRolePolicyDocument: trustPolicy(consoleAccount.accountId, EXTERNAL_ID), MaxSessionDuration: 7200 }),
  );
  roleArn = Role!.Arn!;
});
afterAll(async () => {
  await commandRunsSettled();
  await server.close();
});

describe("AssumeRole with a trust policy that admits the caller", () => {
  it("hands out a role session in the role's account that sees that account's resources", async () => {
    const vpcId = (await new EC2Client({ endpoint: server.endpoint, region: "us-east-1", credentials: studentAccount.credentials }).send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
    const before = Date.now();
    const { Credentials, AssumedRoleUser } = await assume(consoleAccount.credentials, { DurationSeconds: 3600 });
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials!.SessionToken!.length).toBeGreaterThan(100);
    expect(Credentials!.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
    expect(Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${studentAccount.accountId}:assumed-role/VpcLabConsole/vpclab-session`);
    expect(AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:vpclab-session$/);

    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const identity = await stsClient(server.endpoint, session).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: studentAccount.accountId, Arn: AssumedRoleUser!.Arn, UserId: AssumedRoleUser!.AssumedRoleId });
    const ec2 = new EC2Client({ endpoint: server.endpoint, region: "us-east-1", credentials: session, maxAttempts: 1 });
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs!.map((vpc) => vpc.OwnerId)).toEqual([studentAccount.accountId]);
  });

  it("refuses without the external id, with another one, or for a role that does not exist, in the same words", async () => {
    const denied = (arn: string) => ({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${consoleAccount.accountId}:user/lab-user is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    });
    expect(await sdkError(assume(consoleAccount.credentials, { ExternalId: undefined }))).toMatchObject(denied(roleArn));
    expect(await sdkError(assume(consoleAccount.credentials, { ExternalId: "vpclab-someone-else" }))).toMatchObject(denied(roleArn));
    const missing = `arn:aws:iam::${studentAccount.accountId}:role/NoSuchRole`;
    expect(await sdkError(assume(consoleAccount.credentials, { RoleArn: missing }))).toMatchObject(denied(missing));
  });

  it("across accounts the caller's own policies must allow sts:AssumeRole too", async () => {
    const iam = iamClient(server.endpoint, consoleAccount.credentials);
    await iam.send(new DetachUserPolicyCommand({ UserName: "lab-user", PolicyArn: ADMINISTRATOR_ACCESS }));
    try {
      expect(await sdkError(assume(consoleAccount.credentials))).toMatchObject({ name: "AccessDenied", status: 403 });
    } finally {
      await iam.send(new AttachUserPolicyCommand({ UserName: "lab-user", PolicyArn: ADMINISTRATOR_ACCESS }));
    }
    expect((await assume(consoleAccount.credentials)).Credentials!.AccessKeyId).toMatch(/^ASIA/);
  });

  it("keeps a session within the role's MaxSessionDuration", async () => {
    expect(await sdkError(assume(consoleAccount.credentials, { DurationSeconds: 7201 }))).toMatchObject({
      name: "ValidationError",
      status: 400,
      message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    });
  });

  it("caps a role session assuming another role (role chaining) at one hour, in STS's words", async () => {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: roleArn }, Action: "sts:AssumeRole" }] };
    const { Role } = await iamClient(server.endpoint, studentAccount.credentials).send(
      new CreateRoleCommand({ RoleName: "Chained", AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 43_200 }),
    );
    const { Credentials } = await assume(consoleAccount.credentials);
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const chain = (DurationSeconds: number) => stsClient(server.endpoint, session).send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: "chained", DurationSeconds }));
    expect(await sdkError(chain(3601))).toMatchObject({
      name: "ValidationError",
      status: 400,
      message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    expect((await chain(3600)).AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${studentAccount.accountId}:assumed-role/Chained/chained`);
  });
});

describe("a role session's permissions", () => {
  it("are the role's policies, capped by its permissions boundary, with S3's words for each refusal", async () => {
    const iam = iamClient(server.endpoint, studentAccount.credentials);
    await iam.send(
      new CreateRoleCommand({
        RoleName: "Bounded",
        AssumeRolePolicyDocument: trustPolicy(consoleAccount.accountId, EXTERNAL_ID),
        PermissionsBoundary: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      }),
    );
    const { Credentials } = await assume(consoleAccount.credentials, { RoleArn: `arn:aws:iam::${studentAccount.accountId}:role/Bounded` });
    const s3 = s3Client(server.endpoint, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    const session = `arn:aws:sts::${studentAccount.accountId}:assumed-role/Bounded/vpclab-session`;
    expect(await sdkError(s3.send(new ListBucketsCommand({})))).toMatchObject({
      name: "AccessDenied",
      message: `User: ${session} is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`,
    });
    await iam.send(new PutRolePolicyCommand({ RoleName: "Bounded", PolicyName: "all-of-s3", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }) }));
    expect((await s3.send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
    expect(await sdkError(s3.send(new CreateBucketCommand({ Bucket: `bounded-${studentAccount.accountId}` })))).toMatchObject({
      name: "AccessDenied",
      message: `User: ${session} is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::bounded-${studentAccount.accountId}" because no permissions boundary allows the s3:CreateBucket action`,
    });
  });
});

describe("AssumeRole's input", () => {
  it("checks the members first, with STS's validation messages", async () => {
    const sts = stsClient(server.endpoint, consoleAccount.credentials);
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

describe("temporary credentials", () => {
  it("count only with their own session token: each service answers as AWS does otherwise", async () => {
    const { Credentials } = await assume(consoleAccount.credentials);
    const withoutToken = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey! };
    const wrongToken = { ...withoutToken, sessionToken: `${Credentials!.SessionToken!.slice(0, -4)}AAAA` };
    for (const credentials of [withoutToken, wrongToken]) {
      expect(await sdkError(stsClient(server.endpoint, credentials).send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: "InvalidClientTokenId",
        status: 403,
        message: "The security token included in the request is invalid.",
      });
      const ec2 = new EC2Client({ endpoint: server.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
      expect(await sdkError(ec2.send(new DescribeVpcsCommand({})))).toMatchObject({ name: "AuthFailure", status: 401 });
      expect(await sdkError(s3Client(server.endpoint, credentials).send(new ListBucketsCommand({})))).toMatchObject({
        name: "InvalidToken",
        status: 400,
        message: "The provided token is malformed or otherwise invalid.",
      });
    }
  });

  it("stop at their expiry, with each service's expired-token error", async () => {
    const expired = await issueTemporaryCredentials({
      accountId: studentAccount.accountId,
      roleName: "VpcLabConsole",
      roleId: "AROAEXAMPLEEXAMPLE12",
      roleArn,
      sessionName: "expired",
      expiresAt: Date.now() - 1000,
    });
    const credentials = { accessKeyId: expired.accessKeyId, secretAccessKey: expired.secretAccessKey, sessionToken: expired.sessionToken };
    expect(await sdkError(stsClient(server.endpoint, credentials).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "ExpiredToken",
      status: 403,
      message: "The security token included in the request is expired",
    });
    const ec2 = new EC2Client({ endpoint: server.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    expect(await sdkError(ec2.send(new DescribeVpcsCommand({})))).toMatchObject({ name: "RequestExpired", message: "Request has expired." });
    expect(await sdkError(s3Client(server.endpoint, credentials).send(new ListBucketsCommand({})))).toMatchObject({
      name: "ExpiredToken",
      status: 400,
      message: "The provided token has expired.",
    });
  });
});

describe("temporary credentials on an instance", () => {
  it("the instance's CLI acts as the role session with AWS_SESSION_TOKEN, is refused without it, and S3 applies the role's policies", async () => {
    const ec2 = new EC2Client({ endpoint: server.endpoint, region: "us-east-1", credentials: studentAccount.credentials });
    const ssm = new SSMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: studentAccount.credentials, maxAttempts: 1 });
    const instance = await launchInstance(ec2, await buildPublicNetwork(ec2, "10.8.0.0/16", "10.8.0.0/24"), { publicIp: true });
    const { Credentials, AssumedRoleUser } = await assume(consoleAccount.credentials, { RoleSessionName: "on-the-instance" });
    const keys = `AWS_ACCESS_KEY_ID=${Credentials!.AccessKeyId} AWS_SECRET_ACCESS_KEY=${Credentials!.SecretAccessKey}`;

    const identity = await runShell(ssm, instance.instanceId, [`${keys} AWS_SESSION_TOKEN=${Credentials!.SessionToken} aws sts get-caller-identity --output text`]);
    expect(identity.StandardOutputContent).toBe(`${studentAccount.accountId}\t${AssumedRoleUser!.Arn}\t${AssumedRoleUser!.AssumedRoleId}\n`);
    const withoutToken = await runShell(ssm, instance.instanceId, [`${keys} aws sts get-caller-identity`]);
    expect(withoutToken.StandardErrorContent).toBe(
      "\nAn error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.\nfailed to run commands: exit status 254",
    );
    const listing = await runShell(ssm, instance.instanceId, [`${keys} AWS_SESSION_TOKEN=${Credentials!.SessionToken} aws s3 ls`]);
    expect(listing.StandardErrorContent).toBe(
      `\nAn error occurred (AccessDenied) when calling the ListBuckets operation: User: ${AssumedRoleUser!.Arn} is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action\nfailed to run commands: exit status 254`,
    );
  });
});

describe("the AWS CLI", () => {
  it("assume-role prints the credentials, and AWS_SESSION_TOKEN makes the CLI act as the role", async () => {
    const assumed = await runAwsCli(
      ["sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "from-the-cli", "--external-id", EXTERNAL_ID],
      cliEnv(consoleAccount, server.endpoint),
    );
    expect(assumed.stderr).toBe("");
    const { Credentials, AssumedRoleUser } = JSON.parse(assumed.stdout);
    expect(Credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+00:00|Z)$/);
    const env = { ...cliEnv({ credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey } }, server.endpoint), AWS_SESSION_TOKEN: Credentials.SessionToken };
    const identity = await runAwsCli(["sts", "get-caller-identity"], env);
    expect(JSON.parse(identity.stdout)).toEqual({ UserId: AssumedRoleUser.AssumedRoleId, Account: studentAccount.accountId, Arn: AssumedRoleUser.Arn });
    const refused = await runAwsCli(["sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "no-external-id"], cliEnv(consoleAccount, server.endpoint));
    expect(refused.code).toBe(254);
    expect(refused.stderr).toBe(
      `\nAn error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${consoleAccount.accountId}:user/lab-user is not authorized to perform: sts:AssumeRole on resource: ${roleArn}\n`,
    );
  });
});
