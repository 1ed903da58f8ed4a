/**
 * Several app processes on one PostgreSQL database, no sticky sessions: two sandbox processes
 * (scripts/sandbox-process.ts), driven through the AWS SDK as a client behind a load balancer is.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { CreateSecurityGroupCommand, CreateTagsCommand, CreateVpcCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { openFreshTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { ensureSandboxAccount } from "./accounts";
import type { SandboxChange } from "./core/state-store";
import { createTestUser } from "./testing";

const ROOT = path.resolve(__dirname, "../..");

interface SandboxProcess {
  endpoint: string;
  changes: SandboxChange[];
  child: ChildProcess;
}

function startProcess(databaseUrl: string): Promise<SandboxProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/sandbox-process.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, VPCLAB_SANDBOX_DELAYS: "none", NODE_ENV: "test" },
  });
  const changes: SandboxChange[] = [];
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sandbox process exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line) as { port?: number; change?: SandboxChange };
      if (message.change) changes.push(message.change);
      if (message.port) resolve({ endpoint: `http://127.0.0.1:${message.port}/aws`, changes, child });
    });
  });
}

type Credentials = { accessKeyId: string; secretAccessKey: string };

const ec2 = (server: SandboxProcess, credentials: Credentials) => new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials, maxAttempts: 1 });
const iam = (server: SandboxProcess, credentials: Credentials) => new IAMClient({ region: "us-east-1", endpoint: server.endpoint, credentials, maxAttempts: 1 });

async function newAccount(): Promise<Credentials> {
  return ensureSandboxAccount(await createTestUser());
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function errorName(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "no error",
    (error: Error) => error.name,
  );
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("two app processes on one PostgreSQL database", () => {
  let database: TestDatabase;
  let a: SandboxProcess;
  let b: SandboxProcess;

  beforeAll(async () => {
    database = await openFreshTestDatabase("postgres");
    const [{ name }] = await queryRows<{ name: string }>("select current_database() as name", []);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    [a, b] = await Promise.all([startProcess(url.toString()), startProcess(url.toString())]);
  }, 180_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill("SIGTERM");
    await database?.dispose();
  });

  it("serialises one account's calls racing through both: 50 CreateSecurityGroup and 50 CreateTags each, none lost, no error", async () => {
    const credentials = await newAccount();
    const vpcIds = await Promise.all(
      ["10.0.0.0/16", "10.1.0.0/16"].map(async (CidrBlock) => (await ec2(a, credentials).send(new CreateVpcCommand({ CidrBlock }))).Vpc!.VpcId!),
    );
    // A VPC takes at most 50 tags: each process tags one VPC, all in the one state document.
    const race = (server: SandboxProcess, side: string, tagged: string) =>
      Array.from({ length: 50 }, (_, n) => [
        ec2(server, credentials).send(new CreateSecurityGroupCommand({ GroupName: `${side}-${n}`, Description: side, VpcId: vpcIds[0] })),
        ec2(server, credentials).send(new CreateTagsCommand({ Resources: [tagged], Tags: [{ Key: `${side}-${n}`, Value: "x" }] })),
      ]).flat();
    const outcomes = await Promise.allSettled([...race(a, "a", vpcIds[0]), ...race(b, "b", vpcIds[1])]);
    expect(outcomes.filter((outcome) => outcome.status === "rejected").map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);

    const groups = (await ec2(b, credentials).send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcIds[0]] }] }))).SecurityGroups ?? [];
    expect(groups.filter((group) => group.GroupName !== "default")).toHaveLength(100);
    const described = (await ec2(a, credentials).send(new DescribeVpcsCommand({ VpcIds: vpcIds }))).Vpcs ?? [];
    expect(described.map((vpc) => vpc.Tags?.length)).toEqual([50, 50]);
  }, 180_000);

  it("shows a change made through one process to the next call through the other, and to its change listeners within 1 s", async () => {
    const credentials = await newAccount();
    const before = (await ec2(b, credentials).send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const { Vpc } = await ec2(a, credentials).send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    const made = Date.now();

    const after = (await ec2(b, credentials).send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(after.map((vpc) => vpc.VpcId)).toEqual([...before.map((vpc) => vpc.VpcId), Vpc!.VpcId]);
    const heard = await until(
      () => b.changes.some((change) => change.action === "CreateVpc"),
      (found) => found,
      5_000,
    );
    expect(heard).toBe(true);
    expect(Date.now() - made).toBeLessThan(1_000);
  }, 60_000);

  it("refuses an access key deleted through one process in the other within a second", async () => {
    const credentials = await newAccount();
    await iam(a, credentials).send(new CreateUserCommand({ UserName: "worker" }));
    const { AccessKey } = await iam(a, credentials).send(new CreateAccessKeyCommand({ UserName: "worker" }));
    const workerKey = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    // Process B has seen (and cached) the key.
    expect(await errorName(ec2(b, workerKey).send(new DescribeVpcsCommand({})))).not.toBe("AuthFailure");

    await iam(a, credentials).send(new DeleteAccessKeyCommand({ UserName: "worker", AccessKeyId: workerKey.accessKeyId }));
    const deleted = Date.now();
    const outcome = await until(
      () => errorName(ec2(b, workerKey).send(new DescribeVpcsCommand({}))),
      (name) => name === "AuthFailure",
      15_000,
    );
    expect(outcome).toBe("AuthFailure");
    expect(Date.now() - deleted).toBeLessThan(1_000);
  }, 60_000);
});
