"use server";

import { z } from "zod";
import { hintsAllowed } from "@/lib/classroom/classes";
import { recordHintOpened } from "@/lib/classroom/recording";
import { authAction } from "@/lib/action-pipeline/auth-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
});

/** The student opened a step's hint: counted for their class's board (refused when the class has hints off). */
export async function recordHintAction(values: z.input<typeof input>) {
  return authAction(input, values, async ({ user }, { labId, stepId }) => {
    if (!(await hintsAllowed(user.id, labId))) throw new ActionFailure("HintsOff", "Your class runs this lab without hints.");
    await recordHintOpened(user.id, labId, stepId);
    return { data: undefined };
  }, { allowedInReadOnlyView: true });
}
