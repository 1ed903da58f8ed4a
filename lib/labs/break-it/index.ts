/**
 * Break it: a fault applied to a student's completed lab, the student's fix checked by the analysis
 * (any change that makes the test pass counts), hop-by-hop help held back until asked and counted.
 * `applyFault` is "Challenge me" for one student; `applyFaultToMany` is an instructor's round for
 * a class. See docs/break-it.md.
 */
import { ModifyVpcEndpointCommand } from "@aws-sdk/client-ec2";
import { type AwsClients, clientsForUser } from "@/lib/aws/clients";
import { announceClassroomChange } from "@/lib/classroom/events";
import { gatherLabFacts, labDefinition } from "@/lib/labs/check";
import { readLockedPolicies } from "@/lib/labs/locked-policy";
import { lab2Endpoint } from "@/lib/labs/lab2/resources";
import type { LabId, StepContext } from "@/lib/labs/steps";
import { readSnapshot } from "@/lib/labs/read-account";
import { type Fault, type FaultId, faultById, FaultNotApplicableError, faultsOfLab, symptomFor } from "./catalog";
import { type LabTestId, type LabTestOutcome, runLabTest } from "./lab-tests";
import { countHelpRequest, type LabFaultRow, latestFaultOf, markFixed, type NewLabFault, openFaultOf, openFaultsOf, recordFaults, secondsToFix } from "./records";

export { FAULTS, type Fault, type FaultId, faultById, faultsOfLab, isFaultId } from "./catalog";
export { closeOpenFaults } from "./records";
export type { LabTestId, LabTestOutcome } from "./lab-tests";

/** What the student's console shows of a challenge: the symptom, never the fault, until it is fixed. */
export interface ChallengeView {
  id: number;
  labId: string;
  symptom: string;
  test: string;
  appliedAt: string;
  /** "self" when the student started it; otherwise an instructor did. */
  appliedBy: "self" | "instructor";
  helpRequests: number;
  fixed: boolean;
  fixedAt?: string;
  secondsToFix?: number;
  /** Ended by a reset or teardown rather than a fix. */
  closedBy?: string;
  /** Told once fixed: what the fault had changed. */
  whatBroke?: string;
}

export class FaultRefusedError extends Error {
  constructor(
    readonly code: "ChallengeInProgress" | "LabNotWorking" | "FaultNotApplicable" | "NoChallenge",
    message: string,
  ) {
    super(message);
  }
}

export function challengeView(row: LabFaultRow): ChallengeView {
  const fault = faultById(row.faultId as FaultId);
  return {
    id: row.id,
    labId: row.labId,
    symptom: row.change.symptom ?? fault.symptom,
    test: fault.test,
    appliedAt: row.appliedAt.toISOString(),
    appliedBy: row.appliedBy === row.userId ? "self" : "instructor",
    helpRequests: row.helpRequests,
    fixed: Boolean(row.fixedAt),
    fixedAt: row.fixedAt?.toISOString(),
    secondsToFix: secondsToFix(row),
    closedBy: row.closedBy ?? undefined,
    whatBroke: row.closedAt ? row.change.summary : undefined,
  };
}

/**
 * Only a lab with an S3 test reads the account's way to S3: buckets, VPC endpoints, prefix lists. A
 * Lab 1 fault and its tests (a ping between private addresses, SSH from Instance Connect's range)
 * judge the network alone, where no route to a prefix list can match.
 */
function readsS3(labId: LabId): boolean {
  return faultsOfLab(labId).some((fault) => fault.test === "s3");
}

/** The account as a fault and its test read it: the snapshot and (Lab 2) the access keys; no student records. */
async function readForFault(clients: AwsClients, labId: LabId): Promise<StepContext> {
  const lab = labDefinition(labId);
  const snapshot = await readSnapshot(clients, lab.needsFacts, { s3: readsS3(labId) });
  if (lab.needsFacts) await readLockedPolicies(clients, snapshot);
  return { snapshot, facts: await gatherLabFacts(clients, lab, snapshot) };
}

