"use server";

import { z } from "zod";
import { applyFault, type ChallengeView, FaultRefusedError, FAULTS } from "@/lib/labs/break-it";
import { labDefinition } from "@/lib/labs/check";
import { loadLabProgress } from "@/lib/labs/progress";
import { withLabRunLock } from "@/lib/labs/run-lock";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  /** A fault of the lab's catalogue, or a random one. */
  fault: z.enum(["random", ...FAULTS.map((fault) => fault.id)] as [string, ...string[]]).default("random"),
});

/** "Challenge me": breaks one thing in the student's own completed lab; the student sees only the symptom. */
export async function startChallengeAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId, fault }): Promise<{ data: ChallengeView }> => {
    const { completedSteps } = await loadLabProgress(user.id, labId);
    const lab = labDefinition(labId);
    if (completedSteps.length < lab.steps.length) throw new ActionFailure("LabNotCompleted", `Complete every step of ${lab.title} first: a challenge breaks a lab that works.`);
    const challenge = await withLabRunLock(user.id, labId, () =>
      applyFault({ userId: user.id, clients: aws }, { labId, fault: fault as Parameters<typeof applyFault>[1]["fault"], appliedBy: user.id }),
    );
    return { data: challenge };
  }, { refusals: [FaultRefusedError] });
}
