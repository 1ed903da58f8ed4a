/**
 * "Do it for me" on one step: builds what the step still lacks (safe to click twice), notes that Do it
 * for me did the step (the write-up says so: progress.ts stepsDoneForMe), then checks the lab. Run it
 * inside the lab's run lock.
 */
import type { AwsClients } from "@/lib/aws/clients";
import { checkAndRecord, doLabStep, labDefinition, type RecordedCheck } from "./check";
import { recordDoneForMe } from "./progress";
import type { DoItReport, LabId } from "./steps";

export interface DoItForMeResult extends RecordedCheck {
  report: DoItReport;
}

export async function doItForMe(userId: string, clients: AwsClients, labId: LabId, stepId: string): Promise<DoItForMeResult> {
  const startedAt = new Date();
  const report = await doLabStep(clients, labId, stepId);
  // A doing step's Do it for me runs the student's command for them; a building step's did the work
  // only if it built something (else the student had, and the check completes the step as theirs).
  if (report.created.length > 0 || isDoingStep(labId, stepId)) await recordDoneForMe(userId, labId, stepId, startedAt);
  return { ...(await checkAndRecord(userId, clients, labId)), report };
}

function isDoingStep(labId: LabId, stepId: string): boolean {
  return labDefinition(labId).steps.some((step) => step.id === stepId && step.doing !== undefined);
}
