/**
 * Real AWS mode with a role (lib/aws/role.ts): the console, signing with the server's own key,
 * assumes a role in the student's account with the student's external id, and the lab is built,
 * checked and torn down there with the temporary credentials. The sandbox stands in for AWS:
 * STS evaluates the role's trust policy, and the temporary credentials work only with their token.
 */
import fs from "node:fs";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLab, doLabStep } from "@/lib/labs/check";
import { teardownLab } from "@/lib/labs/teardown";
import { iamClient } from "@/lib/sandbox/s3/testing";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { buildClients } from "./clients";
import { forgetRoleCredentials, newExternalId, roleCredentials } from "./role";

let server: SandboxServer;
let consoleAccount: TestAccount;
let studentAccount: TestAccount;
const savedEnv = { ...process.env };

/**
 * The role docs/real-aws.md has students create: trusts the console's account, with their external
 * id, and may do what docs/real-aws-policy.json allows (the sandbox enforces it on S3).
 */
async function createConsoleRole(externalId: string): Promise<string> {
  const iam = iamClient(server.endpoint, studentAccount.credentials);
  const trust = fs.readFileSync("docs/real-aws-trust-policy.json", "utf8").replace("CONSOLE_ACCOUNT_ID", consoleAccount.accountId).replace("YOUR_EXTERNAL_ID_FROM_THE_ACCESS_KEYS_PAGE", externalId);
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "VpcLabConsole", AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "VpcLabConsole", PolicyName: "VpcLabConsole", PolicyDocument: fs.readFileSync("docs/real-aws-policy.json", "utf8") }));
  return Role!.Arn!;
}

beforeAll(async () => {
  server = await startSandboxServer();
  consoleAccount = await server.newAccount();
  studentAccount = await server.newAccount();
  // The server's own credentials come from the standard chain, as on a real deployment.
  Object.assign(process.env, { AWS_ENDPOINT_URL: server.endpoint, AWS_ACCESS_KEY_ID: consoleAccount.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: consoleAccount.credentials.secretAccessKey });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = savedEnv;
  await server.close();
});

describe("the console acting through a role in the student's account", () => {
  it("builds, checks and tears down a lab step in the role's account with temporary credentials, reused while they are valid", { timeout: 60_000 }, async () => {
    const externalId = newExternalId();
    const roleArn = await createConsoleRole(externalId);
    const userId = studentAccount.userId;
    const credentials = roleCredentials(userId, { roleArn, externalId }, "us-east-1", 3);
    const first = await credentials();
    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(first.sessionToken).toBeTruthy();
    expect(await credentials()).toBe(first);

    const clients = buildClients("real", { region: "us-east-1", credentials }, { userId, labId: "vpc-peering", runId: "run-role" });
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(studentAccount.accountId);
    expect(identity.Arn).toMatch(new RegExp(`^arn:aws:sts::${studentAccount.accountId}:assumed-role/VpcLabConsole/vpclab-`));
    await doLabStep(clients, "vpc-peering", "vpcs");
    const studentEc2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: studentAccount.credentials });
    const made = (await studentEc2.send(new DescribeVpcsCommand({}))).Vpcs!.filter((vpc) => !vpc.IsDefault);
    expect(made.length).toBeGreaterThanOrEqual(1);
    const consoleEc2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: consoleAccount.credentials });
    expect((await consoleEc2.send(new DescribeVpcsCommand({}))).Vpcs!.filter((vpc) => !vpc.IsDefault)).toEqual([]);
    expect((await checkLab(clients, "vpc-peering")).results.vpcs.done).toBe(true);

    const report = await teardownLab(clients, "vpc-peering");
    expect(report.left).toEqual([]);
    expect((await studentEc2.send(new DescribeVpcsCommand({}))).Vpcs!.filter((vpc) => !vpc.IsDefault)).toEqual([]);
    forgetRoleCredentials(userId);
  });

  it("a role that does not trust the console's account with this external id gives STS's AccessDenied", async () => {
    const roleArn = `arn:aws:iam::${studentAccount.accountId}:role/VpcLabConsole`;
    const credentials = roleCredentials("someone-else", { roleArn, externalId: newExternalId() }, "us-east-1", 1);
    await expect(credentials()).rejects.toMatchObject({
      name: "AccessDenied",
      message: `User: arn:aws:iam::${consoleAccount.accountId}:user/lab-user is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    });
  });
});
