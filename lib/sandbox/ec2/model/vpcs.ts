/** VPCs and what every VPC comes with: a main route table, a default security group and network ACL. */
import { vpcHasEndpoints } from "./endpoints";
import { type Ipv4Block, parseStrictIpv4Cidr } from "@/lib/cidr";
import { dependencyViolation, invalidParameterValue, invalidVpcRange, vpcIdNotSpecified } from "./errors";
import { defaultDhcpOptionsId } from "./dhcp-options";
import { newId } from "./ids";
import { lookup } from "./lookup";
import { createDefaultNetworkAcl } from "./network-acls";
import { createRouteTable } from "./route-tables";
import { createDefaultSecurityGroup } from "./security-groups";
import { forgetTags } from "./tags";
import type { Ec2State, Vpc } from "./types";
import { checkVpcQuota } from "./quotas";

/** VPC CIDR blocks: a valid block with a prefix between /16 and /28. */
export function validateVpcCidr(text: string): Ipv4Block {
  const cidr = parseStrictIpv4Cidr(text);
  if (!cidr) throw invalidParameterValue(`Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  if (cidr.prefixLength < 16 || cidr.prefixLength > 28) throw invalidVpcRange(text);
  return cidr;
}

export function getVpc(state: Ec2State, vpcId: string): Vpc {
  return lookup(state.vpcs, "vpc", vpcId);
}

export function defaultVpc(state: Ec2State): Vpc | undefined {
  return Object.values(state.vpcs).find((vpc) => vpc.isDefault);
}

/** The default VPC, or AWS's error for an operation that needed one. */
export function requireDefaultVpc(state: Ec2State): Vpc {
  const vpc = defaultVpc(state);
  if (!vpc) throw vpcIdNotSpecified();
  return vpc;
}

export interface CreateVpcOptions {
  cidrBlock: string;
  instanceTenancy?: string;
  isDefault?: boolean;
  region: string;
}

export function createVpc(state: Ec2State, options: CreateVpcOptions): Vpc {
  const cidr = validateVpcCidr(options.cidrBlock);
  checkVpcQuota("vpcsPerRegion", Object.keys(state.vpcs).length);
  const tenancy = options.instanceTenancy ?? "default";
  if (tenancy !== "default" && tenancy !== "dedicated") {
    throw invalidParameterValue(`Value (${tenancy}) for parameter instanceTenancy is invalid.`);
  }
  const vpc: Vpc = {
    id: newId("vpc"),
    cidrBlock: cidr.cidr,
    cidrAssociationId: newId("vpc-cidr-assoc"),
    isDefault: options.isDefault ?? false,
    dhcpOptionsId: defaultDhcpOptionsId(state, options.region),
    instanceTenancy: tenancy,
    enableDnsSupport: true,
    // AWS turns DNS hostnames on only in the default VPC.
    enableDnsHostnames: options.isDefault ?? false,
  };
  state.vpcs[vpc.id] = vpc;
  createRouteTable(state, vpc.id, { main: true });
  createDefaultSecurityGroup(state, vpc.id);
  createDefaultNetworkAcl(state, vpc.id);
  return vpc;
}

function hasDependencies(state: Ec2State, vpcId: string): boolean {
  const inVpc = <T extends { vpcId: string }>(records: Record<string, T>, extra: (item: T) => boolean) =>
    Object.values(records).some((item) => item.vpcId === vpcId && extra(item));
  return (
    inVpc(state.subnets, () => true) ||
    vpcHasEndpoints(state, vpcId) ||
    inVpc(state.securityGroups, (group) => group.name !== "default") ||
    inVpc(state.routeTables, (table) => !table.associations.some((association) => association.main)) ||
    inVpc(state.networkAcls, (acl) => !acl.isDefault) ||
    Object.values(state.internetGateways).some((igw) => igw.attachedVpcId === vpcId) ||
    Object.values(state.peeringConnections).some(
      (pcx) => (pcx.status === "active" || pcx.status === "provisioning") && (pcx.requester.vpcId === vpcId || pcx.accepter.vpcId === vpcId),
    )
  );
}

/** Deletes a VPC and the pieces it came with; anything else still in it is a DependencyViolation. */
export function deleteVpc(state: Ec2State, vpcId: string): void {
  getVpc(state, vpcId);
  if (hasDependencies(state, vpcId)) throw dependencyViolation("vpc", vpcId);
  const owned = [state.routeTables, state.securityGroups, state.networkAcls] as Record<string, { vpcId: string }>[];
  for (const records of owned) {
    for (const [id, item] of Object.entries(records)) {
      if (item.vpcId !== vpcId) continue;
      delete records[id];
      forgetTags(state, id);
    }
  }
  delete state.vpcs[vpcId];
  forgetTags(state, vpcId);
}

export type VpcAttribute = "enableDnsSupport" | "enableDnsHostnames" | "enableNetworkAddressUsageMetrics";

/** A VPC attribute's value; Network Address Usage metrics are off until turned on, as on AWS. */
export function vpcAttribute(vpc: Vpc, attribute: VpcAttribute): boolean {
  return vpc[attribute] ?? false;
}

export function setVpcAttribute(vpc: Vpc, attribute: VpcAttribute, value: boolean): void {
  if (attribute === "enableDnsHostnames" && value && !vpc.enableDnsSupport) {
    throw invalidParameterValue("Cannot enable DNS hostnames without DNS support.");
  }
  if (attribute === "enableDnsSupport" && !value && vpc.enableDnsHostnames) {
    throw invalidParameterValue("Cannot disable DNS support while DNS hostnames are enabled.");
  }
  vpc[attribute] = value;
}
