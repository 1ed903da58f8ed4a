"use server";

import { z } from "zod";
import { saveStepImage } from "@/lib/labs/progress";
import { ActionFailure, runAwsAction } from "./aws-action";

/** Server actions accept 1 MB bodies by default; the step rail scales larger captures down. */
const MAX_STEP_IMAGE_BYTES = 900_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  stepId: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "Choose a step."),
  image: z.instanceof(Blob, { message: "Attach the diagram as a PNG." }),
});

/** Stores the diagram the browser captured when the step completed (FormData: labId, stepId, image). */
export async function saveStepImageAction(form: FormData) {
  const values = { labId: form.get("labId"), stepId: form.get("stepId"), image: form.get("image") };
  return runAwsAction(input, values, async ({ user }, { labId, stepId, image }) => {
    if (image.size > MAX_STEP_IMAGE_BYTES) throw new ActionFailure("ImageTooLarge", `The diagram image is ${image.size} bytes; at most ${MAX_STEP_IMAGE_BYTES} are accepted.`);
    const png = Buffer.from(await image.arrayBuffer());
    if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new ActionFailure("InvalidImage", "The diagram image is not a PNG.");
    const saved = await saveStepImage(user.id, labId, stepId, png);
    if (!saved) throw new ActionFailure("StepNotCompleted", `Step ${stepId} has no record yet: its check has not passed.`);
    return { data: undefined };
  });
}
