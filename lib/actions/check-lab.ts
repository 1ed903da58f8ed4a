"use server";

import { z } from "zod";
import { recordCheckAttempt } from "@/lib/classroom/recording";
import { checkAndRecord, type RecordedCheck } from "@/lib/labs/check";
import { awsAction } from "@/lib/action-pipeline/aws-action";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  /** The step the student asked about (its result is what the step panel shows). */
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step.").optional(),
});

/** "Check my work": checks every step from one read of the account and records the ones that pass. */
export async function checkLabAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId, stepId }): Promise<{ data: RecordedCheck; message?: string }> => {
    const recorded = await checkAndRecord(user.id, aws, labId);
    // Only a press on a step's button is an attempt; the console's own checks after each change name no step.
    if (stepId && recorded.results[stepId]) await recordCheckAttempt(user.id, labId, stepId, recorded.results[stepId].done);
    const message = recorded.newlyCompleted.length ? `Completed: ${recorded.newlyCompleted.join(", ")}.` : undefined;
    return { data: recorded, message };
    // A check reads the account (fired on every refresh too): it never resets the idle-teardown clock.
  }, { readOnly: true });
}
