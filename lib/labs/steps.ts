/**
 * The shape of a lab: steps with instructions, a check (pure, over a LabSnapshot), a build
 * ("Do it for me", through the same SDK calls a student makes) and the resources each step
 * leaves in the account (what Reset and Tear down remove). Also: how the console tags what it
 * creates, and the rules that recognise a lab's VPCs when a student built them by hand.
 */
import type { IpPermission, Tag, Vpc } from "@aws-sdk/client-ec2";
import type { Hop, LabSnapshot } from "@/lib/analysis";
import { parseIpv4Cidr } from "@/lib/analysis/cidr";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients } from "@/lib/aws/clients";
import { buildLabSnapshot } from "@/lib/aws/snapshot";
import { LAB_TAG, ownedIds, ownedView } from "@/lib/aws/ownership";
import { readUntilVisible } from "@/lib/aws/just-created";
import { ownershipRuleOf, snapshotIds } from "@/lib/aws/owned-account";
import type { StepEvidence, StudentRecords } from "./evidence";

export type LabId = "vpc-peering" | "vpc-endpoints";

/**
 * Do-it-for-me names each thing's part in the lab with `vpclab:role` (the console adds the
 * ownership tags, `vpclab:lab` among them, to everything it creates). Checks never require tags.
 */
export { LAB_TAG };
export const ROLE_TAG = "vpclab:role";

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

export function labTagSpecifications(resourceType: string, lab: LabId, role: string, name: string) {
  return [
    {
      ResourceType: resourceType as never,
      Tags: [
        { Key: "Name", Value: name },
        { Key: LAB_TAG, Value: lab },
        { Key: ROLE_TAG, Value: role },
      ],
    },
  ];
}

/** What the account holds besides the snapshot, read by `gatherLabFacts` (Lab 2 only). */
export interface LabFacts {
  /** Access keys of the account's IAM users (ListUsers + ListAccessKeys). */
  accessKeys?: Array<{ userName: string; accessKeyId: string; status: string }>;
  /** The lab bucket's object keys, or why the console could not list them (e.g. AccessDenied after Lab 2 Step 6). */
  objects?: { bucket: string; keys: string[] } | { bucket: string; error: string };
}

/** A troubleshooting moment the student has just met, with the analysis verdict that explains it. */
export interface TroubleshootingMoment {
  title: string;
  /** Why this happens, for the student (static text of the step). */
  explanation: string;
  /** What the analysis found, with ids. */
  verdict: string;
  fix?: string;
  /** What the student saw (CLI output, console message), as AWS words it. */
  output?: string;
  hops?: Hop[];
}

export interface CheckResult {
  done: boolean;
  /** Precise sentences naming ids and CIDRs: what is missing or wrong (or, when done, what was found). */
  findings: string[];
  moment?: TroubleshootingMoment;
  /** For a doing step: what the student did that shows it done (or, not done, the failure they met). */
  evidence?: StepEvidence;
}

export interface DoItReport {
  created: string[];
  /** Things do-it-for-me leaves to the student, or found already in place. */
  notes: string[];
}

/** One resource (or piece of configuration) of a lab, with the step that builds it. */
export type LabItem =
  | { kind: "security-group-rule"; id: string; groupId: string; permission: IpPermission; step: number }
  | { kind: "endpoint-policy"; id: string; step: number }
  | { kind: "endpoint-route-table"; id: string; endpointId: string; routeTableId: string; step: number }
  | { kind: "elastic-ip"; id: string; associationId?: string; step: number }
  | { kind: "instance"; id: string; step: number }
  | { kind: "vpc-endpoint"; id: string; step: number }
  /** `viaInstanceId`: an instance whose S3 traffic goes through the endpoint, for when the console is locked out. */
  | { kind: "bucket-policy"; id: string; viaInstanceId?: string; step: number }
  | { kind: "bucket"; id: string; step: number }
  | { kind: "route"; id: string; routeTableId: string; destination: string; step: number }
  | { kind: "peering-connection"; id: string; step: number }
  | { kind: "route-table"; id: string; associationIds: string[]; step: number }
  | { kind: "subnet"; id: string; step: number }
  | { kind: "network-acl"; id: string; step: number }
  | { kind: "internet-gateway"; id: string; attachedVpcIds: string[]; step: number }
  | { kind: "security-group"; id: string; step: number }
  | { kind: "vpc"; id: string; step: number };

export interface StepContext {
  snapshot: LabSnapshot;
  facts: LabFacts;
  /** What the student ran and opened on the instances (absent: nothing known, as for a pure check). */
  records?: StudentRecords;
}

/**
 * A step done by the student's own doing (connect, ping, use the CLI): its check says the account
 * is ready, its evidence says the student did it. Its surprise is explained once they met it.
 */
export interface DoingStep {
  /** What is left to do while there is no evidence, in one sentence. */
  nextAction: string;
  /** The student's run that shows the step done. */
  evidence(context: StepContext): StepEvidence | undefined;
  /** The failure the step is built on, if the student met it. */
  metFailure?(context: StepContext): StepEvidence | undefined;
}

