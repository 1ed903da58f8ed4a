/**
 * Amazon VPC's default quotas (docs/limits.md names each one's Service Quotas entry), refused
 * with EC2's own codes and messages before anything is created. A quota counts what exists in
 * the account's state for the region, the default VPC and what it came with included, as AWS counts.
 */
import { vpcQuotaExceeded } from "@/lib/sandbox/ec2/model/errors";
import { VPC_QUOTAS, type QuotaName } from "./vpc-quotas";

/** Throws the quota's error unless `existing + adding` stays within it. */
export function checkVpcQuota(quota: QuotaName, existing: number, adding = 1): void {
  if (existing + adding <= VPC_QUOTAS[quota]) return;
  throw vpcQuotaExceeded(quota);
}

/** How many of `records` satisfy `test`, in one pass. */
export function countWhere<T>(records: Record<string, T>, test: (item: T) => boolean): number {
  let count = 0;
  for (const item of Object.values(records)) if (test(item)) count += 1;
  return count;
}
