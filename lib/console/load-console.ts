import { z } from "zod";
import type { LabSnapshot } from "@/lib/analysis";
import { accountViewOf, activityPageForUser, type ActivityPage } from "@/lib/labs/console-data";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { accountIdOf } from "@/lib/aws/account-id";
import { accountReadVersion } from "@/lib/aws/shared-snapshot";
import type { ActionResult } from "@/lib/action-pipeline/result";
import { type ChallengeState, challengeState } from "@/lib/labs/break-it";
import { checkAndRecord, type RecordedCheck } from "@/lib/labs/check";
import type { LabId } from "@/lib/labs/lab-id";
import type { AwsClients } from "@/lib/aws/clients";
import { withRequestMemo } from "@/lib/request-memo";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { consoleReadGate } from "./read-gate";
import { streamedReadsRegistry } from "./streamed-reads";

export interface ConsoleData {
  snapshot: LabSnapshot;
  /** What the console may change (null: everything, the sandbox account is the student's own). */
  owned: string[] | null;
  /**
   * The newest page of the lab run's calls (older pages: loadActivityPageAction); left out of a read
   * asked for without it (the lab page's Activity tab is not shown).
   */
  activity?: ActivityPage;
  loadedAt: string;
  /** The account's version when the read began (sandbox; lib/labs/check.ts's LabCheck). */
  accountVersion?: number;
  /** What the lab page's panels show of this state, when the read was asked for a lab. */
  lab?: LabReadout;
}

/** What a console page shows: a read, with the Activity panel's page it read last. */
export type ConsoleView = ConsoleData & { activity: ActivityPage };

/**
 * The step rail's check and the Break it panel's challenge, made with the read that follows a change
 * rather than as two more requests: each request costs the server its session, user and keys again,
 * and with a class's consoles open that is most of what a change costs (npm run load).
 */
export interface LabReadout {
  /** The steps judged on this state and the newly completed ones recorded (asked for after a change). */
  check?: RecordedCheck;
  challenge: ChallengeState;
}

const input = z.object({
  labId: z.enum(["vpc-peering", "vpc-endpoints"]).optional(),
  /** Check the lab's steps too (the read follows a change). */
  check: z.boolean().optional(),
  /**
   * Bring the Activity panel's page (default: yes). A lab page asks for it only while its Activity tab
   * is shown: the page of 50 calls was ~40% of a read's bytes and ~5 ms of its server time.
   */
  activity: z.boolean().optional(),
  /** The page's tab, whose live stream may be waiting to read the account too (streamed-reads.ts). */
  tab: z.string().max(64).optional(),
});

async function readLab(userId: string, aws: AwsClients, labId: LabId, check: boolean): Promise<LabReadout> {
  const [recorded, challenge] = await Promise.all([check ? checkAndRecord(userId, aws, labId) : undefined, challengeState(userId, labId)]);
  return { ...(recorded && { check: recorded }), challenge };
}

/**
 * Reads the account afresh for the console (after a change event, a poll, or the refresh button).
 * Served by GET /api/console rather than as a server action: Next runs a page's server actions one
 * at a time, so a read queued behind a long action (a real-AWS "Do it for me" waiting for instances)
 * would freeze the diagram for as long as the action runs. With a lab, the read also brings what
 * the lab page's rail and Break it panel would each have asked for (LabReadout).
 */
export async function loadConsoleData(values: z.input<typeof input> = {}): Promise<ActionResult<ConsoleData>> {
  // A read changes no lab run: its clients, activity panel and check share each lookup of one.
  return withRequestMemo(() =>
    awsAction(
      input,
      values,
      ({ user, aws }, { labId, check, activity, tab }) => {
        // This read shows the changes the tab's stream waits to read: it need not read them again.
        streamedReadsRegistry().readStarting(user.id, tab);
        return gated(user.id, () => readConsoleData(user.id, aws, { labId, check: check ?? false, activity: activity ?? true }));
      },
      { readOnly: true },
    ),
  );
}

/** On the sandbox a read is the server's own work, a few at a time (read-gate.ts); on real AWS it waits on AWS. */
function gated<T>(userId: string, read: () => Promise<T>): Promise<T> {
  return sandboxExtras() ? consoleReadGate.run(userId, read) : read();
}

interface ReadAsked {
  labId?: LabId;
  check: boolean;
  activity: boolean;
}

async function readConsoleData(userId: string, aws: AwsClients, { labId, check, activity: withActivity }: ReadAsked): Promise<{ data: ConsoleData }> {
  const accountVersion = await accountIdOf(aws).then((accountId) => accountReadVersion(aws, accountId));
  const [{ snapshot, owned }, activity, lab] = await Promise.all([
    accountViewOf(aws),
    withActivity ? activityPageForUser(userId) : undefined,
    labId ? readLab(userId, aws, labId, check) : undefined,
  ]);
  return { data: { snapshot, owned, ...(activity && { activity }), loadedAt: new Date().toISOString(), accountVersion, ...(lab && { lab }) } };
}
