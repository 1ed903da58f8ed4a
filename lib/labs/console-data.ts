import type { LabSnapshot } from "@/lib/analysis";
import { readAccountWithOwnership } from "@/lib/aws/owned-account";
import { type AwsClients, clientsForUser } from "@/lib/aws/clients";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { CONSOLE_USER_AGENT } from "@/lib/aws/user-agent";
import { latestLabRun } from "./runs";

export interface AccountView {
  snapshot: LabSnapshot;
  /** The ids (and bucket names) the console may change; null when it may change everything (sandbox). */
  owned: string[] | null;
}

/** The account as the console's own credentials see it, read through the SDK (sandbox or real AWS alike), with what it may change. */
export async function loadAccountForUser(userId: string): Promise<AccountView> {
  return accountViewOf(await clientsForUser(userId));
}

/** The account as these clients see it, with what the console may change. */
export async function accountViewOf(aws: AwsClients): Promise<AccountView> {
  const { snapshot, owned } = await readAccountWithOwnership(aws);
  return { snapshot, owned: owned === "all" ? null : [...owned] };
}

/** Who made a call: this console, the student's CLI or SDK elsewhere, or the CLI on one of the lab's instances. */
export type CallerKind = "console" | "cli-sdk" | "instance";

export interface ActivityEntry {
  id: number;
  at: string;
  caller: string;
  callerKind: CallerKind;
  /** The instance whose CLI made the call, for `instance` calls. */
  instanceId?: string;
  service: string;
  action: string;
  summary: string;
  httpStatus: number;
  errorCode: string | null;
  userAgent: string | null;
}

/** One page of the Activity panel, newest first; `more` when older calls of the run exist. */
export interface ActivityPage {
  entries: ActivityEntry[];
  more: boolean;
}

export const ACTIVITY_PAGE_SIZE = 50;
const INSTANCE_AGENT = /\(instance (i-[0-9a-f]+)\)/;

function callerOf(userAgent: string | null): Pick<ActivityEntry, "callerKind" | "instanceId"> {
  const instanceId = userAgent ? INSTANCE_AGENT.exec(userAgent)?.[1] : undefined;
  if (instanceId) return { callerKind: "instance", instanceId };
  return { callerKind: userAgent?.includes(CONSOLE_USER_AGENT) ? "console" : "cli-sdk" };
}

/**
 * The calls of the user's current lab run (since the lab was opened, reset or torn down last),
 * newest first, a page at a time (`before`: the oldest id shown). The console's own refresh reads
 * (Describe, List, Get, Head) are left out in the query, so they never push the student's calls off
 * a page; the student's own reads (from the CLI, say) stay. None on real AWS: CloudTrail keeps those.
 */
export async function activityPageForUser(userId: string, options: { before?: number; limit?: number } = {}): Promise<ActivityPage> {
  const sandbox = sandboxExtras();
  if (!sandbox) return { entries: [], more: false };
  const limit = options.limit ?? ACTIVITY_PAGE_SIZE;
  const [accountId, run] = await Promise.all([sandbox.accountId(userId), latestLabRun(userId)]);
  const rows = await sandbox.activity(accountId, { limit: limit + 1, before: options.before, since: run?.startedAt, hideConsoleReads: true });
  const entries = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    caller: row.caller,
    ...callerOf(row.userAgent),
    service: row.service,
    action: row.action,
    summary: row.summary,
    httpStatus: row.httpStatus,
    errorCode: row.errorCode,
    userAgent: row.userAgent,
  }));
  return { entries, more: rows.length > limit };
}
