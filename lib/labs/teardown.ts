/**
 * Reset to step N and Tear down: remove a lab's items in dependency order (AWS refuses
 * out-of-order deletes with DependencyViolation), retrying DependencyViolation with backoff.
 * Every run starts from a fresh snapshot, so a run that failed halfway is finished by the next.
 */
import {
  DeleteInternetGatewayCommand,
  DeleteNetworkAclCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeInstancesCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  DisassociateRouteTableCommand,
  type EC2Client,
  ModifyVpcEndpointCommand,
  ReleaseAddressCommand,
  RevokeSecurityGroupIngressCommand,
  TerminateInstancesCommand,
  waitUntilInstanceTerminated,
} from "@aws-sdk/client-ec2";
import { DeleteBucketCommand, DeleteBucketPolicyCommand, DeleteObjectCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import type { AwsClients } from "@/lib/aws/clients";
import { checkLab, labDefinition, type LabCheck, type StepsReopenedAt } from "./check";
import { readLockedPolicies } from "./locked-policy";
import { runShellOnInstance, shellQuote } from "./shell-on-instance";
import type { CheckResult, DoItReport, LabDefinition, LabId, LabItem, LabStep } from "./steps";
import { readSnapshot } from "./read-account";
import { sleep } from "./poll";

export interface TeardownReport {
  deleted: string[];
  left: Array<{ id: string; reason: string }>;
}

export interface ResetReport extends TeardownReport {
  /** What the earlier steps' do-it-for-me had to rebuild. */
  built: DoItReport;
}

type ItemKind = LabItem["kind"];

/**
 * What must be gone before a kind of item can go: AWS refuses the delete with DependencyViolation
 * otherwise, or the removal needs it (a console locked out of the bucket removes its policy from the
 * instance, through the endpoint, so the endpoint's policy, the instance and its way out stay until
 * then). Kinds with no path between them are removed at the same time.
 */
const REMOVED_AFTER: Record<ItemKind, ItemKind[]> = {
  "security-group-rule": [],
  "endpoint-policy": [],
  "bucket-policy": ["endpoint-policy"],
  "endpoint-route-table": ["bucket-policy"],
  "elastic-ip": ["bucket-policy"],
  instance: ["bucket-policy", "elastic-ip"],
  "vpc-endpoint": ["bucket-policy", "endpoint-policy", "endpoint-route-table"],
  bucket: ["bucket-policy"],
  route: [],
  "peering-connection": ["route"],
  "route-table": ["instance", "vpc-endpoint", "endpoint-route-table", "route"],
  subnet: ["instance", "vpc-endpoint"],
  "network-acl": ["subnet"],
  "internet-gateway": ["instance", "elastic-ip"],
  "security-group": ["instance", "vpc-endpoint", "security-group-rule"],
  vpc: ["security-group-rule", "endpoint-policy", "vpc-endpoint", "route-table", "subnet", "network-acl", "internet-gateway", "security-group", "peering-connection", "instance"],
};

/** How many removals must happen one after the other before a kind can go, counting only kinds present. */
function levelOf(kind: ItemKind, present: Set<ItemKind>): number {
  return Math.max(0, ...REMOVED_AFTER[kind].map((before) => levelOf(before, present) + (present.has(before) ? 1 : 0)));
}

/** The items in groups removed one after the other; the items of a group at the same time. */
export function removalLevels(items: LabItem[]): LabItem[][] {
  const present = new Set(items.map((item) => item.kind));
  const levels: LabItem[][] = [];
  for (const item of items) (levels[levelOf(item.kind, present)] ??= []).push(item);
  return levels.filter(Boolean);
}

/** Errors that mean the thing is already gone: the goal of a delete is met. */
const ALREADY_GONE = /\.NotFound$|^NoSuchBucket$|^NoSuchBucketPolicy$|^InvalidAssociationID\.NotFound$|^Gateway\.NotAttached$/;

function errorCode(error: unknown): string {
  return (error as { name?: string })?.name ?? "Error";
}

export interface RemoveOptions {
  /** Attempts for DependencyViolation (AWS releases dependencies a little after a delete). */
  attempts?: number;
  backoffMs?: number;
}

async function withRetry(work: () => Promise<unknown>, options: Required<RemoveOptions>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      if (ALREADY_GONE.test(errorCode(error))) return;
      if (errorCode(error) !== "DependencyViolation" || attempt >= options.attempts) throw error;
      await sleep(options.backoffMs * 2 ** (attempt - 1));
    }
  }
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    await Promise.all((page.Contents ?? []).map((object) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key! }))));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/**
 * An IAM user (the console's identity, on AWS and in the sandbox) is denied even DeleteBucketPolicy
 * by Lab 2's policy unless the request comes through the endpoint. The account's root user never is
 * (S3's lock-out safeguard): the sandbox console acts as root for this. On a real account it holds no
 * root key, so the lab's instance, whose S3 traffic goes through the endpoint, removes the policy with
 * the CLI the student configured on it.
 */
