/**
 * "Check my work" and "Do it for me" for whole labs: read the account through the SDK and the
 * student's records (terminal journal, Run Command history), run each step's (pure) check.
 */
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { lab1 } from "./lab1";
import { lab2 } from "./lab2";
import { gatherLab2Facts } from "./lab2/facts";
import { noteCurrentStep } from "@/lib/classroom/recording";
import { loadLabProgress, recordCompletedSteps, saveStepRecord } from "./progress";
import { readLockedPolicies } from "./locked-policy";
import { readStudentRecords, type StepEvidence, type StudentRecords } from "./evidence";
import { captureMoments } from "./moment-store";
import type { CheckResult, DoItReport, LabDefinition, LabFacts, LabId, LabStep, StepContext, TroubleshootingMoment } from "./steps";
import { readSnapshot } from "./read-account";
import { nameIds } from "./resources";
import { accountIdOf } from "@/lib/aws/account-id";
import { accountReadVersion } from "@/lib/aws/shared-snapshot";

export const LAB_DEFINITIONS: Record<LabId, LabDefinition> = { "vpc-peering": withNamedEvidence(lab1), "vpc-endpoints": withNamedEvidence(lab2) };

/**
 * A step's evidence (the write-up's sentence for it) names the resources it mentions by id, as the
 * console does: "Peering connection VPC 1 <> VPC 2 (pcx-…): VPC 1 (vpc-…, 10.1.0.0/16) -> …".
 * The configuration beside it stays as the AWS console prints it.
 */
function withNamedEvidence(lab: LabDefinition): LabDefinition {
  return {
    ...lab,
    steps: lab.steps.map((step) => ({
      ...step,
      evidence: (context: StepContext) => {
        const evidence = step.evidence(context);
        return { ...evidence, summary: nameIds(evidence.summary, context.snapshot) };
      },
    })),
  };
}

export function isLabId(id: string): id is LabId {
  return Object.hasOwn(LAB_DEFINITIONS, id);
}

export function labDefinition(id: LabId): LabDefinition {
  return LAB_DEFINITIONS[id];
}

/** What the step rail shows of a lab: plain data, safe to send to the browser. */
export interface LabGuide {
  id: LabId;
  title: string;
  steps: Array<{ id: string; title: string; instructions: string[]; doneMeans: string; troubleshooting?: { title: string; explanation: string } }>;
}

export function labGuide(id: LabId): LabGuide {
  const lab = labDefinition(id);
  return {
    id,
    title: lab.title,
    steps: lab.steps.map(({ id: stepId, title, instructions, doneMeans, troubleshooting }) => ({ id: stepId, title, instructions, doneMeans, troubleshooting })),
  };
}

/** The facts beyond the snapshot a lab's checks read (Lab 2: access keys and the bucket's objects). */
export async function gatherLabFacts(clients: AwsClients, lab: LabDefinition, snapshot: LabSnapshot): Promise<LabFacts> {
  return lab.needsFacts ? gatherLab2Facts(clients, snapshot) : {};
}

async function readLabSnapshotWithFacts(clients: AwsClients, lab: LabDefinition): Promise<{ snapshot: LabSnapshot; facts: LabFacts }> {
  const snapshot = await readSnapshot(clients, lab.needsFacts);
  if (lab.needsFacts) await readLockedPolicies(clients, snapshot);
  return { snapshot, facts: await gatherLabFacts(clients, lab, snapshot) };
}

/** The account and the student's records, read at the same time (the records need only the account's id). */
export async function readLabContext(clients: AwsClients, lab: LabDefinition): Promise<StepContext> {
  const [{ snapshot, facts }, records] = await Promise.all([
    readLabSnapshotWithFacts(clients, lab),
    accountIdOf(clients).then((accountId) => readStudentRecords(clients, accountId)),
  ]);
  return { snapshot, facts, records };
}

/**
 * A doing step is done when the account is ready and the student's own records show it done.
 * Its surprise (the moment, the analysis' findings) is shown only once the student met it: before,
 * the step just says what is left to do.
 */
