/**
 * The account's state version as a read made now would see it, for caches of what clients read
 * (lib/aws/shared-snapshot.ts). Equal versions mean every Describe and List call would answer the
 * same, so a cached answer is as good as a new read.
 */
import { findAccessKey } from "./accounts";
import { consistencyWindowMs } from "./core/faults";
import { hasRecentlyCreatedIds } from "./core/consistency";
import { hasServedSandboxRequests } from "./core/serving";
import { stateVersion } from "./core/state-store";
import { readEc2State } from "./host-account-view";

/**
 * The version (of one service's state when `service` is given: what that service's calls answer)
 * after EC2's due time-based transitions (pending -> running) are applied, since they
 * change what DescribeInstances answers and bump the version when applied. Undefined while the
 * injected eventual consistency still hides ids created in the account: those appear in listings
 * as time passes, with no change to count. Undefined too when this process's sandbox did not
 * issue the key the reads are signed with: they go to another sandbox, whose versions are its own.
 * A process that has served no sandbox request knows none of its keys, and does not look them up:
 * `npm run load`'s students, reading their labs against the server, opened an embedded database
 * in the load generator on their first read, which held its loop seconds and made the class's
 * first calls look that slow.
 */
export async function liveAccountVersion(accountId: string, region: string, accessKeyId: string, service?: string): Promise<number | undefined> {
  if (!hasServedSandboxRequests()) return undefined;
  if ((await findAccessKey(accessKeyId))?.accountId !== accountId) return undefined;
  const version = await readEc2State(accountId, region, () => stateVersion(accountId, service));
  const windowMs = consistencyWindowMs();
  if (windowMs > 0 && hasRecentlyCreatedIds(accountId, Date.now(), windowMs)) return undefined;
  return version;
}
