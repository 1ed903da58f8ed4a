"use server";

import { z } from "zod";
import { checkAndRecord, doLabStep, type RecordedCheck } from "@/lib/labs/check";
import { withLabRunLock } from "@/lib/labs/run-lock";
import { type DoItReport, type LabId, LabStepError } from "@/lib/labs/steps";
import type { AwsClients } from "@/lib/aws/clients";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
});

export interface DoStepResult extends RecordedCheck {
  report: DoItReport;
}

/** "Do it for me": builds what the step still lacks (safe to click twice), then checks the lab; one run of a lab at a time. */
export async function doStepAction(values: z.input<typeof input>) {
  return awsAction(input, values, ({ user, aws }, { labId, stepId }) => withLabRunLock(user.id, labId, () => doStep(user.id, aws, labId, stepId)));
}

async function doStep(userId: string, aws: AwsClients, labId: LabId, stepId: string): Promise<{ data: DoStepResult; message: string }> {
  let report: DoItReport;
  try {
    report = await doLabStep(aws, labId, stepId);
  } catch (error) {
    if (error instanceof LabStepError) throw new ActionFailure(error.code, error.message);
    if (error instanceof RangeError) throw new ActionFailure("ValidationError", error.message);
    throw error;
  }
  const recorded = await checkAndRecord(userId, aws, labId);
  const message = report.created.length ? `Created ${report.created.length} thing${report.created.length === 1 ? "" : "s"}.` : "Nothing was missing.";
  return { data: { ...recorded, report }, message };
}
