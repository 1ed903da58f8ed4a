"use server";

import { z } from "zod";
import { doItForMe, type DoItForMeResult } from "@/lib/labs/do-it-for-me";
import { withLabRunLock } from "@/lib/labs/run-lock";
import { type LabId, LabStepError } from "@/lib/labs/steps";
import type { AwsClients } from "@/lib/aws/clients";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
});

export type DoStepResult = DoItForMeResult;

/** "Do it for me": builds what the step still lacks (safe to click twice), then checks the lab; one run of a lab at a time. */
export async function doStepAction(values: z.input<typeof input>) {
  return awsAction(input, values, ({ user, aws }, { labId, stepId }) => withLabRunLock(user.id, labId, () => doStep(user.id, aws, labId, stepId)));
}

async function doStep(userId: string, aws: AwsClients, labId: LabId, stepId: string): Promise<{ data: DoStepResult; message: string }> {
  let done: DoItForMeResult;
  try {
    done = await doItForMe(userId, aws, labId, stepId);
  } catch (error) {
    if (error instanceof LabStepError) throw new ActionFailure(error.code, error.message);
    if (error instanceof RangeError) throw new ActionFailure("ValidationError", error.message);
    throw error;
  }
  const { created } = done.report;
  const message = created.length ? `Created ${created.length} thing${created.length === 1 ? "" : "s"}.` : "Nothing was missing.";
  return { data: done, message };
}
