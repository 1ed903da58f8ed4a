import { z } from "zod";
import type { LabSnapshot } from "@/lib/analysis";
import { accountViewOf, activityPageForUser, type ActivityPage } from "@/lib/labs/console-data";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { accountIdOf } from "@/lib/aws/account-id";
import { accountReadVersion } from "@/lib/aws/shared-snapshot";
import type { ActionResult } from "@/lib/action-pipeline/result";

export interface ConsoleData {
  snapshot: LabSnapshot;
  /** What the console may change (null: everything, the sandbox account is the student's own). */
  owned: string[] | null;
  /** The newest page of the lab run's calls (older pages: loadActivityPageAction). */
  activity: ActivityPage;
  loadedAt: string;
  /** The account's version when the read began (sandbox; lib/labs/check.ts's LabCheck). */
  accountVersion?: number;
}

/**
 * Reads the account afresh for the console (after a change event, a poll, or the refresh button).
 * Served by GET /api/console rather than as a server action: Next runs a page's server actions one
 * at a time, so a read queued behind a long action (a real-AWS "Do it for me" waiting for instances)
 * would freeze the diagram for as long as the action runs.
 */
export async function loadConsoleData(): Promise<ActionResult<ConsoleData>> {
  return awsAction(z.object({}), {}, async ({ user, aws }) => {
    const accountVersion = await accountIdOf(aws).then((accountId) => accountReadVersion(aws, accountId));
    const [{ snapshot, owned }, activity] = await Promise.all([accountViewOf(aws), activityPageForUser(user.id)]);
    return { data: { snapshot, owned, activity, loadedAt: new Date().toISOString(), accountVersion } };
  }, { readOnly: true });
}
