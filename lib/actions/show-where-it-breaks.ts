"use server";

import { z } from "zod";
import { type ChallengeView, FaultRefusedError, type LabTestOutcome, showWhereItBreaks } from "@/lib/labs/break-it";
import { awsAction } from "@/lib/action-pipeline/aws-action";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

/** "Show me where it breaks": the hop-by-hop walk of the failing test; the ask is counted on the challenge. */
export async function showWhereItBreaksAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId }): Promise<{ data: { challenge: ChallengeView; outcome: LabTestOutcome } }> => {
    return { data: await showWhereItBreaks(user.id, aws, labId) };
  }, { readOnly: true, refusals: [FaultRefusedError] });
}
