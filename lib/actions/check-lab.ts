"use server";

import { z } from "zod";
import { checkAndRecord, type RecordedCheck } from "@/lib/labs/check";
import { runAwsAction } from "./aws-action";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  /** The step the student asked about: its shell test (ping, aws s3 ls) runs on the instance. */
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step.").optional(),
});

/** "Check my work": checks every step, records the ones that pass, runs the asked step's test. */
export async function checkLabAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ user, aws }, { labId, stepId }): Promise<{ data: RecordedCheck; message?: string }> => {
    const recorded = await checkAndRecord(user.id, aws, labId, stepId);
    const message = recorded.newlyCompleted.length ? `Completed: ${recorded.newlyCompleted.join(", ")}.` : undefined;
    return { data: recorded, message };
    // A check reads the account (fired on every refresh too): it never resets the idle-teardown clock.
  }, { readOnly: true });
}
