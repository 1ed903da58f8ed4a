"use server";

import { z } from "zod";
import { checkFaultFix, FaultRefusedError, type FixCheck } from "@/lib/labs/break-it";
import { awsAction } from "@/lib/action-pipeline/aws-action";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

/** "I fixed it": the analysis judges the broken test on the account as it is now; any fix that makes it pass counts. */
export async function checkChallengeAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId }): Promise<{ data: FixCheck; message: string }> => {
    const check = await checkFaultFix(user.id, aws, labId);
    return { data: check, message: check.test.passing ? `Fixed: ${check.test.what} works again.` : `Not yet: ${check.test.what} still fails.` };
  }, { readOnly: true, refusals: [FaultRefusedError] });
}
