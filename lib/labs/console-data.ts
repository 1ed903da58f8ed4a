import type { LabSnapshot } from "@/lib/analysis";
import { readAccountWithOwnership } from "@/lib/aws/owned-account";
import { clientsForUser } from "@/lib/aws/clients";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { CONSOLE_USER_AGENT } from "@/lib/aws/user-agent";

export interface AccountView {
  snapshot: LabSnapshot;
  /** The ids (and bucket names) the console may change; null when it may change everything (sandbox). */
  owned: string[] | null;
}

/** The account as the console's own credentials see it, read through the SDK (sandbox or real AWS alike), with what it may change. */
export async function loadAccountForUser(userId: string): Promise<AccountView> {
  const aws = await clientsForUser(userId);
  const { snapshot, owned } = await readAccountWithOwnership(aws);
  return { snapshot, owned: owned === "all" ? null : [...owned] };
}

export interface ActivityEntry {
  id: number;
  at: string;
  caller: string;
  service: string;
  action: string;
  summary: string;
  httpStatus: number;
  errorCode: string | null;
  userAgent: string | null;
}

const READ_ONLY_ACTION = /^(Describe|List|Get|Head)/;

/**
 * The console reads the whole account after every change; those reads would bury what the student
 * did. They are left out; the student's own reads (from the CLI, say) stay.
 */
function isConsoleRead(row: { action: string; userAgent: string | null }): boolean {
  return READ_ONLY_ACTION.test(row.action) && (row.userAgent?.includes(CONSOLE_USER_AGENT) ?? false);
}

/** How far back to look for the calls worth showing. */
const ACTIVITY_WINDOW = 500;

/** The user's recent sandbox API calls, newest first (none on real AWS: CloudTrail keeps those). */
export async function recentActivityForUser(userId: string, limit = 40): Promise<ActivityEntry[]> {
  const sandbox = sandboxExtras();
  if (!sandbox) return [];
  const { accountId } = await sandbox.account(userId);
  const rows = (await sandbox.activity(accountId, { limit: ACTIVITY_WINDOW })).filter((row) => !isConsoleRead(row)).slice(0, limit);
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    caller: row.caller,
    service: row.service,
    action: row.action,
    summary: row.summary,
    httpStatus: row.httpStatus,
    errorCode: row.errorCode,
    userAgent: row.userAgent,
  }));
}
