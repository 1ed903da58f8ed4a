/**
 * A VPC's IPv4 blocks: the primary one CreateVpc gave it and the secondary ones
 * AssociateVpcCidrBlock adds. AWS's rules for a secondary block
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html, "IPv4 CIDR block
 * association restrictions"): /16 to /28; from the primary block's own RFC 1918 range, or publicly
 * routable (100.64.0.0/10 included), never from another RFC 1918 range nor 198.19.0.0/16; not
 * overlapping the VPC's blocks; not the same as or larger than a route's destination in one of the
 * VPC's route tables; at most 5 IPv4 blocks per VPC. Each block has its `local` route in every
 * route table of the VPC.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { blocksOverlap, blockWithin, storedIpv4Block, type Ipv4Block as Cidr } from "@/lib/cidr";
import { newId } from "./ids";
import { addLocalRoute, removeLocalRoute } from "./route-tables";
import type { Ec2State, Ipv4Block, Vpc } from "./types";
import { vpcIpv4Blocks, vpcIpv4Cidrs } from "./vpc-blocks";
import { validateVpcCidr } from "./vpcs";
import { cidrConflictWithRoute, cidrConflictWithVpcBlock, cidrLimitExceeded, dependencyViolationCidrBlock, invalidVpcRangeRestricted } from "@/lib/sandbox/ec2/model/errors";

/** AWS's default quota of IPv4 CIDR blocks per VPC, the primary included. */
export const MAX_IPV4_BLOCKS_PER_VPC = 5;

const RFC1918_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(storedIpv4Block);
const BENCHMARK_RANGE = storedIpv4Block("198.19.0.0/16");
/** The default VPC's range: with a block from it, AWS refuses one from 172.16.0.0/15. */
const DEFAULT_VPC_RANGE = storedIpv4Block("172.31.0.0/16");
const NEXT_TO_DEFAULT_VPC_RANGE = storedIpv4Block("172.16.0.0/15");

function rfc1918RangeOf(cidr: Cidr): Cidr | undefined {
  return RFC1918_RANGES.find((range) => blockWithin(cidr, range));
}

function isRestricted(vpc: Vpc, cidr: Cidr): boolean {
  const primaryRange = rfc1918RangeOf(storedIpv4Block(vpc.cidrBlock));
  const range = rfc1918RangeOf(cidr);
  if (range && range !== primaryRange) return true;
  if (blocksOverlap(cidr, BENCHMARK_RANGE)) return true;
  const hasDefaultRangeBlock = vpcIpv4Cidrs(vpc).some((block) => blockWithin(block, DEFAULT_VPC_RANGE));
  return hasDefaultRangeBlock && blocksOverlap(cidr, NEXT_TO_DEFAULT_VPC_RANGE);
}

function restricted(text: string): AwsError {
  return invalidVpcRangeRestricted(text);
}

function cidrConflict(text: string): AwsError {
  return cidrConflictWithVpcBlock(text);
}

/** A route whose destination the new block would contain (AWS: "the same or larger than a destination"). */
function conflictingRoute(state: Ec2State, vpc: Vpc, cidr: Cidr): boolean {
  return Object.values(state.routeTables).some(
    (table) =>
      table.vpcId === vpc.id &&
      table.routes.some((route) => route.gatewayId !== "local" && route.destinationCidrBlock !== undefined && blockWithin(storedIpv4Block(route.destinationCidrBlock), cidr)),
  );
}

function checkSecondaryBlock(state: Ec2State, vpc: Vpc, text: string): Cidr {
  const cidr = validateVpcCidr(text);
  if (isRestricted(vpc, cidr)) throw restricted(text);
  if (vpcIpv4Cidrs(vpc).some((block) => blocksOverlap(block, cidr))) throw cidrConflict(text);
  if (conflictingRoute(state, vpc, cidr)) {
    throw cidrConflictWithRoute(text);
  }
  if (vpcIpv4Blocks(vpc).length >= MAX_IPV4_BLOCKS_PER_VPC) {
    throw cidrLimitExceeded(vpc.id, MAX_IPV4_BLOCKS_PER_VPC);
  }
  return cidr;
}

export function associateVpcIpv4Block(state: Ec2State, vpc: Vpc, text: string): Ipv4Block {
  const cidr = checkSecondaryBlock(state, vpc, text);
  const block: Ipv4Block = { associationId: newId("vpc-cidr-assoc"), cidr: cidr.cidr };
  vpc.secondaryCidrBlocks = [...(vpc.secondaryCidrBlocks ?? []), block];
  addLocalRoute(state, vpc.id, { destinationCidrBlock: block.cidr });
  return block;
}

/** Removes a secondary block, or returns undefined when the association is not one; a subnet in it is a dependency. */
export function disassociateVpcIpv4Block(state: Ec2State, associationId: string): { vpc: Vpc; block: Ipv4Block } | undefined {
  for (const vpc of Object.values(state.vpcs)) {
    const block = vpc.secondaryCidrBlocks?.find((candidate) => candidate.associationId === associationId);
    if (!block) continue;
    const outer = storedIpv4Block(block.cidr);
    const inUse = Object.values(state.subnets).some((subnet) => subnet.vpcId === vpc.id && blockWithin(storedIpv4Block(subnet.cidrBlock), outer));
    if (inUse) throw dependencyViolationCidrBlock(block.cidr);
    const remaining = (vpc.secondaryCidrBlocks ?? []).filter((candidate) => candidate !== block);
    if (remaining.length > 0) vpc.secondaryCidrBlocks = remaining;
    else delete vpc.secondaryCidrBlocks;
    removeLocalRoute(state, vpc.id, { destinationCidrBlock: block.cidr });
    return { vpc, block };
  }
  return undefined;
}
