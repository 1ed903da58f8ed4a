"use server";

import { z } from "zod";
import { readAccountWithOwnership } from "@/lib/aws/owned-account";
import { renderLabDiagram } from "@/lib/labs/diagram-image";
import { saveStepImage } from "@/lib/labs/progress";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepIds: z.array(z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step.")).min(1).max(20),
});

/**
 * Draws the account's diagram now (on the server, with every edge) and attaches it to the steps
 * that just completed, for the write-up.
 */
export async function saveStepDiagramAction(values: { labId: string; stepIds: string[] }) {
  return awsAction(
    input,
    values,
    async ({ user, aws }, { labId, stepIds }) => {
      const { snapshot } = await readAccountWithOwnership(aws);
      const { body } = await renderLabDiagram(snapshot, { labId, format: "png", at: new Date() });
      const saved = await Promise.all(stepIds.map((stepId) => saveStepImage(user.id, labId, stepId, body)));
      const missing = stepIds.filter((_, index) => !saved[index]);
      if (missing.length) throw new ActionFailure("StepNotCompleted", `Step ${missing.join(", ")} has no record yet: its check has not passed.`);
      return { data: undefined };
    },
    { readOnly: true },
  );
}
