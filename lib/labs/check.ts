/**
 * "Check my work" and "Do it for me" for whole labs: read the account through the SDK, run each
 * step's (pure) check, run the step's shell test on the instance through SSM when it has one.
 */
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { lab1 } from "./lab1";
import { lab2 } from "./lab2";
import { gatherLab2Facts } from "./lab2/facts";
import { recordCompletedSteps, saveStepRecord, updateStepTest } from "./progress";
import { readLockedPolicies } from "./locked-policy";
import { runTestOnInstance, type ShellResult } from "./shell-on-instance";
import { type CheckResult, type DoItReport, type LabDefinition, type LabFacts, type LabId, readSnapshot, shellOutputText, type StepContext } from "./steps";

export const LAB_DEFINITIONS: Record<LabId, LabDefinition> = { "vpc-peering": lab1, "vpc-endpoints": lab2 };

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
  steps: Array<{ id: string; title: string; instructions: string[]; doneMeans: string; troubleshooting?: { title: string; explanation: string }; hasTest: boolean }>;
}

export function labGuide(id: LabId): LabGuide {
  const lab = labDefinition(id);
  return {
    id,
    title: lab.title,
    steps: lab.steps.map(({ id: stepId, title, instructions, doneMeans, troubleshooting, test }) => ({ id: stepId, title, instructions, doneMeans, troubleshooting, hasTest: Boolean(test) })),
  };
}

/** The facts beyond the snapshot a lab's checks read (Lab 2: access keys and the bucket's objects). */
export async function gatherLabFacts(clients: AwsClients, lab: LabDefinition, snapshot: LabSnapshot): Promise<LabFacts> {
  return lab.needsFacts ? gatherLab2Facts(clients, snapshot) : {};
}

export async function readLabContext(clients: AwsClients, lab: LabDefinition): Promise<StepContext> {
  const snapshot = await readSnapshot(clients, lab.needsFacts);
  if (lab.needsFacts) await readLockedPolicies(clients, snapshot);
  return { snapshot, facts: await gatherLabFacts(clients, lab, snapshot) };
}

/** Every step's check on one snapshot: pure, so cheap to run all at once. */
export async function checkAllSteps(lab: LabDefinition, context: StepContext): Promise<Record<string, CheckResult>> {
  const results = await Promise.all(lab.steps.map(async (step) => [step.id, await step.check(context)] as const));
  return Object.fromEntries(results);
}

export interface StepTestOutput {
  stepId: string;
  instanceId: string;
  command: string;
  /** What the instance printed; absent when the command could not run (then `error` says why). */
  shell?: ShellResult;
  error?: string;
  /** The instance is not managed by SSM: the student runs the command through EC2 Instance Connect. */
  instanceConnectUrl?: string;
}

async function runStepTest(clients: AwsClients, lab: LabDefinition, stepId: string, context: StepContext): Promise<StepTestOutput | undefined> {
  const test = lab.steps.find((step) => step.id === stepId)?.test?.(context);
  if (!test) return undefined;
  const command = test.commands.join("\n");
  const run = await runTestOnInstance(clients, test.instanceId, test.commands, 90_000);
  const error = run.shellError ? `${run.shellError.code}: ${run.shellError.message}` : undefined;
  return { stepId, instanceId: test.instanceId, command, shell: run.shell, error, instanceConnectUrl: run.instanceConnectUrl };
}

export interface LabCheck {
  context: StepContext;
  results: Record<string, CheckResult>;
  test?: StepTestOutput;
}

/**
 * Checks every step of the lab; when `testStepId` names a step with a shell test, runs it on the
 * instance and puts what it printed on the troubleshooting moment.
 */
export async function checkLab(clients: AwsClients, labId: LabId, testStepId?: string): Promise<LabCheck> {
  const lab = labDefinition(labId);
  const context = await readLabContext(clients, lab);
  const [results, test] = await Promise.all([checkAllSteps(lab, context), testStepId ? runStepTest(clients, lab, testStepId, context) : undefined]);
  const moment = test ? results[test.stepId]?.moment : undefined;
  if (moment && test?.shell) moment.output = shellOutputText(test.shell);
  return { context, results, test };
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
  test?: StepTestOutput;
}

function testText(test: StepTestOutput | undefined): string | undefined {
  if (!test) return undefined;
  return test.shell ? shellOutputText(test.shell) : `(the test could not run: ${test.error})`;
}

/**
 * Checks the lab, records every step whose check passes as completed (however the work was done),
 * and stores what each newly completed step looks like for the write-up.
 */
export async function checkAndRecord(userId: string, clients: AwsClients, labId: LabId, testStepId?: string): Promise<RecordedCheck> {
  const lab = labDefinition(labId);
  const { context, results, test } = await checkLab(clients, labId, testStepId);
  const passed = lab.steps.filter((step) => results[step.id]?.done).map((step) => step.id);
  const { completedSteps, newlyCompleted } = await recordCompletedSteps(userId, labId, passed);
  // Each completed step's record carries its test as the instance printed it, however the step was done.
  const tests = await Promise.all(newlyCompleted.map((stepId) => (test?.stepId === stepId ? test : runStepTest(clients, lab, stepId, context))));
  await Promise.all(
    newlyCompleted.map((stepId, index) => {
      const step = lab.steps.find((candidate) => candidate.id === stepId)!;
      return saveStepRecord(userId, labId, { stepId, ...step.evidence(context), testCommand: tests[index]?.command, testOutput: testText(tests[index]) });
    }),
  );
  // "Check my work" on a step done earlier refreshes what its write-up shows the test printing.
  if (test && passed.includes(test.stepId) && !newlyCompleted.includes(test.stepId)) {
    await updateStepTest(userId, labId, test.stepId, { testCommand: test.command, testOutput: testText(test) });
  }
  return { results, completedSteps, newlyCompleted, test };
}