async function deleteBucketPolicy(clients: AwsClients, bucket: string, viaInstanceId: string | undefined): Promise<void> {
  const remove = new DeleteBucketPolicyCommand({ Bucket: bucket });
  try {
    await clients.s3.send(remove);
    return;
  } catch (error) {
    if (errorCode(error) !== "AccessDenied") throw error;
    if (clients.accountRootS3) return void (await (await clients.accountRootS3()).send(remove));
    if (!viaInstanceId) throw lockedOut(error, "sign in to the AWS console as the account's root user and delete the bucket policy");
    const shell = await runShellOnInstance(clients.ssm, viaInstanceId, [`aws s3api delete-bucket-policy --bucket ${shellQuote(bucket)}`]);
    if (shell.exitCode !== 0) throw lockedOut(error, `from ${viaInstanceId} through the endpoint: ${(shell.stderr || shell.stdout).trim()}`);
  }
}

function lockedOut(error: unknown, detail: string): Error {
  return Object.assign(new Error(`${(error as Error).message} (${detail})`), { name: "AccessDenied" });
}

async function detachAndDeleteGateway(ec2: EC2Client, id: string, vpcIds: string[]): Promise<void> {
  for (const vpcId of vpcIds) {
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId })).catch((error: unknown) => {
      if (!ALREADY_GONE.test(errorCode(error))) throw error;
    });
  }
  await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id }));
}

async function releaseAddress(ec2: EC2Client, allocationId: string, associationId: string | undefined): Promise<void> {
  if (associationId) {
    await ec2.send(new DisassociateAddressCommand({ AssociationId: associationId })).catch((error: unknown) => {
      if (!ALREADY_GONE.test(errorCode(error))) throw error;
    });
  }
  await ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));
}

async function deleteRouteTable(ec2: EC2Client, id: string, associationIds: string[]): Promise<void> {
  for (const associationId of associationIds) {
    await ec2.send(new DisassociateRouteTableCommand({ AssociationId: associationId })).catch((error: unknown) => {
      if (!ALREADY_GONE.test(errorCode(error))) throw error;
    });
  }
  await ec2.send(new DeleteRouteTableCommand({ RouteTableId: id }));
}

/** The AWS calls that remove one item (instances are only asked to terminate; the stage waits). */
function removal(clients: AwsClients, item: LabItem): () => Promise<unknown> {
  const { ec2, s3 } = clients;
  switch (item.kind) {
    case "security-group-rule":
      return () => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: item.groupId, IpPermissions: [item.permission] }));
    case "endpoint-policy":
      return () => ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: item.id, ResetPolicy: true }));
    case "endpoint-route-table":
      return () => ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: item.endpointId, RemoveRouteTableIds: [item.routeTableId] }));
    case "elastic-ip":
      return () => releaseAddress(ec2, item.id, item.associationId);
    case "instance":
      return () => ec2.send(new TerminateInstancesCommand({ InstanceIds: [item.id] }));
    case "vpc-endpoint":
      return async () => {
        const result = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [item.id] }));
        const failure = result.Unsuccessful?.[0]?.Error;
        if (failure && !ALREADY_GONE.test(failure.Code ?? "")) throw Object.assign(new Error(failure.Message ?? failure.Code), { name: failure.Code });
      };
    case "bucket-policy":
      return () => deleteBucketPolicy(clients, item.id, item.viaInstanceId);
    case "bucket":
      return () => emptyAndDeleteBucket(s3, item.id);
    case "route":
      return () => ec2.send(new DeleteRouteCommand({ RouteTableId: item.routeTableId, DestinationCidrBlock: item.destination }));
    case "peering-connection":
      return () => ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: item.id }));
    case "route-table":
      return () => deleteRouteTable(ec2, item.id, item.associationIds);
    case "subnet":
      return () => ec2.send(new DeleteSubnetCommand({ SubnetId: item.id }));
    case "network-acl":
      return () => ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: item.id }));
    case "internet-gateway":
      return () => detachAndDeleteGateway(ec2, item.id, item.attachedVpcIds);
    case "security-group":
      return () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: item.id }));
    case "vpc":
      return () => ec2.send(new DeleteVpcCommand({ VpcId: item.id }));
  }
}

