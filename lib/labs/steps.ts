/**
 * The shape of a lab: steps with instructions, a check (pure, over a LabSnapshot), a build
 * ("Do it for me", through the same SDK calls a student makes) and the resources each step
 * leaves in the account (what Reset and Tear down remove). Also: how the console tags what it
 * creates, and the rules that recognise a lab's VPCs when a student built them by hand.
 */
import type { IpPermission, Tag } from "@aws-sdk/client-ec2";
import type { Hop, LabSnapshot } from "@/lib/analysis";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients } from "@/lib/aws/clients";
import { buildLabSnapshot } from "@/lib/aws/snapshot";
import { LAB_TAG, ownedIds, ownedView } from "@/lib/aws/ownership";
import { readUntilVisible } from "@/lib/aws/just-created";
import { ownershipRuleOf, snapshotIds } from "@/lib/aws/owned-account";
import type { StepEvidence, StudentRecords } from "./evidence";
import { type LabId, ROLE_TAG } from "./lab-vpcs";
export type { LabId };

/**
 * Do-it-for-me names each thing's part in the lab with `vpclab:role` (the console adds the
 * ownership tags, `vpclab:lab` among them, to everything it creates). Checks never require tags.
 */
export { LAB_TAG };
export { ROLE_TAG };

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

export function emptyReport(): DoItReport {
  return { created: [], notes: [] };
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
  /**
   * Later steps whose work turns this step's check false on purpose (Lab 2's bucket policy shuts the
   * instance's S3 call out until the endpoint route lets it back in). Once one of them is done, the
   * check failing is where the lab stands, not work to redo: Reset to step N does not rebuild the step for it.
   */
  undoneBy?: string[];
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

export { identifyLabVpcs, otherLabVpcIds, type LabVpcs } from "./lab-vpcs";

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
