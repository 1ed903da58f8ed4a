/** Amazon VPC's default quotas by name (a leaf: errors.ts words each one, quotas.ts counts against them). */
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