export interface LabStep {
  id: string;
  title: string;
  /** Short instructions, from the student's point of view. */
  instructions: string[];
  /** What "done" means, in one sentence. */
  doneMeans: string;
  /** The step's troubleshooting moment, if it has one. */
  troubleshooting?: { title: string; explanation: string };
  check(context: StepContext): Promise<CheckResult>;
  /** Idempotent: creates only what is missing. */
  doIt(clients: AwsClients): Promise<DoItReport>;
  /** Set for steps the student does on an instance rather than builds. */
  doing?: DoingStep;
  /** For the write-up: what exists after the step, and the route table or policy that matters. */
  evidence(context: StepContext): { summary: string; config: string };
}

export interface LabDefinition {
  id: LabId;
  title: string;
  steps: LabStep[];
  /** Everything of the lab in the account, each with the step that builds it. */
  inventory(context: StepContext): LabItem[];
  /** Lab 2 reads access keys and the bucket's objects; Lab 1 needs nothing beyond the snapshot. */
  needsFacts: boolean;
}

// ---------------------------------------------------------------- which VPCs are the lab's

/** Live (not deleted) peering states: the ones that tie two VPCs into Lab 1. */
const LIVE_PEERING = new Set(["initiating-request", "pending-acceptance", "provisioning", "active", "failed"]);

function cidrOrder(a: Vpc, b: Vpc): number {
  const left = parseIpv4Cidr(a.CidrBlock ?? "0.0.0.0/0");
  const right = parseIpv4Cidr(b.CidrBlock ?? "0.0.0.0/0");
  return left.network - right.network || (a.VpcId ?? "").localeCompare(b.VpcId ?? "");
}

export interface LabVpcs {
  lab1: { vpc1?: Vpc; vpc2?: Vpc };
  lab2: { vpc?: Vpc };
}

function s3GatewayEndpointVpcs(snapshot: LabSnapshot): Set<string> {
  const service = `com.amazonaws.${snapshot.region}.s3`;
  return new Set(
    snapshot.vpcEndpoints
      .filter((endpoint) => endpoint.ServiceName === service && endpoint.VpcEndpointType === "Gateway" && !/^deleted|deleting$/i.test(endpoint.State ?? ""))
      .flatMap((endpoint) => (endpoint.VpcId ? [endpoint.VpcId] : [])),
  );
}

function peeredPair(snapshot: LabSnapshot, free: (id: string | undefined) => boolean, known?: string): [string, string] | undefined {
  const live = snapshot.peeringConnections.filter((pcx) => LIVE_PEERING.has(pcx.Status?.Code ?? ""));
  // Active connections first: a failed attempt next to a working one is not the pair.
  live.sort((a, b) => Number(b.Status?.Code === "active") - Number(a.Status?.Code === "active"));
  for (const pcx of live) {
    const requester = pcx.RequesterVpcInfo?.VpcId;
    const accepter = pcx.AccepterVpcInfo?.VpcId;
    if (!requester || !accepter || requester === accepter) continue;
    const fits = known ? (requester === known && free(accepter)) || (accepter === known && free(requester)) : free(requester) && free(accepter);
    if (fits) return [requester, accepter];
  }
  return undefined;
}

/**
 * Which VPCs belong to which lab. The rules, in order (checks never require tags):
 * 1. Tags: `vpclab:lab` = vpc-peering / vpc-endpoints with `vpclab:role` = vpc-1 / vpc-2 / vpc
 *    (do-it-for-me's). A VPC the console created in a lab (`vpclab:lab` without a role) is that
 *    lab's: Lab 2's outright, Lab 1's to fill its places by the rules below.
 * 2. Lab 2's VPC: an untagged non-default VPC with a gateway endpoint for S3.
 * 3. Lab 1's pair: two non-default VPCs joined by a live peering connection
 *    (the requester is VPC 1); with one VPC known, the VPC peered with it.
 * 4. Non-default VPCs left over go to the lab asked about (`forLab`), in CIDR order (Lab 1's
 *    own first), filling its empty places: a student who built by hand is checked against what they built.
 * The default VPC is never a lab's.
 */