/**
 * Lab 2 ends (Step 8) with the endpoint policy denying the instance on purpose; a challenge starts
 * from the working lab of Step 7, so that policy goes back to full access first (ResetPolicy).
 */
async function bringToWorkingState(clients: AwsClients, labId: LabId, context: StepContext): Promise<StepContext> {
  if (labId !== "vpc-endpoints") return context;
  const outcome = await runLabTest("s3", context);
  const endpoint = lab2Endpoint(context.snapshot);
  if (outcome.passing || outcome.blockedAt?.componentType !== "vpc-endpoint" || !endpoint?.VpcEndpointId) return context;
  await clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint.VpcEndpointId, ResetPolicy: true }));
  return readForFault(clients, labId);
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export type FaultChoice = FaultId | "random";

/** Tries the chosen fault, or (random) the lab's faults in a random order until one applies. */
async function breakLab(clients: AwsClients, labId: LabId, choice: FaultChoice, context: StepContext, random: () => number): Promise<{ fault: Fault; change: NewLabFault["change"] }> {
  const candidates = choice === "random" ? shuffled(faultsOfLab(labId), random) : [faultById(choice)];
  // Several faults share a test (four of Lab 1's break the ping): each test is judged once on this read.
  const judged = new Map<LabTestId, Promise<LabTestOutcome>>();
  const judge = (test: LabTestId) => judged.get(test) ?? judged.set(test, runLabTest(test, context)).get(test)!;
  let refusal: Error | undefined;
  for (const fault of candidates) {
    if (fault.labId !== labId) throw new FaultRefusedError("FaultNotApplicable", `${fault.title} is a fault of ${labDefinition(fault.labId).title}, not ${labDefinition(labId).title}.`);
    const before = await judge(fault.test);
    if (!before.passing) {
      refusal = new FaultRefusedError("LabNotWorking", `The lab must work before it can be broken: ${before.what} fails now (${before.explanation}).`);
      continue;
    }
    try {
      const change = await fault.apply(clients, context.snapshot);
      return { fault, change: { ...change, symptom: symptomFor(fault, context.snapshot) } };
    } catch (error) {
      if (!(error instanceof FaultNotApplicableError)) throw error;
      refusal = new FaultRefusedError("FaultNotApplicable", error.message);
    }
  }
  throw refusal!;
}

export interface FaultTarget {
  userId: string;
  /** The student's clients; built with `clientsForUser` when absent. */
  clients?: AwsClients;
}

export interface ApplyOptions {
  labId: LabId;
  fault: FaultChoice;
  /** The user applying it: the student ("Challenge me") or an instructor. */
  appliedBy: string;
  random?: () => number;
}

/** Breaks one lab and returns the row to record (not yet written). */
async function breakOne(target: FaultTarget, options: ApplyOptions): Promise<NewLabFault> {
  const clients = target.clients ?? (await clientsForUser(target.userId, { labId: options.labId }));
  const context = await bringToWorkingState(clients, options.labId, await readForFault(clients, options.labId));
  const { fault, change } = await breakLab(clients, options.labId, options.fault, context, options.random ?? Math.random);
  return { userId: target.userId, labId: options.labId, faultId: fault.id, appliedBy: options.appliedBy, appliedAt: new Date(), change };
}

/** "Challenge me": applies a fault to one student's working lab and records it. */
export async function applyFault(target: FaultTarget, options: ApplyOptions): Promise<ChallengeView> {
  if (await openFaultOf(target.userId, options.labId)) throw new FaultRefusedError("ChallengeInProgress", "A challenge is already open on this lab: fix it (or reset the lab) first.");
  const [row] = await recordFaults([await breakOne(target, options)]);
  announceClassroomChange(target.userId);
  return challengeView(row);
}

export type ApplyManyOutcome = { userId: string; ok: true; challenge: ChallengeView; faultId: FaultId } | { userId: string; ok: false; error: { code: string; message: string } };

