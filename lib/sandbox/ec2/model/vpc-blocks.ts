/** A VPC's IPv4 blocks as they stand (the rules for adding one are in vpc-cidrs.ts). */
import { storedIpv4Block, type Ipv4Block as Cidr } from "@/lib/cidr";
import type { Ipv4Block, Vpc } from "./types";

/** The primary block first, then the secondary ones in the order they were added. */
export function vpcIpv4Blocks(vpc: Vpc): Ipv4Block[] {
  return [{ associationId: vpc.cidrAssociationId, cidr: vpc.cidrBlock }, ...(vpc.secondaryCidrBlocks ?? [])];
}

export function vpcIpv4Cidrs(vpc: Vpc): Cidr[] {
  return vpcIpv4Blocks(vpc).map((block) => storedIpv4Block(block.cidr));
}