export function identifyLabVpcs(snapshot: LabSnapshot, forLab: LabId): LabVpcs {
  const candidates = snapshot.vpcs.filter((vpc) => !vpc.IsDefault && vpc.State !== ("deleted" as never)).sort(cidrOrder);
  const byId = new Map(candidates.map((vpc) => [vpc.VpcId!, vpc]));
  const labOf = (vpc: Vpc | undefined) => tagValue(vpc?.Tags, LAB_TAG);
  const lab1Own = (vpc: Vpc | undefined) => labOf(vpc) === "vpc-peering" && !tagValue(vpc?.Tags, ROLE_TAG);
  const claimed = new Set(candidates.filter((vpc) => labOf(vpc) && !lab1Own(vpc)).map((vpc) => vpc.VpcId!));
  const tagged = (lab: LabId, role: string) => candidates.find((vpc) => labOf(vpc) === lab && tagValue(vpc.Tags, ROLE_TAG) === role);
  const result: LabVpcs = {
    lab1: { vpc1: tagged("vpc-peering", "vpc-1"), vpc2: tagged("vpc-peering", "vpc-2") },
    lab2: { vpc: tagged("vpc-endpoints", "vpc") ?? candidates.find((vpc) => labOf(vpc) === "vpc-endpoints") },
  };
  for (const vpc of [result.lab1.vpc1, result.lab1.vpc2]) if (vpc) claimed.add(vpc.VpcId!);
  const free = (id: string | undefined) => Boolean(id && byId.has(id) && !claimed.has(id));
  const freeForLab2 = (id: string | undefined) => free(id) && !lab1Own(byId.get(id!));

  if (!result.lab2.vpc) {
    const withEndpoint = candidates.find((vpc) => s3GatewayEndpointVpcs(snapshot).has(vpc.VpcId!) && freeForLab2(vpc.VpcId));
    if (withEndpoint) {
      result.lab2.vpc = withEndpoint;
      claimed.add(withEndpoint.VpcId!);
    }
  }
  fillLab1FromPeering(snapshot, result, byId, free, claimed);
  fillInCidrOrder(candidates.filter((vpc) => forLab === "vpc-peering" || !lab1Own(vpc)), result, forLab, claimed, lab1Own);
  return result;
}

function fillLab1FromPeering(snapshot: LabSnapshot, result: LabVpcs, byId: Map<string, Vpc>, free: (id: string | undefined) => boolean, claimed: Set<string>) {
  const { vpc1, vpc2 } = result.lab1;
  if (vpc1 && vpc2) return;
  const known = vpc1?.VpcId ?? vpc2?.VpcId;
  const pair = peeredPair(snapshot, free, known);
  if (!pair) return;
  if (!known) {
    result.lab1 = { vpc1: byId.get(pair[0]), vpc2: byId.get(pair[1]) };
  } else {
    const other = pair[0] === known ? pair[1] : pair[0];
    if (vpc1) result.lab1.vpc2 = byId.get(other);
    else result.lab1.vpc1 = byId.get(other);
  }
  for (const id of pair) claimed.add(id);
}

function fillInCidrOrder(candidates: Vpc[], result: LabVpcs, forLab: LabId, claimed: Set<string>, lab1Own: (vpc: Vpc) => boolean) {
  const unclaimed = candidates.filter((vpc) => !claimed.has(vpc.VpcId!)).sort((a, b) => Number(lab1Own(b)) - Number(lab1Own(a)));
  if (forLab === "vpc-endpoints") {
    result.lab2.vpc ??= unclaimed[0];
    return;
  }
  if (!result.lab1.vpc1) result.lab1.vpc1 = unclaimed.shift();
  if (!result.lab1.vpc2) result.lab1.vpc2 = unclaimed.shift();
}

// ---------------------------------------------------------------- small shared readers

export function displayName(tags: Tag[] | undefined, id: string): string {
  const name = tagValue(tags, "Name");
  return name ? `${id} (${name})` : id;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value, with backoff (fast on the sandbox, patient on AWS). */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 5_000)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(wait);
  }
}

// ---------------------------------------------------------------- reading the account

const accountIds = new WeakMap<object, Promise<string>>();

/** The account id behind these clients (one STS call per clients object). */
export function accountIdOf(clients: AwsClients): Promise<string> {
  let known = accountIds.get(clients);
  if (!known) {
    known = clients.sts.send(new GetCallerIdentityCommand({})).then((identity) => identity.Account!);
    known.catch(() => accountIds.delete(clients));
    accountIds.set(clients, known);
  }
  return known;
}

/**
 * The account as the Describe and List calls show it, as far as the console may change it (see
 * lib/aws/ownership.ts): the whole sandbox account, or what the console created on real AWS.
 * Waits (a few seconds at most) for what these clients just created to be listed. IAM
 * identities only when a lab needs them; buckets unless the reader needs only the network.
 */
export async function readSnapshot(clients: AwsClients, withIdentities = false, { buckets = true }: { buckets?: boolean } = {}): Promise<LabSnapshot> {
  const accountId = await accountIdOf(clients);
  const read = () =>
    buildLabSnapshot({ ec2: clients.ec2, s3: buckets ? clients.s3 : undefined, iam: withIdentities ? clients.iam : undefined, region: clients.region }, { accountId, region: clients.region });
  const snapshot = await readUntilVisible(clients.justCreated, read, snapshotIds);
  return ownedView(snapshot, ownedIds(snapshot, await ownershipRuleOf(clients)));
}

/** Do-it-for-me cannot do this step yet (an earlier step is missing, or the student must act). */
export class LabStepError extends Error {
  readonly code = "LabStepNotReady";
}