export interface ApplyManyOptions extends ApplyOptions {
  /** Labs broken at once. The work is mostly the sandbox's and the SDK's CPU, so more only adds memory. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 8;

function refusalOf(error: unknown): { code: string; message: string } {
  if (error instanceof FaultRefusedError) return { code: error.code, message: error.message };
  const { code, name, message } = error as Error & { code?: unknown };
  return { code: typeof code === "string" ? code : name || "Error", message };
}

/**
 * An instructor's round: one fault (or a random one each) on many students' labs. The labs are
 * broken `concurrency` at a time (each is one read of its account, judged once per test, and one
 * change), and the records are written in one statement. A student whose lab does not work, or who
 * is already in a challenge, is reported and left alone.
 */
export async function applyFaultToMany(targets: FaultTarget[], options: ApplyManyOptions): Promise<ApplyManyOutcome[]> {
  const open = await openFaultsOf(
    targets.map((target) => target.userId),
    options.labId,
  );
  const outcomes = new Map<string, ApplyManyOutcome>();
  const rows: NewLabFault[] = [];
  const queue = targets.filter((target) => {
    if (!open.has(target.userId)) return true;
    outcomes.set(target.userId, { userId: target.userId, ok: false, error: { code: "ChallengeInProgress", message: "A challenge is already open on this lab." } });
    return false;
  });
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      try {
        rows.push(await breakOne(target, options));
      } catch (error) {
        outcomes.set(target.userId, { userId: target.userId, ok: false, error: refusalOf(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));
  for (const row of await recordFaults(rows)) outcomes.set(row.userId, { userId: row.userId, ok: true, challenge: challengeView(row), faultId: row.faultId as FaultId });
  return targets.map((target) => outcomes.get(target.userId)!);
}

export interface FixCheck {
  challenge: ChallengeView;
  /** The test as it is now: passing once fixed. Its hops are held back until the student asks. */
  test: Pick<LabTestOutcome, "test" | "passing" | "what">;
}

async function requireOpen(userId: string, labId: LabId): Promise<{ row: LabFaultRow; fault: Fault }> {
  const row = await openFaultOf(userId, labId);
  if (!row) throw new FaultRefusedError("NoChallenge", "There is no open challenge on this lab.");
  return { row, fault: faultById(row.faultId as FaultId) };
}

/** "I fixed it" (and Check my work): the fault's test, judged by the analysis on the account as it is now. */
export async function checkFaultFix(userId: string, clients: AwsClients, labId: LabId): Promise<FixCheck> {
  const { row, fault } = await requireOpen(userId, labId);
  const outcome = await runLabTest(fault.test, await readForFault(clients, labId));
  const test = { test: outcome.test, passing: outcome.passing, what: outcome.what };
  if (!outcome.passing) return { challenge: challengeView(row), test };
  const marked = await markFixed(row.id);
  // The class board shows who fixed it and how fast.
  if (marked) announceClassroomChange(userId);
  const fixed = marked ?? (await latestFaultOf(userId, labId))!;
  return { challenge: challengeView(fixed), test };
}

/** "Show me where it breaks": the analysis' hop-by-hop walk of the failing test; each ask is counted. */
export async function showWhereItBreaks(userId: string, clients: AwsClients, labId: LabId): Promise<{ challenge: ChallengeView; outcome: LabTestOutcome }> {
  const { row, fault } = await requireOpen(userId, labId);
  const outcome = await runLabTest(fault.test, await readForFault(clients, labId));
  const counted = (await countHelpRequest(row.id)) ?? row;
  announceClassroomChange(userId);
  return { challenge: challengeView(counted), outcome };
}

/** The lab's current or last challenge, for the console. */
export async function currentChallenge(userId: string, labId: LabId): Promise<ChallengeView | undefined> {
  const row = await latestFaultOf(userId, labId);
  return row ? challengeView(row) : undefined;
}

/** What the Break it panel shows: the lab's open (or last) challenge. */
export interface ChallengeState {
  challenge: ChallengeView | null;
  /** The lab's faults, for a student who wants to choose (it tells them what breaks). */
  choices: Array<{ id: string; title: string }>;
}

export async function challengeState(userId: string, labId: LabId): Promise<ChallengeState> {
  return { challenge: (await currentChallenge(userId, labId)) ?? null, choices: faultsOfLab(labId).map(({ id, title }) => ({ id, title })) };
}
