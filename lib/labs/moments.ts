/**
 * The write-up's moments, found in what a check reads: the student's terminal and Run Command
 * history (refusals, sessions, commands with their exact output) and the account itself (the
 * bucket the console can no longer read, the endpoint's prefix-list route). Pure: the store
 * (moment-store.ts) draws the diagram and keeps each moment once per lab run.
 */
import { analyzePacketPath, indexSnapshot } from "@/lib/analysis";
import { highlightForVerdict } from "@/lib/topology/highlight";
import type { Highlight } from "@/lib/topology/types";
import type { StudentRecords, StudentRun } from "./evidence";
import { lab1Resources } from "./lab1/resources";
import { lab2Bucket, lab2Side } from "./lab2/resources";
import type { LabDefinition, StepContext } from "./steps";

export type MomentKind =
  | "connect-refused"
  | "connected"
  | "ping-failed"
  | "ping-succeeded"
  | "cli-no-credentials"
  | "cli-works"
  | "bucket-listed"
  | "object-uploaded"
  | "bucket-locked"
  | "access-denied"
  | "endpoint-route"
  | "endpoint-policy-deny"
  | "pinned";

export interface DetectedMoment {
  /** One per kind and run: capture is idempotent on it. */
  key: string;
  kind: MomentKind;
  /** The step whose table or policy explains the moment. */
  stepId: string;
  title: string;
  at: Date;
  command?: string;
  output: string;
  detail: string;
  highlight?: Highlight;
}

const first = <T>(items: T[]): T | undefined => items[0];

/** The records from `since` on: a moment belongs to the run it happened in. */
export function recordsSince(records: StudentRecords, since: number): StudentRecords {
  const after = <T extends { at: number }>(items: T[]) => items.filter((item) => item.at >= since);
  return { sessions: after(records.sessions), refusals: after(records.refusals), runs: after(records.runs) };
}

function stepDetail(lab: LabDefinition, stepId: string, context: StepContext): string {
  const evidence = lab.steps.find((step) => step.id === stepId)?.evidence(context);
  if (!evidence) return "";
  return evidence.config && evidence.config !== evidence.summary ? `${evidence.summary}\n\n${evidence.config}` : evidence.summary;
}

function fromRun(run: StudentRun, kind: MomentKind, stepId: string, title: string): Omit<DetectedMoment, "detail"> {
  return { key: kind, kind, stepId, title, at: new Date(run.at), command: run.command, output: run.output };
}

function connectMoments(records: StudentRecords, instanceId: string | undefined, privateIp: string | undefined): Array<Omit<DetectedMoment, "detail">> {
  if (!instanceId) return [];
  const found: Array<Omit<DetectedMoment, "detail">> = [];
  const refusal = first(records.refusals.filter((candidate) => candidate.instanceId === instanceId));
  if (refusal) found.push({ key: "connect-refused", kind: "connect-refused", stepId: "connect", title: "EC2 Instance Connect refused", at: new Date(refusal.at), output: `Failed to connect to your instance\n${refusal.message}` });
  const session = first(records.sessions.filter((candidate) => candidate.instanceId === instanceId && (!refusal || candidate.at >= refusal.at)));
  if (session) {
    const prompt = privateIp ? `[ec2-user@ip-${privateIp.replace(/\./g, "-")} ~]$` : "[ec2-user ~]$";
    found.push({ key: "connected", kind: "connected", stepId: "connect", title: "Connected with EC2 Instance Connect", at: new Date(session.at), output: `Connected to ${instanceId}\n${prompt}` });
  }
  return found;
}

const PING_TO = (ip: string) => new RegExp(`(^|\\s)ping\\b[^\\n]*\\s${ip.replace(/\./g, "\\.")}(\\s|$)`);
const received = (run: StudentRun) => Number(/(\d+) received/.exec(run.output)?.[1] ?? 0);

function lab1Moments(context: StepContext, records: StudentRecords): Array<Omit<DetectedMoment, "detail">> {
  const { side1, side2 } = lab1Resources(context.snapshot);
  const from = side1.instance?.InstanceId;
  const found = connectMoments(records, from, side1.instance?.PrivateIpAddress);
  const toIp = side2.instance?.PrivateIpAddress;
  if (!from || !toIp) return found;
  const pings = records.runs.filter((run) => run.instanceId === from && PING_TO(toIp).test(run.command));
  const failed = first(pings.filter((run) => received(run) === 0));
  const succeeded = first(pings.filter((run) => received(run) > 0 && (!failed || run.at >= failed.at)));
  // The analysis only when there is a ping to draw: every check of the lab passes here.
  const path = failed || succeeded ? pathHighlight(context, from, side2.instance?.InstanceId) : undefined;
  if (failed) found.push({ ...fromRun(failed, "ping-failed", "ping", "The ping got no answer (100% packet loss)"), highlight: path });
  if (succeeded) found.push({ ...fromRun(succeeded, "ping-succeeded", "ping", "The ping got its replies"), highlight: path });
  return found;
}

