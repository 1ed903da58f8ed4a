"use server";

import { z } from "zod";
import { checkAndRecord, labDefinition, type RecordedCheck, stepNumberOf } from "@/lib/labs/check";
import { forgetSteps, loadLabProgress, reopenedAtAfter } from "@/lib/labs/progress";
import { LabStepError } from "@/lib/labs/steps";
import { type ResetOutcome, resetLabWithCheck, type ResetReport } from "@/lib/labs/teardown";
import { type AwsClients, clientsForUser } from "@/lib/aws/clients";
import { startNewLabRun } from "@/lib/labs/runs";
import { withLabRunLock } from "@/lib/labs/run-lock";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
});

export interface ResetLabResult extends RecordedCheck {
  report: ResetReport;
}

/** A reset starts a new run: what it rebuilds is tagged with the new run id. */
async function newRunClients(userId: string, labId: string): Promise<AwsClients> {
  return clientsForUser(userId, await startNewLabRun(userId, labId));
}

/** Reset to a step: removes what it and later steps built, rebuilds what earlier steps need; one run of a lab at a time. */
export async function resetLabAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId, stepId }): Promise<{ data: ResetLabResult; message: string }> => {
    const lab = labDefinition(labId);
    let stepNumber: number;
    try {
      stepNumber = stepNumberOf(lab, stepId);
    } catch (error) {
      throw new ActionFailure("ValidationError", (error as Error).message);
    }
    const { report, recorded } = await withLabRunLock(user.id, labId, async () => {
      const reopened = lab.steps.slice(stepNumber - 1).map((step) => step.id);
      const at = new Date().toISOString();
      const [clients, progress] = await Promise.all([newRunClients(user.id, labId), loadLabProgress(user.id, labId)]);
      // The reset's own check judges the reopened steps as their record will, so it can stand for a new one.
      const reopenedAt = reopenedAtAfter(progress.reopenedAt, reopened, at);
      let outcome: ResetOutcome;
      try {
        outcome = await resetLabWithCheck(clients, labId, stepNumber, { reopenedAt });
      } catch (error) {
        if (error instanceof LabStepError) throw new ActionFailure(error.code, error.message);
        throw error;
      }
      // Reopened once the removal is done (the console's own checks during it would tick them again); after a
      // rebuild, at its end, so the rebuild's own runs are no evidence for them.
      await forgetSteps(user.id, labId, reopened, outcome.check ? at : undefined);
      return { report: outcome.report, recorded: await checkAndRecord(user.id, aws, labId, { check: outcome.check }) };
    });
    const message = report.left.length
      ? `Reset stopped: ${report.left.length} item${report.left.length === 1 ? "" : "s"} could not be removed. Try again to finish.`
      : `The lab is at the start of step ${stepNumber}.`;
    return { data: { ...recorded, report }, message };
  });
}