function judgeDoing(step: LabStep, context: StepContext, ready: CheckResult): CheckResult {
  const doing = step.doing!;
  const evidence = doing.evidence(context);
  if (ready.done && evidence) return { ...ready, evidence };
  const met = doing.metFailure?.(context);
  if (!met) return { done: false, findings: [doing.nextAction] };
  if (ready.done) return { done: false, findings: [doing.nextAction], evidence: met };
  return { ...ready, evidence: met, moment: ready.moment && { ...ready.moment, output: ready.moment.output ?? metOutput(context, met) } };
}

/** What the student saw of the failure they met: their command and its output as the terminal showed it, else the failure's sentence. */
function metOutput(context: StepContext, met: StepEvidence): string {
  const { testCommand, testOutput } = evidenceRun(context, met);
  return testOutput === undefined ? met.summary : `$ ${testCommand}\n${testOutput.trimEnd()}`;
}

/**
 * Whether a finding says again what the result's met failure or moment says: a refusal's own message
 * is in its sentence and its moment, the analysis' verdict and fix in the moment (a finding that
 * restates both, "aws s3 ls … fails: <verdict> <fix>", too). Each is said once.
 */
function saysAgain(finding: string, { done, evidence, moment }: CheckResult): boolean {
  const said = [done ? undefined : evidence?.summary, moment?.output, moment && `${moment.verdict} ${moment.fix ?? ""}`];
  if (said.some((text) => text?.includes(finding))) return true;
  return Boolean(moment && finding.includes(moment.verdict) && (!moment.fix || finding.includes(moment.fix)));
}

function saidOnce(result: CheckResult): CheckResult {
  return { ...result, findings: result.findings.filter((finding) => !saysAgain(finding, result)) };
}

/** Per step, when a reset last reopened it (ISO time); steps never reopened are absent. */
export type StepsReopenedAt = Record<string, string>;

function recordsSince(records: StudentRecords, since: number): StudentRecords {
  const after = <T extends { at: number }>(items: T[]) => items.filter((item) => item.at >= since);
  return { sessions: after(records.sessions), refusals: after(records.refusals), runs: after(records.runs) };
}

/** A reopened step judges only what the student did after the reset: a ping before it proves nothing now. */
function contextForStep(step: LabStep, context: StepContext, reopenedAt: StepsReopenedAt): StepContext {
  const since = reopenedAt[step.id];
  if (!since || !context.records) return context;
  return { ...context, records: recordsSince(context.records, Date.parse(since)) };
}

async function judgeStep(step: LabStep, context: StepContext): Promise<CheckResult> {
  const result = await step.check(context);
  return namedResult(saidOnce(step.doing ? judgeDoing(step, context, result) : result), context.snapshot);
}

/** A moment whose output is the evidence's sentence (no AWS message to quote) is named with it. */
function outputOf(moment: TroubleshootingMoment, evidence: StepEvidence | undefined, named: (text: string) => string) {
  return moment.output !== undefined && moment.output === evidence?.summary ? { output: named(moment.output) } : {};
}

/**
 * What a check says, with each bare id named as the panels and the diagram name it ("launch-wizard-2
 * (sg-…)"): a beginner cannot tell which group "sg-e108…" is. What AWS printed (the moment's output)
 * and the command a student ran stay word for word.
 */
function namedResult(result: CheckResult, snapshot: LabSnapshot): CheckResult {
  const named = (text: string) => nameIds(text, snapshot);
  const { moment, evidence } = result;
  return {
    ...result,
    findings: result.findings.map(named),
    ...(moment ? { moment: { ...moment, verdict: named(moment.verdict), ...(moment.fix ? { fix: named(moment.fix) } : {}), ...(moment.outputOf ? { outputOf: named(moment.outputOf) } : {}), ...outputOf(moment, evidence, named) } } : {}),
    ...(evidence ? { evidence: { ...evidence, summary: named(evidence.summary) } } : {}),
  };
}

