/** Subnets: CIDR rules, availability zones and address accounting. */
import { availabilityZones } from "./catalog";
import { blockSize, blockWithin, blocksOverlap, parseStrictIpv4Cidr, storedIpv4Block } from "@/lib/cidr";
import { dependencyViolation, invalidParameterValue, invalidSubnetConflict, invalidSubnetRange } from "./errors";
import { newId } from "./ids";
import { lookup } from "./lookup";
import { associateWithDefaultAcl, removeAclAssociation } from "./network-acls";
import { removeSubnetAssociations } from "./route-tables";
import { forgetTags } from "./tags";
import type { Ec2State, Subnet } from "./types";
import { checkVpcQuota, countWhere } from "./quotas";
import { vpcIpv4Cidrs } from "./vpc-blocks";

/** AWS keeps the network address, the next three and the broadcast address of every subnet. */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

export function getSubnet(state: Ec2State, subnetId: string): Subnet {
  return lookup(state.subnets, "subnet", subnetId);
}

function checkSubnetCidr(state: Ec2State, vpcId: string, text: string): string {
  const cidr = parseStrictIpv4Cidr(text);
  if (!cidr) throw invalidParameterValue(`Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  const inVpc = vpcIpv4Cidrs(state.vpcs[vpcId]).some((block) => blockWithin(cidr, block));
  if (cidr.prefixLength < 16 || cidr.prefixLength > 28 || !inVpc) {
    throw invalidSubnetRange(text);
  }
  const conflict = Object.values(state.subnets).some((subnet) => subnet.vpcId === vpcId && blocksOverlap(storedIpv4Block(subnet.cidrBlock), cidr));
  if (conflict) throw invalidSubnetConflict(text);
  return cidr.cidr;
}

function checkAvailabilityZone(region: string, zone: string | undefined, zoneId: string | undefined): string {
  const zones = availabilityZones(region);
  if (zone === undefined && zoneId === undefined) return zones[0].zoneName;
  const found = zones.find((z) => (zone === undefined || z.zoneName === zone) && (zoneId === undefined || z.zoneId === zoneId));
  if (!found) {
    const names = zones.map((z) => z.zoneName).join(", ");
    throw invalidParameterValue(
      `Value (${zone ?? zoneId}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${names}.`,
    );
  }
  return found.zoneName;
}

export interface CreateSubnetOptions {
  vpcId: string;
  cidrBlock: string;
  region: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  defaultForAz?: boolean;
}

export function createSubnet(state: Ec2State, options: CreateSubnetOptions): Subnet {
  lookup(state.vpcs, "vpc", options.vpcId);
  checkVpcQuota("subnetsPerVpc", countWhere(state.subnets, (subnet) => subnet.vpcId === options.vpcId));
  const subnet: Subnet = {
    id: newId("subnet"),
    vpcId: options.vpcId,
    cidrBlock: checkSubnetCidr(state, options.vpcId, options.cidrBlock),
    availabilityZone: checkAvailabilityZone(options.region, options.availabilityZone, options.availabilityZoneId),
    defaultForAz: options.defaultForAz ?? false,
    // Only default subnets hand out public IPs unless the student turns it on.
    mapPublicIpOnLaunch: options.defaultForAz ?? false,
  };
  state.subnets[subnet.id] = subnet;
  associateWithDefaultAcl(state, subnet);
  return subnet;
}

function liveInstancesIn(state: Ec2State, subnetId: string) {
  return Object.values(state.instances).filter((instance) => instance.subnetId === subnetId && instance.state !== "terminated");
}

export function deleteSubnet(state: Ec2State, subnetId: string): void {
  getSubnet(state, subnetId);
  if (liveInstancesIn(state, subnetId).length > 0) throw dependencyViolation("subnet", subnetId);
  removeSubnetAssociations(state, subnetId);
  removeAclAssociation(state, subnetId);
  delete state.subnets[subnetId];
  forgetTags(state, subnetId);
}

/** Private addresses taken in the subnet (instances that still hold an interface). */
export function usedAddresses(state: Ec2State, subnetId: string): Set<string> {
  return new Set(liveInstancesIn(state, subnetId).map((instance) => instance.privateIpAddress));
}

export function availableIpAddressCount(state: Ec2State, subnet: Subnet): number {
  return blockSize(storedIpv4Block(subnet.cidrBlock)) - RESERVED_ADDRESSES_PER_SUBNET - usedAddresses(state, subnet.id).size;
}
