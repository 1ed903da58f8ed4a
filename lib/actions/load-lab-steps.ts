"use server";

import { z } from "zod";
import { checkAndRecord, labGuide, type LabGuide, type RecordedCheck } from "@/lib/labs/check";
import { hintsAllowed } from "@/lib/classroom/classes";
import { loadLabProgress } from "@/lib/labs/progress";
import { awsAction } from "@/lib/action-pipeline/aws-action";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

export interface LabStepsData extends RecordedCheck {
  guide: LabGuide;
  notes: Record<string, string>;
  /** False when a class the student is in runs this lab with hints off. */
  hintsAllowed: boolean;
}

/** What the step rail shows when it opens: the lab's steps, the live checks, progress and notes. */
export async function loadLabStepsAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId }): Promise<{ data: LabStepsData }> => {
    const recorded = await checkAndRecord(user.id, aws, labId);
    const [{ notes }, hints] = await Promise.all([loadLabProgress(user.id, labId), hintsAllowed(user.id, labId)]);
    return { data: { ...recorded, guide: labGuide(labId), notes, hintsAllowed: hints } };
  }, { readOnly: true });
}
