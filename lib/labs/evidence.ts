/**
 * What the student did on the instances, read from the account's own records: the Instance
 * Connect terminal's journal (sandbox) and Run Command's history (SSM, on the sandbox and on real
 * AWS, where the console's terminal and its "Run test" go through SSM). Doing steps are done only
 * with such evidence, and a step's surprise is explained only after the student met it.
 */
import { type CommandInvocation, ListCommandInvocationsCommand, ListCommandsCommand } from "@aws-sdk/client-ssm";
import type { AwsClients } from "@/lib/aws/clients";
import { readSharedListing } from "@/lib/aws/shared-snapshot";
// The journal alone (state store only), not the terminal sessions and their hosts.

export interface StudentRun {
  via: "terminal" | "ssm";
  instanceId: string;
  at: number;
  command: string;
  output: string;
  exitCode: number;
}

export interface StudentRecords {
  /** Instance Connect sessions opened, oldest first. */
  sessions: Array<{ instanceId: string; at: number }>;
  /** Instance Connect refusals the student met, oldest first. */
  refusals: Array<{ instanceId: string; at: number; message: string }>;
  /** Commands run on instances, oldest first. */
  runs: StudentRun[];
}

/** What a step shows as proof: "you ran `ping -c 4 10.2.0.4` at 14:02: 0% loss". */
export interface StepEvidence {
  instanceId: string;
  at: string;
  command?: string;
  summary: string;
}

export const NO_RECORDS: StudentRecords = { sessions: [], refusals: [], runs: [] };

/** Invocations still to finish: time alone changes them (the demo's delays), no call of the student's. */
const UNFINISHED = new Set(["Pending", "InProgress", "Delayed", "Cancelling"]);

/** Run Command's history, read again only when SSM (or IAM) changed since the last read of it. */
function ssmRuns(clients: AwsClients, accountId: string): Promise<StudentRun[]> {
  return readSharedListing(clients, accountId, "ssm", "student-runs", () => listSsmRuns(clients));
}

async function listSsmRuns(clients: AwsClients): Promise<{ value: StudentRun[]; keep: boolean }> {
  const [commands, invocations] = await Promise.all([
    clients.ssm.send(new ListCommandsCommand({ MaxResults: 50 })),
    clients.ssm.send(new ListCommandInvocationsCommand({ MaxResults: 50, Details: true })),
  ]);
  const scripts = new Map((commands.Commands ?? []).map((command) => [command.CommandId, (command.Parameters?.commands ?? []).join("\n")]));
  const keep = !(invocations.CommandInvocations ?? []).some((invocation) => UNFINISHED.has(invocation.Status ?? ""));
  return { value: runsOf(invocations.CommandInvocations ?? [], scripts), keep };
}

function runsOf(invocations: CommandInvocation[], scripts: Map<string | undefined, string>): StudentRun[] {
  return invocations
    .filter((invocation) => invocation.Status === "Success" || invocation.Status === "Failed")
    .map((invocation) => ({
      via: "ssm" as const,
      instanceId: invocation.InstanceId ?? "",
      at: invocation.RequestedDateTime?.getTime() ?? 0,
      command: scripts.get(invocation.CommandId) ?? "",
      output: (invocation.CommandPlugins ?? []).map((plugin) => plugin.Output ?? "").join(""),
      exitCode: invocation.CommandPlugins?.[0]?.ResponseCode ?? (invocation.Status === "Success" ? 0 : 1),
    }));
}

/** The student's sessions and runs; an unreadable history counts as none (never a failed check). */
export async function readStudentRecords(clients: AwsClients, accountId: string): Promise<StudentRecords> {
  const [runs, journal] = await Promise.all([
    ssmRuns(clients, accountId).catch(() => [] as StudentRun[]),
    clients.sandbox ? clients.sandbox.journal(accountId, clients.region).catch(() => []) : Promise.resolve([]),
  ]);
  const terminal = journal.flatMap((entry) => (entry.kind === "command" ? [{ via: "terminal" as const, ...entry }] : []));
  const sessions = journal.flatMap((entry) => (entry.kind === "session-opened" ? [{ instanceId: entry.instanceId, at: entry.at }] : []));
  const refusals = journal.flatMap((entry) => (entry.kind === "session-refused" ? [{ instanceId: entry.instanceId, at: entry.at, message: entry.message }] : []));
  return { sessions, refusals, runs: [...runs, ...terminal].sort((a, b) => a.at - b.at) };
}

function clock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

function ranSummary(run: StudentRun, result: string): StepEvidence {
  const how = run.via === "terminal" ? "" : " with Run Command";
  return { instanceId: run.instanceId, at: new Date(run.at).toISOString(), command: run.command, summary: `You ran \`${run.command}\`${how} on ${run.instanceId} at ${clock(run.at)}: ${result}` };
}

const lastOf = <T>(items: T[]): T | undefined => items[items.length - 1];

