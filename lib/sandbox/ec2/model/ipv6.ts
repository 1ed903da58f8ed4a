/**
 * Amazon-provided IPv6: a VPC gets a /56 from Amazon's pool (CreateVpc or AssociateVpcCidrBlock
 * with AmazonProvidedIpv6CidrBlock), and its subnets take /64s from it (AssociateSubnetCidrBlock).
 * As in AWS, the /56 gets its `local` route in every route table of the VPC.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { invalidParameterValue, cidrLimitExceeded, dependencyViolationCidrBlock, invalidParameterValueSubnetHasIpv6, invalidSubnetCidrBlockAssociationIdNotFound, invalidSubnetConflict, invalidSubnetRangeIpv6, invalidVpcCidrBlockAssociationIdNotFound } from "./errors";
import { newId, randomHex } from "./ids";
import { addLocalRoute, removeLocalRoute } from "./route-tables";
import { getSubnet } from "./subnets";
import type { Ec2State, Ipv6Block, Subnet, Vpc } from "./types";

/** AWS's default quota of IPv6 CIDR blocks per VPC. */
const MAX_IPV6_BLOCKS_PER_VPC = 5;

/** A /56 from Amazon's 2600:1f18::/32 range (us-east-1's), unique within the account. */
function newAmazonBlock(state: Ec2State): string {
  const taken = new Set(Object.values(state.vpcs).flatMap((vpc) => (vpc.ipv6Blocks ?? []).map((block) => block.cidr)));
  for (;;) {
    const cidr = `2600:1f18:${randomHex(4).replace(/^0+(?=.)/, "")}:${randomHex(2).replace(/^0+(?=.)/, "")}00::/56`;
    if (!taken.has(cidr)) return cidr;
  }
}

export function assignAmazonIpv6Block(state: Ec2State, vpc: Vpc): Ipv6Block {
  const blocks = vpc.ipv6Blocks ?? [];
  if (blocks.length >= MAX_IPV6_BLOCKS_PER_VPC) {
    throw cidrLimitExceeded(vpc.id, MAX_IPV6_BLOCKS_PER_VPC);
  }
  const block: Ipv6Block = { associationId: newId("vpc-cidr-assoc"), cidr: newAmazonBlock(state) };
  vpc.ipv6Blocks = [...blocks, block];
  addLocalRoute(state, vpc.id, { destinationIpv6CidrBlock: block.cidr });
  return block;
}

// ---------------------------------------------------------------- IPv6 text

/** The 128-bit value of an IPv6 address, or null when it is not one. */
function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) return null;
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) return null;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return null;
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

interface Ipv6Cidr {
  network: bigint;
  prefixLength: number;
}

function parseIpv6Cidr(text: string): Ipv6Cidr | null {
  const [address, length, extra] = text.split("/");
  if (extra !== undefined || length === undefined || !/^\d{1,3}$/.test(length) || Number(length) > 128) return null;
  const value = parseIpv6(address);
  return value === null ? null : { network: value, prefixLength: Number(length) };
}

function hostBits(prefixLength: number): bigint {
  return (1n << BigInt(128 - prefixLength)) - 1n;
}

function within(inner: Ipv6Cidr, outer: Ipv6Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength && (inner.network & ~hostBits(outer.prefixLength)) === outer.network;
}

// ---------------------------------------------------------------- subnets

function invalidSubnetIpv6(text: string): AwsError {
  return invalidSubnetRangeIpv6(text);
}

/** The /64 must lie in one of the VPC's blocks and not overlap another subnet's. */
export function associateSubnetIpv6Block(state: Ec2State, subnetId: string, text: string): { subnet: Subnet; block: Ipv6Block } {
  const subnet = getSubnet(state, subnetId);
  const cidr = parseIpv6Cidr(text);
  if (!cidr) throw invalidParameterValue(`Value (${text}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`);
  const vpcBlocks = (state.vpcs[subnet.vpcId].ipv6Blocks ?? []).map((block) => parseIpv6Cidr(block.cidr)!);
  if (cidr.prefixLength !== 64 || (cidr.network & hostBits(64)) !== 0n || !vpcBlocks.some((block) => within(cidr, block))) throw invalidSubnetIpv6(text);
  if ((subnet.ipv6Blocks ?? []).length > 0) throw invalidParameterValueSubnetHasIpv6(subnet.id);
  const taken = Object.values(state.subnets).some((other) => (other.ipv6Blocks ?? []).some((block) => parseIpv6Cidr(block.cidr)!.network === cidr.network));
  if (taken) throw invalidSubnetConflict(text);
  const block: Ipv6Block = { associationId: newId("subnet-cidr-assoc"), cidr: text.toLowerCase() };
  subnet.ipv6Blocks = [block];
  return { subnet, block };
}

function subnetAssociationNotFound(associationId: string): AwsError {
  return invalidSubnetCidrBlockAssociationIdNotFound(associationId);
}

export function disassociateSubnetIpv6Block(state: Ec2State, associationId: string): { subnet: Subnet; block: Ipv6Block } {
  for (const subnet of Object.values(state.subnets)) {
    const block = (subnet.ipv6Blocks ?? []).find((candidate) => candidate.associationId === associationId);
    if (!block) continue;
    subnet.ipv6Blocks = (subnet.ipv6Blocks ?? []).filter((candidate) => candidate !== block);
    return { subnet, block };
  }
  throw subnetAssociationNotFound(associationId);
}

// ---------------------------------------------------------------- VPC blocks

function vpcAssociationNotFound(associationId: string): AwsError {
  return invalidVpcCidrBlockAssociationIdNotFound(associationId);
}

/** Removes a VPC's IPv6 block; while a subnet still holds a /64 of it, AWS refuses. */
export function disassociateVpcIpv6Block(state: Ec2State, associationId: string): { vpc: Vpc; block: Ipv6Block } {
  for (const vpc of Object.values(state.vpcs)) {
    const block = (vpc.ipv6Blocks ?? []).find((candidate) => candidate.associationId === associationId);
    if (!block) continue;
    const outer = parseIpv6Cidr(block.cidr)!;
    const inUse = Object.values(state.subnets).some((subnet) => subnet.vpcId === vpc.id && (subnet.ipv6Blocks ?? []).some((own) => within(parseIpv6Cidr(own.cidr)!, outer)));
    if (inUse) throw dependencyViolationCidrBlock(block.cidr);
    const remaining = (vpc.ipv6Blocks ?? []).filter((candidate) => candidate !== block);
    if (remaining.length > 0) vpc.ipv6Blocks = remaining;
    else delete vpc.ipv6Blocks;
    removeLocalRoute(state, vpc.id, { destinationIpv6CidrBlock: block.cidr });
    return { vpc, block };
  }
  throw vpcAssociationNotFound(associationId);
}

export function isPrimaryAssociation(state: Ec2State, associationId: string): Vpc | undefined {
  return Object.values(state.vpcs).find((vpc) => vpc.cidrAssociationId === associationId);
}