/**
 * Terminated instances keep their network interfaces and security groups in use until they are
 * gone: wait (the SDK's waiter; the first poll is immediate) before deleting groups and subnets.
 */
async function waitTerminated(ec2: EC2Client, instanceIds: string[]): Promise<void> {
  // A filter, not InstanceIds: an instance no longer listed at all is gone (InstanceIds would answer NotFound).
  const input = { Filters: [{ Name: "instance-id", Values: instanceIds }] };
  const described = await ec2.send(new DescribeInstancesCommand(input));
  const states = (described.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []).map((instance) => instance.State?.Name);
  if (states.every((state) => state === "terminated")) return;
  await waitUntilInstanceTerminated({ client: ec2, minDelay: 2, maxDelay: 15, maxWaitTime: 600 }, input);
}

function failureReason(error: unknown): string {
  const message = (error as { message?: string })?.message;
  return message ? `${errorCode(error)}: ${message}` : errorCode(error);
}

/** A removal under way: instances asked to terminate are waited for only when a later stage needs them gone. */
interface RemovalProgress extends TeardownReport {
  terminating: string[];
}

async function removeLevel(clients: AwsClients, items: LabItem[], options: Required<RemoveOptions>, report: RemovalProgress): Promise<boolean> {
  const outcomes = await Promise.all(
    items.map(async (item) => {
      try {
        await withRetry(removal(clients, item), options);
        return { item, error: undefined as unknown };
      } catch (error) {
        return { item, error: error as unknown };
      }
    }),
  );
  for (const { item, error } of outcomes) {
    if (error) report.left.push({ id: item.id, reason: failureReason(error) });
    else if (item.kind === "instance") report.terminating.push(item.id);
    else report.deleted.push(item.id);
  }
  return outcomes.every(({ error }) => !error);
}

/** What a terminating instance holds until it is gone: its network interface (subnet, groups, the VPC) and public address (the gateway). */
const HELD_BY_INSTANCES = new Set<LabItem["kind"]>(["subnet", "security-group", "network-acl", "internet-gateway", "route-table", "vpc"]);

/** Waits for the instances asked to terminate; those that do not get there are left, with the reason. */
async function finishTerminations(clients: AwsClients, report: RemovalProgress): Promise<boolean> {
  const ids = report.terminating.splice(0);
  if (!ids.length) return true;
  try {
    await waitTerminated(clients.ec2, ids);
    report.deleted.push(...ids);
    return true;
  } catch (error) {
    const reason = `InstanceNotTerminated: did not reach terminated: ${failureReason((error as { result?: { reason?: unknown } }).result?.reason ?? error)}`;
    report.left.push(...ids.map((id) => ({ id, reason })));
    return false;
  }
}

/**
 * Removes the items stage by stage. When a stage leaves something behind, later stages would
 * only meet DependencyViolation, so they are reported as not attempted; a retry finishes the job.
 */
export async function removeItems(clients: AwsClients, items: LabItem[], options: RemoveOptions = {}): Promise<TeardownReport> {
  // Up to about 15 s for AWS to release what a delete just freed (network interfaces of terminated instances, endpoint routes).
  const settings = { attempts: options.attempts ?? 6, backoffMs: options.backoffMs ?? 500 };
  const report: RemovalProgress = { deleted: [], left: [], terminating: [] };
  const levels = removalLevels(items);
  for (let index = 0; index < levels.length; index++) {
    const levelItems = levels[index];
    const ready = !levelItems.some((item) => HELD_BY_INSTANCES.has(item.kind)) || (await finishTerminations(clients, report));
    const complete = ready && (await removeLevel(clients, levelItems, settings, report));
    if (!complete) {
      const blocked = report.left.map((entry) => entry.id).join(", ");
      report.left.push(...levels.slice(index + 1).flat().map((item) => ({ id: item.id, reason: `not attempted: ${blocked} must be removed first` })));
      break;
    }
  }
  // Nothing later needs them gone (a reset to the instances' step): terminating is as AWS leaves them, and they are listed so until then.
  const { terminating, ...done } = report;
  return { ...done, deleted: [...done.deleted, ...terminating] };
}

