"use server";

import { z } from "zod";
import { checkAndRecord, doLabStep, type RecordedCheck } from "@/lib/labs/check";
import { type DoItReport, LabStepError } from "@/lib/labs/steps";
import { ActionFailure, runAwsAction } from "./aws-action";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
});

export interface DoStepResult extends RecordedCheck {
  report: DoItReport;
}

/** "Do it for me": builds what the step still lacks (safe to click twice), then checks the lab. */
export async function doStepAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ user, aws }, { labId, stepId }): Promise<{ data: DoStepResult; message: string }> => {
    let report: DoItReport;
    try {
      report = await doLabStep(aws, labId, stepId);
    } catch (error) {
      if (error instanceof LabStepError) throw new ActionFailure(error.code, error.message);
      if (error instanceof RangeError) throw new ActionFailure("ValidationError", error.message);
      throw error;
    }
    const recorded = await checkAndRecord(user.id, aws, labId);
    const message = report.created.length ? `Created ${report.created.length} thing${report.created.length === 1 ? "" : "s"}.` : "Nothing was missing.";
    return { data: { ...recorded, report }, message };
  });
}
