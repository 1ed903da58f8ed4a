"use server";

import { z } from "zod";
import { activityPageForUser, type ActivityPage } from "@/lib/labs/console-data";
import { authAction } from "@/lib/action-pipeline/auth-action";
import type { ActionResult } from "@/lib/action-pipeline/result";

const input = z.object({ before: z.number().int().positive() });

/** An older page of the Activity panel: the lab run's calls before the oldest one shown. A read: the idle clock does not move. */
export async function loadActivityPageAction(values: z.input<typeof input>): Promise<ActionResult<ActivityPage>> {
  return authAction(input, values, async ({ user }, { before }) => ({ data: await activityPageForUser(user.id, { before }) }), { allowedInReadOnlyView: true });
}
