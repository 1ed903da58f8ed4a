/**
 * Real AWS clients other than the AWS CLI against the sandbox: Debian's Ansible (amazon.aws and
 * community.aws, unmodified) and boto3, run as child processes with a clean environment signed as
 * a sandbox account. For the client suites (clients/*.test.ts) and the benchmark.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DescribeAddressesCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, DescribeVpcPeeringConnectionsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";

/** Debian's ansible-playbook (package `ansible`); its modules run on Debian's python3 with python3-boto3. */
export const ANSIBLE_PLAYBOOK = process.env.ANSIBLE_PLAYBOOK_PATH || "/usr/bin/ansible-playbook";
/** Debian's python3, which has python3-boto3 (not a pyenv or virtualenv python first on PATH). */
export const CLIENT_PYTHON = process.env.CLIENT_PYTHON_PATH || "/usr/bin/python3";

export const ANSIBLE_DIR = path.join(__dirname, "ansible");

export interface ClientCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

let clientHome: string | undefined;

/** An empty home folder, so no ~/.aws or ~/.ansible of the machine's user leaks into a run. */
function emptyHome(): string {
  if (!clientHome || !fs.existsSync(clientHome)) clientHome = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-clients-"));
  return clientHome;
}

/** Environment variables for a client run. */
export type ClientEnv = Record<string, string>;

/** The whole environment of a client run (nothing inherited): the account's keys, us-east-1, no config files. */
export function clientEnv(credentials: ClientCredentials, endpoint: string): ClientEnv {
  const home = emptyHome();
  return {
    PATH: "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: path.join(home, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    VPCLAB_ENDPOINT: endpoint,
  };
}

/** Ansible settings for a quiet, deterministic local run whose result is one JSON document. */
const ANSIBLE_SETTINGS = {
  ANSIBLE_STDOUT_CALLBACK: "ansible.posix.json",
  ANSIBLE_RETRY_FILES_ENABLED: "false",
  ANSIBLE_NOCOWS: "1",
  ANSIBLE_FORCE_COLOR: "0",
  ANSIBLE_LOCALHOST_WARNING: "false",
  ANSIBLE_INVENTORY_UNPARSED_WARNING: "false",
  ANSIBLE_DEPRECATION_WARNINGS: "false",
  ANSIBLE_PYTHON_INTERPRETER: CLIENT_PYTHON,
  ANSIBLE_PIPELINING: "true",
};

export interface PlaybookRun {
  code: number;
  /** PLAY RECAP's counts for localhost. */
  stats: { ok: number; changed: number; failures: number; unreachable: number; skipped: number };
  /** "task name: message" for each failed task (or loop item), with the AWS error code when there is one. */
  failures: string[];
  /** Names of the tasks (or loop items) that reported a change. */
  changedTasks: string[];
  stderr: string;
  seconds: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function describeResult(task: string, result: Json): string {
  const code = result.error?.code ? ` [${result.error.code}]` : "";
  const item = result.item === undefined ? "" : ` (item ${JSON.stringify(result._ansible_item_label ?? result.item)})`;
  return `${task}${item}: ${String(result.msg ?? result.module_stderr ?? "failed").slice(0, 600)}${code}`;
}

function summarise(output: Json): Pick<PlaybookRun, "stats" | "failures" | "changedTasks"> {
  const failures: string[] = [];
  const changedTasks: string[] = [];
  for (const play of output.plays ?? []) {
    for (const { task, hosts } of play.tasks ?? []) {
      const result = hosts?.localhost;
      if (!result) continue;
      const items: Json[] = Array.isArray(result.results) ? result.results : [result];
      for (const item of items) {
        if (item.failed && !item.ignore_errors) failures.push(describeResult(task.name, item));
        if (item.changed) changedTasks.push(item.item === undefined ? task.name : `${task.name} (item ${JSON.stringify(item._ansible_item_label ?? item.item)})`);
      }
    }
  }
  const stats = output.stats?.localhost ?? { ok: 0, changed: 0, failures: 0, unreachable: 0, skipped: 0 };
  return { stats, failures, changedTasks };
}

/** Runs clients/ansible/<playbook> against `endpoint` as the account; never rejects. */
export function runPlaybook(playbook: string, credentials: ClientCredentials, endpoint: string, extraVars: Record<string, string> = {}): Promise<PlaybookRun> {
  const args = [path.join(ANSIBLE_DIR, playbook), "-i", "localhost,", "-e", `aws_endpoint_url=${endpoint}`, ...Object.entries(extraVars).flatMap(([key, value]) => ["-e", `${key}=${value}`])];
  const env: ClientEnv = { ...clientEnv(credentials, endpoint), ...ANSIBLE_SETTINGS };
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(ANSIBLE_PLAYBOOK, args, { env: env as NodeJS.ProcessEnv, cwd: ANSIBLE_DIR, timeout: 15 * 60_000, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const seconds = (performance.now() - started) / 1000;
      let output: Json;
      try {
        output = JSON.parse(String(stdout));
      } catch {
        resolve({ code, stats: { ok: 0, changed: 0, failures: 1, unreachable: 0, skipped: 0 }, failures: [`no JSON result: ${String(stdout).slice(0, 2000)}`], changedTasks: [], stderr: String(stderr), seconds });
        return;
      }
      resolve({ code, ...summarise(output), stderr: String(stderr), seconds });
    });
  });
}

/** Why a run failed, readable in a test failure. */
export function runReport(run: PlaybookRun): string {
  return [`exit ${run.code}`, ...run.failures, run.stderr.trim().slice(0, 2000)].filter(Boolean).join("\n");
}

/**
 * What the account still holds beyond what AWS gives every account (the default VPC and its
 * parts): VPCs, live instances, Elastic IPs, peering connections and endpoints not deleted,
 * security groups other than the default ones, buckets.
 */
export async function accountLeftovers(ec2: EC2Client, s3: S3Client): Promise<string[]> {
  const [vpcs, reservations, addresses, peerings, endpoints, groups, buckets] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({})),
    ec2.send(new DescribeInstancesCommand({})),
    ec2.send(new DescribeAddressesCommand({})),
    ec2.send(new DescribeVpcPeeringConnectionsCommand({})),
    ec2.send(new DescribeVpcEndpointsCommand({})),
    ec2.send(new DescribeSecurityGroupsCommand({})),
    s3.send(new ListBucketsCommand({})),
  ]);
  const gone = new Set(["deleted", "rejected", "failed", "expired"]);
  return [
    ...(vpcs.Vpcs ?? []).filter((vpc) => !vpc.IsDefault).map((vpc) => `vpc ${vpc.VpcId}`),
    ...(reservations.Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== "terminated").map((i) => `instance ${i.InstanceId} (${i.State?.Name})`),
    ...(addresses.Addresses ?? []).map((address) => `address ${address.AllocationId}`),
    ...(peerings.VpcPeeringConnections ?? []).filter((p) => !gone.has(p.Status?.Code ?? "")).map((p) => `peering ${p.VpcPeeringConnectionId} (${p.Status?.Code})`),
    ...(endpoints.VpcEndpoints ?? []).filter((e) => !["deleted", "deleting"].includes(String(e.State).toLowerCase())).map((e) => `endpoint ${e.VpcEndpointId}`),
    ...(groups.SecurityGroups ?? []).filter((g) => g.GroupName !== "default").map((g) => `security group ${g.GroupId}`),
    ...(buckets.Buckets ?? []).map((bucket) => `bucket ${bucket.Name}`),
  ];
}
