"use server";

import { z } from "zod";
import type { LabSnapshot } from "@/lib/analysis";
import { loadSnapshotForUser, recentActivityForUser, type ActivityEntry } from "@/lib/labs/console-data";
import { runAwsAction, type ActionResult } from "./aws-action";

export interface ConsoleData {
  snapshot: LabSnapshot;
  activity: ActivityEntry[];
  loadedAt: string;
}

/** Reads the account afresh for the console (after a change event, a poll, or the refresh button). */
export async function loadConsoleAction(): Promise<ActionResult<ConsoleData>> {
  return runAwsAction(z.object({}), {}, async ({ user }) => {
    const [snapshot, activity] = await Promise.all([loadSnapshotForUser(user.id), recentActivityForUser(user.id)]);
    return { data: { snapshot, activity, loadedAt: new Date().toISOString() } };
  }, { readOnly: true });
}