function pingRuns(records: StudentRecords, fromInstanceId: string, toIp: string): Array<{ run: StudentRun; received: number; loss: string }> {
  const pattern = new RegExp(`(^|\\s)ping\\b[^\\n]*\\s${toIp.replace(/\./g, "\\.")}(\\s|$)`);
  return records.runs
    .filter((run) => run.instanceId === fromInstanceId && pattern.test(run.command))
    .map((run) => ({ run, received: Number(/(\d+) received/.exec(run.output)?.[1] ?? 0), loss: /(\d+(?:\.\d+)?)% packet loss/.exec(run.output)?.[1] ?? "100" }));
}

/** The last ping from the instance to the address that got replies. */
export function successfulPing(records: StudentRecords, fromInstanceId: string, toIp: string): StepEvidence | undefined {
  const ok = lastOf(pingRuns(records, fromInstanceId, toIp).filter((ping) => ping.received > 0));
  return ok && ranSummary(ok.run, `${ok.loss}% packet loss`);
}

/** A ping from the instance to the address that got no reply: the step's surprise, met. */
export function failedPing(records: StudentRecords, fromInstanceId: string, toIp: string): StepEvidence | undefined {
  const failed = lastOf(pingRuns(records, fromInstanceId, toIp).filter((ping) => ping.received === 0));
  return failed && ranSummary(failed.run, "no reply (100% packet loss)");
}

/** The last Instance Connect session opened to the instance (on real AWS: a terminal run through SSM). */
export function openedSession(records: StudentRecords, instanceId: string): StepEvidence | undefined {
  const session = lastOf(records.sessions.filter((candidate) => candidate.instanceId === instanceId));
  if (session) return { instanceId, at: new Date(session.at).toISOString(), summary: `You connected to ${instanceId} with EC2 Instance Connect at ${clock(session.at)}.` };
  const run = lastOf(records.runs.filter((candidate) => candidate.instanceId === instanceId && candidate.via === "ssm"));
  return run && { instanceId, at: new Date(run.at).toISOString(), summary: `You ran commands on ${instanceId} at ${clock(run.at)}.` };
}

/** An Instance Connect refusal the student met on the instance. */
export function refusedSession(records: StudentRecords, instanceId: string): StepEvidence | undefined {
  const refusal = lastOf(records.refusals.filter((candidate) => candidate.instanceId === instanceId));
  return refusal && { instanceId, at: new Date(refusal.at).toISOString(), summary: `EC2 Instance Connect refused ${instanceId} at ${clock(refusal.at)}: ${refusal.message}` };
}

/** `aws [--option [value]]… <service> `, anywhere a shell command can start. */
function awsCallPattern(services: string[]): RegExp {
  return new RegExp(`(^|[;&|\\n]\\s*)aws\\s+(?:--\\S+(?:\\s+[^-\\s]\\S*)?\\s+)*(${services.join("|")})\\s`);
}

/** The last `aws <service> …` call on the instance that succeeded (exit status 0). */
export function successfulAwsCall(records: StudentRecords, instanceId: string, services: string[]): StepEvidence | undefined {
  const pattern = awsCallPattern(services);
  const ok = lastOf(records.runs.filter((run) => run.instanceId === instanceId && run.exitCode === 0 && pattern.test(`${run.command} `)));
  return ok && ranSummary(ok, "it succeeded");
}

const AWS_S3_CALL = awsCallPattern(["s3", "s3api"]);

/** Whether a command names the bucket as the S3 CLI takes it: s3://BUCKET[/key] or --bucket BUCKET. */
function namesBucket(command: string, bucket: string): boolean {
  const name = bucket.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(s3://${name}(/|\\s|$)|--bucket(\\s+|=)${name}(\\s|$))`).test(command);
}

/** The last successful `aws s3 …`/`aws s3api …` call on the instance that named the bucket (listing all buckets does not count). */
export function successfulBucketCall(records: StudentRecords, instanceId: string, bucket: string): StepEvidence | undefined {
  const ok = lastOf(records.runs.filter((run) => run.instanceId === instanceId && run.exitCode === 0 && AWS_S3_CALL.test(`${run.command} `) && namesBucket(`${run.command} `, bucket)));
  return ok && ranSummary(ok, "it succeeded");
}

/**
 * The last `aws …` call on the instance, when it failed (e.g. "Unable to locate credentials"). A
 * failure the student got past (a later call succeeded) is history, not what is left to fix.
 */
export function failedAwsCall(records: StudentRecords, instanceId: string): StepEvidence | undefined {
  const last = lastOf(records.runs.filter((run) => run.instanceId === instanceId && /(^|\s)aws\s/.test(run.command)));
  return last && last.exitCode !== 0 ? ranSummary(last, lastLine(last.output)) : undefined;
}

/** What the command said last, without SSM's own trailer ("failed to run commands: exit status 253"). */
function lastLine(output: string): string {
  const lines = output.trim().split("\n").filter((line) => line.trim() && !/^failed to run commands|^-+ERROR-+$/.test(line.trim()));
  return lines.pop()?.trim() ?? "it failed";
}
