"use server";

import { z } from "zod";
import { dropMoment, moveMoment } from "@/lib/labs/moment-store";
import { ActionFailure, runAwsAction } from "./aws-action";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  momentId: z.number().int().positive(),
  change: z.enum(["drop", "up", "down"]),
});

/** Drops a moment from the write-up, or moves it one place up or down. */
export async function arrangeMomentAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ user }, { labId, momentId, change }) => {
    const done = change === "drop" ? await dropMoment(user.id, labId, momentId) : await moveMoment(user.id, labId, momentId, change);
    if (!done) throw new ActionFailure(change === "drop" ? "NoSuchMoment" : "CannotMove", change === "drop" ? "That moment is not in your write-up." : `That moment is already the ${change === "up" ? "first" : "last"}.`);
    return { data: undefined, message: change === "drop" ? "Dropped from the write-up." : "Moved." };
  }, { readOnly: true });
}
