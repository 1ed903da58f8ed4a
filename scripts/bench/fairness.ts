/**
 * Fairness on the product path: the console's own server (`tsx server.ts`, production build, as
 * `npm run demo` runs it). Tenant B calls DescribeVpcs one call after another, first on an idle
 * server, then while tenant A sends its worst: the largest bodies (8 MiB S3 objects, 1 MiB Query
 * forms), the most security group rules (1,000 ranges a call), the largest host files (SSM commands
 * appending 60 KB lines) and 1,000 parallel calls. B's p99 must stay ≤ 50 ms and its p50 within 2×
 * of the idle figure. The machine's load average is reported with the figures: on a machine busy
 * with other work the figures say less.
 */
import http from "node:http";
import os from "node:os";
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type SandboxAccountKeys, startConsoleServer } from "./support/console-server";
import { type BenchResult, percentile, result } from "./types";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";

const IDLE_CALLS = 300;
const LOADED_SECONDS = 20;
const PARALLEL_CALLS = 1_000;
const P99_TARGET_MS = 50;
const P50_RATIO_TARGET = 2;

interface Clients {
  ec2: EC2Client;
  s3: S3Client;
  ssm: SSMClient;
}

function clientsFor(endpoint: string, keys: SandboxAccountKeys, maxSockets: number): Clients {
  const requestHandler = new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets }), requestTimeout: 120_000 });
  const config = { endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1, requestHandler };
  return { ec2: new EC2Client(config), s3: new S3Client({ ...config, forcePathStyle: true }), ssm: new SSMClient(config) };
}

/** B's DescribeVpcs latencies, one call after another, until `until()` says stop. */
async function describeLatencies(ec2: EC2Client, until: (count: number) => boolean): Promise<number[]> {
  const samples: number[] = [];
  while (!until(samples.length)) {
    const started = performance.now();
    await ec2.send(new DescribeVpcsCommand({}));
    samples.push(performance.now() - started);
  }
  return samples;
}

/** A's instance in its default VPC, for its SSM commands. */
async function prepareAttacker(clients: Clients, bucket: string): Promise<{ instanceId: string; groupId: string }> {
  const subnets = await clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }));
  const run = await clients.ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", MinCount: 1, MaxCount: 1, SubnetId: subnets.Subnets![0].SubnetId! }));
  const groupId = (await clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: "many-rules", Description: "fairness" }))).GroupId!;
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { instanceId: run.Instances![0].InstanceId!, groupId };
}

/** Swallows the refusals a fixed server gives (quotas, caps): the attack is the sending. */
function attempt(call: Promise<unknown>): Promise<void> {
  return call.then(
    () => undefined,
    () => undefined,
  );
}

let rangeCounter = 0;

function manyRanges(count: number): { CidrIp: string }[] {
  return Array.from({ length: count }, () => {
    const n = rangeCounter++;
    return { CidrIp: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/32` };
  });
}

/** One round of A's worst: every kind at once, and 1,000 parallel calls. */
function attackRound(clients: Clients, target: { instanceId: string; groupId: string; bucket: string }, round: number): Promise<void>[] {
  const bigLine = `echo ${"x".repeat(60_000)} >> /tmp/big`;
  const bigForm = Array.from({ length: 20 }, (_, i) => ({ Name: "tag:Name", Values: [`${i}${"v".repeat(50_000)}`] }));
  return [
    attempt(clients.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: `big-${round}`, Body: Buffer.alloc(8 * 1024 * 1024, 0x61) }))),
    attempt(clients.ec2.send(new DescribeVpcsCommand({ Filters: bigForm }))),
    attempt(clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: target.groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: manyRanges(1_000) }] }))),
    attempt(clients.ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [target.instanceId], Parameters: { commands: Array.from({ length: 20 }, () => bigLine) } }))),
    ...Array.from({ length: PARALLEL_CALLS }, () => attempt(clients.ec2.send(new DescribeVpcsCommand({})))),
  ];
}

/** A attacks in rounds (each waits for the last) until `seconds` have passed. */
async function attackFor(clients: Clients, target: { instanceId: string; groupId: string; bucket: string }, seconds: number): Promise<number> {
  const endAt = performance.now() + seconds * 1000;
  let rounds = 0;
  while (performance.now() < endAt) await Promise.all(attackRound(clients, target, rounds++));
  return rounds;
}

export default async function fairnessBench(): Promise<BenchResult[]> {
  const { server, students } = await startConsoleServer({ students: 2 });
  try {
    const endpoint = `${server.url}/aws`;
    const [keysA, keysB] = students;
    const attacker = clientsFor(endpoint, keysA, PARALLEL_CALLS + 10);
    const victim = clientsFor(endpoint, keysB, 1);
    await describeLatencies(victim.ec2, (count) => count >= 50); // warm-up
    const idle = await describeLatencies(victim.ec2, (count) => count >= IDLE_CALLS);
    const target = { ...(await prepareAttacker(attacker, `fairness-${keysA.accountId}`)), bucket: `fairness-${keysA.accountId}` };
    let attacking = true;
    const attack = attackFor(attacker, target, LOADED_SECONDS).finally(() => (attacking = false));
    const loaded = await describeLatencies(victim.ec2, () => !attacking);
    const rounds = await attack;
    const load = os.loadavg()[0];
    const idleP50 = percentile(idle, 50);
    const loadedP50 = percentile(loaded, 50);
    console.error(`  fairness: ${rounds} attack rounds; B idle p50 ${idleP50.toFixed(1)} ms, loaded p50 ${loadedP50.toFixed(1)} ms, p99 ${percentile(loaded, 99).toFixed(1)} ms over ${loaded.length} calls; load average ${load.toFixed(2)} on ${os.cpus().length} cores`);
    return [
      result("fairness: tenant B DescribeVpcs p50, idle server", idleP50, "ms", P99_TARGET_MS),
      result("fairness: tenant B DescribeVpcs p99 while tenant A sends its worst", percentile(loaded, 99), "ms", P99_TARGET_MS),
      result("fairness: tenant B DescribeVpcs p50 under attack ÷ idle p50", loadedP50 / idleP50, "×", P50_RATIO_TARGET),
    ];
  } finally {
    server.stop();
  }
}
