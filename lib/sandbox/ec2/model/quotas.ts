/**
 * Amazon VPC's default quotas (docs/limits.md names each one's Service Quotas entry), refused
 * with EC2's own codes and messages before anything is created. A quota counts what exists in
 * the account's state for the region, the default VPC and what it came with included, as AWS counts.
 */
import { AwsError } from "@/lib/sandbox/core/errors";

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

type QuotaName = keyof typeof VPC_QUOTAS;

const LIMIT_ERRORS: Record<QuotaName, { code: string; message: string }> = {
  vpcsPerRegion: { code: "VpcLimitExceeded", message: "The maximum number of VPCs has been reached." },
  internetGatewaysPerRegion: { code: "InternetGatewayLimitExceeded", message: "The maximum number of internet gateways has been reached." },
  subnetsPerVpc: { code: "SubnetLimitExceeded", message: "The maximum number of subnets has been reached." },
  routeTablesPerVpc: { code: "RouteTableLimitExceeded", message: "The maximum number of route tables has been reached." },
  routesPerRouteTable: { code: "RouteLimitExceeded", message: "The maximum number of routes has been reached." },
  networkAclsPerVpc: { code: "NetworkAclLimitExceeded", message: "The maximum number of network ACLs has been reached." },
  networkAclRulesPerDirection: { code: "NetworkAclEntryLimitExceeded", message: "The maximum number of network ACL entries has been reached." },
  securityGroupsPerVpc: { code: "SecurityGroupLimitExceeded", message: "The maximum number of security groups has been reached." },
  rulesPerSecurityGroupDirection: { code: "RulesPerSecurityGroupLimitExceeded", message: "The maximum number of rules per security group has been reached." },
  activePeeringsPerVpc: {
    code: "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
    message: "The maximum number of active VPC peering connections per VPC has been reached.",
  },
  outstandingPeeringRequestsPerVpc: {
    code: "OutstandingVpcPeeringConnectionLimitExceeded",
    message: "The maximum number of outstanding VPC peering connection requests has been reached.",
  },
  gatewayEndpointsPerRegion: { code: "VpcEndpointLimitExceeded", message: "The maximum number of VPC endpoints has been reached." },
};

/** Throws the quota's error unless `existing + adding` stays within it. */
export function checkVpcQuota(quota: QuotaName, existing: number, adding = 1): void {
  if (existing + adding <= VPC_QUOTAS[quota]) return;
  const { code, message } = LIMIT_ERRORS[quota];
  throw new AwsError(code, message);
}

/** How many of `records` satisfy `test`, in one pass. */
export function countWhere<T>(records: Record<string, T>, test: (item: T) => boolean): number {
  let count = 0;
  for (const item of Object.values(records)) if (test(item)) count += 1;
  return count;
}