/** The ping's path as the diagram paints it now: green end to end, or the blocking hop red. */
function pathHighlight(context: StepContext, from: string, to: string | undefined): Highlight | undefined {
  if (!to) return undefined;
  try {
    return highlightForVerdict(analyzePacketPath(indexSnapshot(context.snapshot), { from: { instanceId: from }, to: { instanceId: to }, protocol: "icmp" }));
  } catch {
    return undefined;
  }
}

const AWS_CALL = /(^|[;&|\n]\s*)aws\s/;
const S3_CALL = /(^|[;&|\n]\s*)aws\s+(?:--\S+(?:\s+[^-\s]\S*)?\s+)*(s3|s3api)\s/;

function lab2RunMoments(runs: StudentRun[], bucket: string | undefined): Array<Omit<DetectedMoment, "detail">> {
  const found: Array<Omit<DetectedMoment, "detail">> = [];
  const aws = runs.filter((run) => AWS_CALL.test(run.command));
  const noCredentials = first(aws.filter((run) => run.exitCode !== 0 && /Unable to locate credentials/.test(run.output)));
  if (noCredentials) found.push(fromRun(noCredentials, "cli-no-credentials", "access-keys", "The CLI had no credentials yet"));
  const works = first(aws.filter((run) => run.exitCode === 0 && !/\baws\s+configure\b/.test(run.command) && (!noCredentials || run.at >= noCredentials.at)));
  if (works) found.push(fromRun(works, "cli-works", "access-keys", "The CLI answered with my access key"));
  const s3 = aws.filter((run) => S3_CALL.test(`${run.command} `) && (!bucket || run.command.includes(bucket)));
  const listed = first(s3.filter((run) => run.exitCode === 0 && /\bls\b|list-objects/.test(run.command)));
  if (listed) found.push(fromRun(listed, "bucket-listed", "s3-over-internet", "Listing the bucket from the instance"));
  const uploaded = first(s3.filter((run) => run.exitCode === 0 && /\s(cp|mv|put-object)\s/.test(` ${run.command} `)));
  if (uploaded) found.push(fromRun(uploaded, "object-uploaded", "s3-over-internet", "Uploading an object from the instance"));
  const denied = s3.filter((run) => run.exitCode !== 0 && /AccessDenied/.test(run.output));
  const byBucketPolicy = first(denied.filter((run) => !/VPC endpoint policy/.test(run.output)));
  if (byBucketPolicy) found.push(fromRun(byBucketPolicy, "access-denied", "bucket-policy", "AccessDenied from the instance"));
  const byEndpointPolicy = first(denied.filter((run) => /VPC endpoint policy/.test(run.output)));
  if (byEndpointPolicy) found.push(fromRun(byEndpointPolicy, "endpoint-policy-deny", "endpoint-policy", "The endpoint policy denied the instance"));
  return found;
}

/** Moments read from the account as it is now: they happen when the check sees them. */
function lab2AccountMoments(context: StepContext, now: Date): Array<Omit<DetectedMoment, "detail">> {
  const found: Array<Omit<DetectedMoment, "detail">> = [];
  const bucket = lab2Bucket(context.snapshot);
  const objects = context.facts.objects;
  const consoleDenied = objects && "error" in objects && /AccessDenied/.test(objects.error) ? objects.error : bucket?.policyError === "AccessDenied" ? `AccessDenied reading the policy of ${bucket.name}` : undefined;
  if (bucket && consoleDenied) found.push({ key: "bucket-locked", kind: "bucket-locked", stepId: "bucket-policy", title: "Bucket policy saved: the console is locked out", at: now, output: `Listing ${bucket.name} from the console:\n${consoleDenied}` });
  const table = lab2Side(context.snapshot).routeTable;
  const route = table?.Routes?.find((candidate) => candidate.DestinationPrefixListId && candidate.GatewayId?.startsWith("vpce-"));
  if (route) found.push({ key: "endpoint-route", kind: "endpoint-route", stepId: "endpoint-route", title: "The endpoint's route was added", at: now, output: `${table?.RouteTableId}: ${route.DestinationPrefixListId} -> ${route.GatewayId} (${route.State ?? "active"})` });
  return found;
}

function lab2Moments(context: StepContext, records: StudentRecords, now: Date): Array<Omit<DetectedMoment, "detail">> {
  const side = lab2Side(context.snapshot);
  const instanceId = side.instance?.InstanceId;
  const runs = records.runs.filter((run) => run.instanceId === instanceId);
  return [...connectMoments(records, instanceId, side.instance?.PrivateIpAddress), ...lab2RunMoments(runs, lab2Bucket(context.snapshot)?.name), ...lab2AccountMoments(context, now)];
}

/**
 * The lab's moments in what the check read, oldest first, each with the step's table or policy as it
 * stands now. `since` is when the run started: what happened before belongs to an earlier run.
 */
export function detectMoments(lab: LabDefinition, context: StepContext, since: number, now = new Date()): DetectedMoment[] {
  const records = recordsSince(context.records ?? { sessions: [], refusals: [], runs: [] }, since);
  const found = lab.id === "vpc-peering" ? lab1Moments(context, records) : lab2Moments(context, records, now);
  return found.map((moment) => ({ ...moment, detail: stepDetail(lab, moment.stepId, context) })).sort((a, b) => a.at.getTime() - b.at.getTime());
}
