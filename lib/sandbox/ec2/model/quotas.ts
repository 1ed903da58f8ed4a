/**
 * Amazon VPC's default quotas (docs/limits.md names each one's Service Quotas entry), refused
 * with EC2's own codes and messages before anything is created. A quota counts what exists in
 * the account's state for the region, the default VPC and what it came with included, as AWS counts.
 */
import { vpcQuotaExceeded } from "@/lib/sandbox/ec2/model/errors";

export const VPC_QUOTAS = {
  vpcsPerRegion: 5,
  internetGatewaysPerRegion: 5,
  subnetsPerVpc: 200,
  routeTablesPerVpc: 200,
  /** Routes per route table (non-propagated); the local route is not counted. */
  routesPerRouteTable: 50,
  networkAclsPerVpc: 200,
  /** Rules per network ACL, each direction; the default deny rule (*) is not counted. */
  networkAclRulesPerDirection: 20,
  securityGroupsPerVpc: 2500,
  /** Inbound, and separately outbound, rules per security group. */
  rulesPerSecurityGroupDirection: 60,
  activePeeringsPerVpc: 50,
  outstandingPeeringRequestsPerVpc: 25,
  gatewayEndpointsPerRegion: 20,
} as const;

export type QuotaName = keyof typeof VPC_QUOTAS;

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