/**
 * The inventory reads the snapshot (no IAM identities, no bucket listing: less to read, less to
 * fail), and a bucket policy that locks the console out the ways AWS leaves open, so Lab 2's
 * bucket is recognised by the endpoint its policy names whatever the student called it.
 */
async function labItems(clients: AwsClients, lab: LabDefinition): Promise<LabItem[]> {
  const snapshot = await readSnapshot(clients);
  if (lab.needsFacts) await readLockedPolicies(clients, snapshot);
  return lab.inventory({ snapshot, facts: {} });
}

/** After the stages: anything of the lab the account still lists is reported with its id, whatever the reason. */
async function reportWhatIsLeft(clients: AwsClients, lab: LabDefinition, report: TeardownReport): Promise<TeardownReport> {
  const reported = new Set(report.left.map((entry) => entry.id));
  const remaining = (await labItems(clients, lab)).filter((item) => !reported.has(item.id));
  report.left.push(...remaining.map((item) => ({ id: item.id, reason: "still in the account after the teardown" })));
  report.deleted = report.deleted.filter((id) => !remaining.some((item) => item.id === id));
  return report;
}

/**
 * Removes everything of the lab the console may change (lib/aws/ownership.ts: the whole sandbox
 * account's lab resources; on real AWS only what the console created), never the default VPC,
 * never the other lab's resources.
 */
export async function teardownLab(clients: AwsClients, labId: LabId, options?: RemoveOptions): Promise<TeardownReport> {
  const lab = labDefinition(labId);
  const report = await removeItems(clients, await labItems(clients, lab), options);
  return reportWhatIsLeft(clients, lab, report);
}

/** An earlier step is missing when its check fails, unless a step after it (and before the reset's) turned it false on purpose. */
function isMissing(step: LabStep, laterEarlierSteps: LabStep[], results: Record<string, CheckResult>): boolean {
  if (results[step.id]?.done) return false;
  return !laterEarlierSteps.some((later) => step.undoneBy?.includes(later.id) && results[later.id]?.done);
}

/**
 * Puts the lab at the start of step `stepNumber` (1-based): removes what that step and later ones
 * built, then runs do-it-for-me of the earlier steps the account no longer shows done (one read and
 * the pure checks decide; what earlier steps built is reused, nothing is waited for in vain).
 */
export interface ResetOutcome {
  report: ResetReport;
  /** The check made after the removal, when nothing had to be rebuilt since: the account is still as it saw it. */
  check?: LabCheck;
}

export async function resetLab(clients: AwsClients, labId: LabId, stepNumber: number, options?: RemoveOptions): Promise<ResetReport> {
  return (await resetLabWithCheck(clients, labId, stepNumber, options)).report;
}

/**
 * Reset to step N, and the check it made on the way when it still holds: the caller records the
 * lab's state from it instead of reading and judging the account again. `reopenedAt` (the steps
 * the reset reopens) makes that check judge the reopened steps' evidence as the caller would.
 */
export async function resetLabWithCheck(
  clients: AwsClients,
  labId: LabId,
  stepNumber: number,
  options: RemoveOptions & { reopenedAt?: StepsReopenedAt } = {},
): Promise<ResetOutcome> {
  const lab = labDefinition(labId);
  if (!Number.isInteger(stepNumber) || stepNumber < 1 || stepNumber > lab.steps.length) throw new RangeError(`Step ${stepNumber} is not a step of ${lab.title}.`);
  const items = (await labItems(clients, lab)).filter((item) => item.step >= stepNumber);
  const removed = await removeItems(clients, items, options);
  const built: DoItReport = { created: [], notes: [] };
  if (removed.left.length) return { report: { ...removed, built } };
  const earlier = lab.steps.slice(0, stepNumber - 1);
  if (!earlier.length) return { report: { ...removed, built } };
  const check = await checkLab(clients, labId, options.reopenedAt);
  // Once one earlier step is missing, the later ones are rebuilt on top of it, in order.
  const firstMissing = earlier.findIndex((step, index) => isMissing(step, earlier.slice(index + 1), check.results));
  if (firstMissing < 0) return { report: { ...removed, built }, check };
  for (const step of earlier.slice(firstMissing)) {
    const report = await step.doIt(clients);
    built.created.push(...report.created);
    built.notes.push(...report.notes);
  }
  return { report: { ...removed, built } };
}
