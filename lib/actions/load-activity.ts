"use server";

import { z } from "zod";
import { activityPageForUser, type ActivityPage } from "@/lib/labs/console-data";
import { runAwsAction, type ActionResult } from "./aws-action";

const input = z.object({ before: z.number().int().positive() });

/** An older page of the Activity panel: the lab run's calls before the oldest one shown. A read: the idle clock does not move. */
export async function loadActivityPageAction(values: z.input<typeof input>): Promise<ActionResult<ActivityPage>> {
  return runAwsAction(input, values, async ({ user }, { before }) => ({ data: await activityPageForUser(user.id, { before }) }), { readOnly: true });
}
