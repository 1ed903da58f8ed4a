"use server";

import { z } from "zod";
import { MAX_SECTION_TEXT, saveWriteupText } from "@/lib/labs/writeup-load";
import { authAction } from "@/lib/action-pipeline/auth-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  sectionId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a section."),
  text: z.string().max(MAX_SECTION_TEXT, "A section is at most 10,000 characters."),
});

/** The student's own words for a write-up section (empty: the draft again). */
export async function saveWriteupTextAction(values: z.input<typeof input>) {
  return authAction(input, values, async ({ user }, { labId, sectionId, text }) => {
    if (!(await saveWriteupText(user.id, labId, sectionId, text))) throw new ActionFailure("NoSuchSection", `The write-up has no section ${sectionId}.`);
    return { data: undefined, message: text.trim() ? "Saved." : "Back to the draft." };
  }, { allowedInReadOnlyView: true });
}
