/** S3 as the simulated hosts' view of the account (host-account-view.ts) sees it: the account's buckets with their policies. */
import type { BucketSnapshot } from "@/lib/analysis";
import { bucketsOwnedBy } from "./model/storage";

/** Every bucket the account owns, with its policy JSON (the sandbox reads its own state, so never a policyError). */
export async function bucketsForWorld(accountId: string): Promise<BucketSnapshot[]> {
  const buckets = await bucketsOwnedBy(accountId);
  return buckets.map((bucket) => ({ name: bucket.name, ownerAccountId: bucket.ownerAccountId, ...(bucket.policy === null ? {} : { policy: bucket.policy }) }));
}
