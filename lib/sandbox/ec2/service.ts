/** The EC2 Query API of the sandbox: every operation the labs and the console use. */
import type { QueryService } from "@/lib/sandbox/core/types";
import { dhcpOptionsOperations } from "./handlers/dhcp-options";
import { endpointOperations } from "./handlers/endpoints";
import { addressOperations } from "./handlers/addresses";
import { catalogOperations } from "./handlers/catalog";
import { instanceAttributeOperations } from "./handlers/instance-attributes";
import { iamInstanceProfileOperations } from "./handlers/iam-instance-profiles";
import { instanceOperations } from "./handlers/instances";
import { internetGatewayOperations } from "./handlers/internet-gateways";
import { networkAclOperations } from "./handlers/network-acls";
import { networkInterfaceOperations } from "./handlers/network-interfaces";
import { peeringOperations } from "./handlers/peering";
import { routeTableOperations } from "./handlers/route-tables";
import { securityGroupOperations } from "./handlers/security-groups";
import { subnetOperations } from "./handlers/subnets";
import { tagOperations } from "./handlers/tags";
import { vpcOperations } from "./handlers/vpcs";
import { ec2InputDialect } from "./protocol/input-errors";
import { initialEc2State } from "./model/default-vpc";
import { endpointRecords } from "./model/endpoints";
import { advanceEc2State, ec2TransitionsDue } from "./model/time";
import type { Ec2State } from "./model/types";

export const EC2_API_VERSION = "2016-11-15";

/** The operations by resource family (the coverage document lists them this way). */
export const EC2_OPERATION_FAMILIES = {
  VPCs: vpcOperations,
  "DHCP options": dhcpOptionsOperations,
  Subnets: subnetOperations,
  "Internet gateways": internetGatewayOperations,
  "Route tables and routes": routeTableOperations,
  "VPC peering": peeringOperations,
  "Security groups": securityGroupOperations,
  "Network ACLs": networkAclOperations,
  Instances: instanceOperations,
  "Instance attributes and types": instanceAttributeOperations,
  "Network interfaces and volumes": networkInterfaceOperations,
  "IAM instance profiles": iamInstanceProfileOperations,
  "Images, zones, regions, key pairs": catalogOperations,
  "Elastic IPs": addressOperations,
  Tags: tagOperations,
  "VPC endpoints and prefix lists": endpointOperations,
};

/** Every collection of the account's EC2 resources, by id (what tags and eventual consistency are about). */
export function ec2ResourceCollections(state: Ec2State): Record<string, unknown>[] {
  return [
    state.vpcs,
    state.subnets,
    state.internetGateways,
    state.routeTables,
    state.securityGroups,
    state.networkAcls,
    state.instances,
    state.peeringConnections,
    state.addresses,
    endpointRecords(state),
    state.dhcpOptions ?? {},
  ];
}

/** The resources EC2 is eventually consistent about: a new one is briefly NotFound to other calls (core/consistency.ts). */
function trackedResourceIds(state: Ec2State): string[] {
  return ec2ResourceCollections(state).flatMap((records) => Object.keys(records));
}

export const ec2Service: QueryService<Ec2State> = {
  name: "ec2",
  version: EC2_API_VERSION,
  xmlns: `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`,
  regional: true,
  errorFormat: "ec2",
  inputDialect: ec2InputDialect,
  initialState: (ctx) => initialEc2State(ctx.region),
  advance: (state, now) => advanceEc2State(state, now),
  transitionsDue: (state, now) => ec2TransitionsDue(state, now),
  trackedResourceIds,
  operations: Object.assign({}, ...Object.values(EC2_OPERATION_FAMILIES)),
};

export type { Ec2State } from "./model/types";
