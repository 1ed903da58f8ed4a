/** Reading IAM's state outside an IAM call (S3's authorization, the simulated instances' world). */
import { peekState } from "@/lib/sandbox/core/state-store";
import { initialIamState } from "./model/users";
import type { IamState } from "./model/types";

export const IAM_SERVICE_NAME = "iam";

/**
 * The account's IAM state as last committed, or the state a first IAM call would create. Does not
 * take the account's lock (so it is safe from inside another call of the account).
 */
export async function currentIamState(accountId: string): Promise<IamState> {
  const stored = (await peekState(accountId, IAM_SERVICE_NAME, null)) as IamState | null;
  return stored ?? initialIamState(accountId, Date.now());
}