/** Every step's check on one snapshot: pure, so cheap to run all at once. */
export async function checkAllSteps(lab: LabDefinition, context: StepContext, reopenedAt: StepsReopenedAt = {}): Promise<Record<string, CheckResult>> {
  const results = await Promise.all(lab.steps.map(async (step) => [step.id, await judgeStep(step, contextForStep(step, context, reopenedAt))] as const));
  return Object.fromEntries(results);
}

export interface LabCheck {
  context: StepContext;
  results: Record<string, CheckResult>;
  /** The account's version when the read began (sandbox): a later read at this version would judge the same. */
  accountVersion?: number;
}

/**
 * Checks every step of the lab from one read of the account: the analysis decides (no command
 * runs on an instance, so no ping timeout is waited out), the student's records show what they did.
 */
export async function checkLab(clients: AwsClients, labId: LabId, reopenedAt: StepsReopenedAt = {}): Promise<LabCheck> {
  const lab = labDefinition(labId);
  // Taken before the read: a change made during it shows as a newer version, and is checked again.
  const accountVersion = await accountIdOf(clients).then((accountId) => accountReadVersion(clients, accountId));
  const context = await readLabContext(clients, lab);
  return { context, results: await checkAllSteps(lab, context, reopenedAt), accountVersion };
}

export function stepNumberOf(lab: LabDefinition, stepId: string): number {
  const index = lab.steps.findIndex((step) => step.id === stepId);
  if (index < 0) throw new RangeError(`${stepId} is not a step of ${lab.title}.`);
  return index + 1;
}

/** Do-it-for-me for one step. */
export async function doLabStep(clients: AwsClients, labId: LabId, stepId: string): Promise<DoItReport> {
  const lab = labDefinition(labId);
  return lab.steps[stepNumberOf(lab, stepId) - 1].doIt(clients);
}

/** Do-it-for-me for every step in order (the benchmark, and "build it all"). */
export async function doWholeLab(clients: AwsClients, labId: LabId): Promise<DoItReport> {
  const report: DoItReport = { created: [], notes: [] };
  for (const step of labDefinition(labId).steps) {
    const done = await step.doIt(clients);
    report.created.push(...done.created);
    report.notes.push(...done.notes);
  }
  return report;
}

export interface RecordedCheck {
  results: Record<string, CheckResult>;
  completedSteps: string[];
  newlyCompleted: string[];
  /** See LabCheck: the console skips checking again while the account is still at this version. */
  accountVersion?: number;
}

/** The run that shows the step, as its write-up quotes it (the student's own command and output). */
function evidenceRun(context: StepContext, evidence: CheckResult["evidence"]): { testCommand?: string; testOutput?: string } {
  if (!evidence?.command) return {};
  const run = context.records?.runs.find((candidate) => candidate.command === evidence.command && new Date(candidate.at).toISOString() === evidence.at);
  return { testCommand: evidence.command, testOutput: run?.output };
}

/**
 * Checks the lab, records every step whose check passes as completed (however the work was done),
 * and stores what each newly completed step looks like for the write-up.
 */
export async function checkAndRecord(userId: string, clients: AwsClients, labId: LabId, { check }: { check?: LabCheck } = {}): Promise<RecordedCheck> {
  const lab = labDefinition(labId);
  const { reopenedAt } = await loadLabProgress(userId, labId);
  // A check just made with these reopened steps (a reset's own) stands for a new one.
  const { context, results, accountVersion } = check ?? (await checkLab(clients, labId, reopenedAt));
  const passed = lab.steps.filter((step) => results[step.id]?.done).map((step) => step.id);
  const { completedSteps, newlyCompleted } = await recordCompletedSteps(userId, labId, passed, reopenedAt);
  await noteCurrentStep(userId, labId, completedSteps);
  await Promise.all(
    newlyCompleted.map((stepId) => {
      const step = lab.steps.find((candidate) => candidate.id === stepId)!;
      return saveStepRecord(userId, labId, { stepId, ...step.evidence(contextForStep(step, context, reopenedAt)), ...evidenceRun(context, results[stepId].evidence) });
    }),
  );
  await captureMoments(userId, lab, context).catch((error: unknown) => console.error("could not capture the write-up's moments", error));
  return { results, completedSteps, newlyCompleted, accountVersion };
}
