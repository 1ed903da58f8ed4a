"use server";

import { z } from "zod";
import type { LabSnapshot } from "@/lib/analysis";
import { loadAccountForUser, recentActivityForUser, type ActivityEntry } from "@/lib/labs/console-data";
import { runAwsAction, type ActionResult } from "./aws-action";

export interface ConsoleData {
  snapshot: LabSnapshot;
  /** What the console may change (null: everything, the sandbox account is the student's own). */
  owned: string[] | null;
  activity: ActivityEntry[];
  loadedAt: string;
}

/** Reads the account afresh for the console (after a change event, a poll, or the refresh button). */
export async function loadConsoleAction(): Promise<ActionResult<ConsoleData>> {
  return runAwsAction(z.object({}), {}, async ({ user }) => {
    const [{ snapshot, owned }, activity] = await Promise.all([loadAccountForUser(user.id), recentActivityForUser(user.id)]);
    return { data: { snapshot, owned, activity, loadedAt: new Date().toISOString() } };
  }, { readOnly: true });
}
