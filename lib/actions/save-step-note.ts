"use server";

import { z } from "zod";
import { saveStepNote } from "@/lib/labs/progress";
import { authAction } from "@/lib/action-pipeline/auth-action";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
  note: z.string().max(10_000, "Notes are at most 10,000 characters."),
});

/** The student's own notes on a step; they appear in the write-up. */
export async function saveStepNoteAction(values: z.input<typeof input>) {
  return authAction(input, values, async ({ user }, { labId, stepId, note }) => {
    await saveStepNote(user.id, labId, stepId, note);
    return { data: undefined, message: "Note saved." };
  });
}
