"use server";

import { z } from "zod";
import { type ChallengeView, type LabTestOutcome, showWhereItBreaks } from "@/lib/labs/break-it";
import { runAwsAction } from "./aws-action";
import { asActionFailure } from "./break-it-failure";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

/** "Show me where it breaks": the hop-by-hop walk of the failing test; the ask is counted on the challenge. */
export async function showWhereItBreaksAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ user, aws }, { labId }): Promise<{ data: { challenge: ChallengeView; outcome: LabTestOutcome } }> => {
    return { data: await asActionFailure(() => showWhereItBreaks(user.id, aws, labId)) };
  }, { readOnly: true });
}
