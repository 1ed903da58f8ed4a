/**
 * The shape of a lab: steps with instructions, a check (pure, over a LabSnapshot), a build
 * ("Do it for me", through the same SDK calls a student makes) and the resources each step
 * leaves in the account (what Reset and Tear down remove). Types only, besides the report and
 * error a build returns or throws: how the console tags what it creates is `tags.ts`, which VPCs
 * are a lab's `lab-vpcs.ts`, reading the account `read-account.ts`, waiting on AWS `poll.ts`.
 */
import type { IpPermission } from "@aws-sdk/client-ec2";
import type { Hop, LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import type { StepEvidence, StudentRecords } from "./evidence";
import type { LabId } from "./lab-id";
export type { LabId };

/** What the account holds besides the snapshot, read by `gatherLabFacts` (Lab 2 only). */
export interface LabFacts {
  /** Access keys of the account's IAM users (ListUsers + ListAccessKeys). */
  accessKeys?: Array<{ userName: string; accessKeyId: string; status: string; /** ISO time (ListAccessKeys' CreateDate). */ createdAt?: string }>;
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
  /** The command `output` answers, when the analysis tells it rather than a run of the student's ("aws s3 ls s3://b on i-…"). */
  outputOf?: string;
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

/** Do-it-for-me cannot do this step yet (an earlier step is missing, or the student must act). */
export class LabStepError extends Error {
  readonly code = "LabStepNotReady";
}
