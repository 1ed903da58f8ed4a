"use server";

import { z } from "zod";
import { type ChallengeState, challengeState } from "@/lib/labs/break-it";
import { authAction } from "@/lib/action-pipeline/auth-action";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

/** The lab's open (or last) Break it challenge, for the console. */
export async function loadChallengeAction(values: z.input<typeof input>) {
  return authAction(input, values, async ({ user }, { labId }): Promise<{ data: ChallengeState }> => ({ data: await challengeState(user.id, labId) }), {
    allowedInReadOnlyView: true,
  });
}
