"use server";

import { z } from "zod";
import { bringBackMoment, dropMoment, moveMoment } from "@/lib/labs/moment-store";
import { authAction } from "@/lib/action-pipeline/auth-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]),
  momentId: z.number().int().positive(),
  change: z.enum(["drop", "up", "down", "bring-back"]),
});

type Change = z.infer<typeof input>["change"];

const FAILURES: Record<Change, [code: string, message: string]> = {
  drop: ["NoSuchMoment", "That moment is not in your write-up."],
  up: ["CannotMove", "That moment is already the first."],
  down: ["CannotMove", "That moment is already the last."],
  "bring-back": ["NoSuchMoment", "That moment is not among your earlier runs' moments."],
};

const DONE: Record<Change, string> = { drop: "Dropped from the write-up.", up: "Moved.", down: "Moved.", "bring-back": "Brought into the write-up." };

/** Drops a moment from the write-up, moves it one place up or down, or brings one of an earlier run into it. */
export async function arrangeMomentAction(values: z.input<typeof input>) {
  return authAction(input, values, async ({ user }, { labId, momentId, change }) => {
    const done =
      change === "drop" ? await dropMoment(user.id, labId, momentId) : change === "bring-back" ? await bringBackMoment(user.id, labId, momentId) : await moveMoment(user.id, labId, momentId, change);
    if (!done) throw new ActionFailure(...FAILURES[change]);
    return { data: undefined, message: DONE[change] };
  }, { allowedInReadOnlyView: true });
}
