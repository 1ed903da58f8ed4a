/**
 * Which VPCs belong to which lab (pure, over a snapshot; the console's diagram uses it in the
 * browser too, so it imports no AWS client).
 */
import type { Vpc } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { cidrsOverlap, parseIpv4Cidr } from "@/lib/cidr";
import type { LabId } from "./lab-id";
import { LAB_TAG, ROLE_TAG, tagValue } from "./tags";

/** What telling the labs' VPCs apart reads of a snapshot (the diagram's input has it too). */
export type VpcFacts = Pick<LabSnapshot, "region" | "vpcs" | "peeringConnections" | "vpcEndpoints">;


/** Live (not deleted) peering states: the ones that tie two VPCs into Lab 1. */
const LIVE_PEERING = new Set(["initiating-request", "pending-acceptance", "provisioning", "active", "failed"]);

function cidrOrder(a: Vpc, b: Vpc): number {
  const left = parseIpv4Cidr(a.CidrBlock ?? "0.0.0.0/0");
  const right = parseIpv4Cidr(b.CidrBlock ?? "0.0.0.0/0");
  return left.network - right.network || (a.VpcId ?? "").localeCompare(b.VpcId ?? "");
}

export interface LabVpcs {
  lab1: { vpc1?: Vpc; vpc2?: Vpc };
  lab2: { vpc?: Vpc };
}

function s3GatewayEndpointVpcs(snapshot: VpcFacts): Set<string> {
  const service = `com.amazonaws.${snapshot.region}.s3`;
  return new Set(
    snapshot.vpcEndpoints
      .filter((endpoint) => endpoint.ServiceName === service && endpoint.VpcEndpointType === "Gateway" && !/^deleted|deleting$/i.test(endpoint.State ?? ""))
      .flatMap((endpoint) => (endpoint.VpcId ? [endpoint.VpcId] : [])),
  );
}

function peeredPair(snapshot: VpcFacts, free: (id: string | undefined) => boolean, known?: string): [string, string] | undefined {
  const live = snapshot.peeringConnections.filter((pcx) => LIVE_PEERING.has(pcx.Status?.Code ?? ""));
  // Active connections first: a failed attempt next to a working one is not the pair.
  live.sort((a, b) => Number(b.Status?.Code === "active") - Number(a.Status?.Code === "active"));
  for (const pcx of live) {
    const requester = pcx.RequesterVpcInfo?.VpcId;
    const accepter = pcx.AccepterVpcInfo?.VpcId;
    if (!requester || !accepter || requester === accepter) continue;
    const fits = known ? (requester === known && free(accepter)) || (accepter === known && free(requester)) : free(requester) && free(accepter);
    if (fits) return [requester, accepter];
  }
  return undefined;
}

/**
 * Which VPCs belong to which lab. The rules, in order (checks never require tags):
 * 1. Tags: `vpclab:lab` = vpc-peering / vpc-endpoints with `vpclab:role` = vpc-1 / vpc-2 / vpc
 *    (do-it-for-me's). A VPC the console created in a lab (`vpclab:lab` without a role) is that
 *    lab's: Lab 2's outright, Lab 1's to fill its places by the rules below.
 * 2. Lab 2's VPC: an untagged non-default VPC with a gateway endpoint for S3.
 * 3. Lab 1's pair: two non-default VPCs joined by a live peering connection
 *    (the requester is VPC 1); with one VPC known, the VPC peered with it.
 * 4. Non-default VPCs left over go to the lab asked about (`forLab`), in CIDR order (Lab 1's
 *    own first), filling its empty places: a student who built by hand is checked against what they built.
 * The default VPC is never a lab's.
 */
export function identifyLabVpcs(snapshot: VpcFacts, forLab: LabId): LabVpcs {
  const candidates = snapshot.vpcs.filter((vpc) => !vpc.IsDefault && vpc.State !== ("deleted" as never)).sort(cidrOrder);
  const byId = new Map(candidates.map((vpc) => [vpc.VpcId!, vpc]));
  const labOf = (vpc: Vpc | undefined) => tagValue(vpc?.Tags, LAB_TAG);
  const lab1Own = (vpc: Vpc | undefined) => labOf(vpc) === "vpc-peering" && !tagValue(vpc?.Tags, ROLE_TAG);
  const claimed = new Set(candidates.filter((vpc) => labOf(vpc) && !lab1Own(vpc)).map((vpc) => vpc.VpcId!));
  const tagged = (lab: LabId, role: string) => candidates.find((vpc) => labOf(vpc) === lab && tagValue(vpc.Tags, ROLE_TAG) === role);
  const result: LabVpcs = {
    lab1: { vpc1: tagged("vpc-peering", "vpc-1"), vpc2: tagged("vpc-peering", "vpc-2") },
    lab2: { vpc: tagged("vpc-endpoints", "vpc") ?? candidates.find((vpc) => labOf(vpc) === "vpc-endpoints") },
  };
  for (const vpc of [result.lab1.vpc1, result.lab1.vpc2]) if (vpc) claimed.add(vpc.VpcId!);
  const free = (id: string | undefined) => Boolean(id && byId.has(id) && !claimed.has(id));
  const freeForLab2 = (id: string | undefined) => free(id) && !lab1Own(byId.get(id!));

  if (!result.lab2.vpc) {
    const withEndpoint = candidates.find((vpc) => s3GatewayEndpointVpcs(snapshot).has(vpc.VpcId!) && freeForLab2(vpc.VpcId));
    if (withEndpoint) {
      result.lab2.vpc = withEndpoint;
      claimed.add(withEndpoint.VpcId!);
    }
  }
  fillLab1FromPeering(snapshot, result, byId, free, claimed);
  fillInCidrOrder(candidates.filter((vpc) => forLab === "vpc-peering" || !lab1Own(vpc)), result, forLab, claimed, lab1Own);
  return result;
}

/** The VPCs the other lab holds, as `identifyLabVpcs` sees the account from this lab: its diagram draws them collapsed. */
export function otherLabVpcIds(snapshot: VpcFacts, labId: LabId): Set<string> {
  const { lab1, lab2 } = identifyLabVpcs(snapshot, labId);
  const others = labId === "vpc-peering" ? [lab2.vpc] : [lab1.vpc1, lab1.vpc2];
  return new Set(others.flatMap((vpc) => (vpc?.VpcId ? [vpc.VpcId] : [])));
}

/**
 * The account's VPCs as a lab's forms offer them: the lab's own (VPC 1 then VPC 2, or Lab 2's VPC),
 * then the other non-default VPCs by CIDR, then the other lab's, then the default VPC. A form
 * preselects the first, so on Lab 1's page it is never Lab 2's 10.0.0.0/16, which comes first by
 * CIDR and by id (a peering request from VPC 1 was offered to Lab 2's VPC). Without a lab: by CIDR,
 * the default VPC last.
 */
export function vpcsForLab(snapshot: VpcFacts, labId: LabId | undefined): Vpc[] {
  const own = new Map<string, number>();
  const other = labId ? otherLabVpcIds(snapshot, labId) : new Set<string>();
  if (labId) {
    const { lab1, lab2 } = identifyLabVpcs(snapshot, labId);
    const mine = labId === "vpc-peering" ? [lab1.vpc1, lab1.vpc2] : [lab2.vpc];
    mine.forEach((vpc, index) => vpc?.VpcId && own.set(vpc.VpcId, index));
  }
  const rank = (vpc: Vpc) => (vpc.IsDefault ? 3 : other.has(vpc.VpcId ?? "") ? 2 : own.has(vpc.VpcId ?? "") ? 0 : 1);
  return [...snapshot.vpcs].sort((a, b) => rank(a) - rank(b) || (own.get(a.VpcId ?? "") ?? 0) - (own.get(b.VpcId ?? "") ?? 0) || cidrOrder(a, b));
}

/** Instances (or anything in a VPC) in the order of their VPCs in `vpcsForLab`, as they came within one VPC. */
export function inLabOrder<T extends { VpcId?: string }>(items: readonly T[], snapshot: VpcFacts, labId: LabId | undefined): T[] {
  const vpcs = vpcsForLab(snapshot, labId);
  const rank = new Map(vpcs.map((vpc, index) => [vpc.VpcId, index]));
  const of = (item: T) => rank.get(item.VpcId) ?? vpcs.length;
  return [...items].sort((a, b) => of(a) - of(b));
}

/**
 * What Create VPC suggests next on a lab's page (its placeholders): the name of the lab's first
 * empty place ("vpc-1", then "vpc-2", then "vpc-3"; Lab 2's "lab2-vpc") and the first 10.N.0.0/16 that overlaps
 * no VPC of the account, from 10.1 on Lab 1 (the labs' ranges), 10.0 on Lab 2. The hints said
 * vpc-1 and 10.1.0.0/16 when VPC 1 already had that range.
 */
export function suggestedVpc(snapshot: VpcFacts, labId: LabId | undefined): { name: string; cidr: string } {
  const { lab1 } = identifyLabVpcs(snapshot, labId ?? "vpc-peering");
  const name = labId === "vpc-endpoints" ? "lab2-vpc" : !lab1.vpc1 ? "vpc-1" : !lab1.vpc2 ? "vpc-2" : "vpc-3";
  const first = labId === "vpc-endpoints" ? 0 : 1;
  for (let second = first; second < 256; second++) {
    const cidr = `10.${second}.0.0/16`;
    if (!snapshot.vpcs.some((vpc) => vpc.CidrBlock && cidrsOverlap(vpc.CidrBlock, cidr))) return { name, cidr };
  }
  return { name, cidr: "172.16.0.0/16" };
}

/**
 * The name the launch form hints for an instance in `vpcId`: on Lab 1's page "instance-1" in VPC 1
 * and "instance-2" in VPC 2 (the steps' names), on Lab 2's "lab2-instance" (beside its "lab2-vpc").
 */
export function suggestedInstanceName(snapshot: VpcFacts, labId: LabId | undefined, vpcId: string | undefined): string {
  if (labId === "vpc-endpoints") return "lab2-instance";
  const { lab1 } = identifyLabVpcs(snapshot, "vpc-peering");
  return vpcId !== undefined && vpcId === lab1.vpc2?.VpcId ? "instance-2" : "instance-1";
}

/** Create security group's hints for a group in `vpcId`: for the instance the VPC holds, and what the lab's group allows. */
export function suggestedSecurityGroup(snapshot: VpcFacts, labId: LabId | undefined, vpcId: string | undefined): { name: string; description: string } {
  const name = `${suggestedInstanceName(snapshot, labId, vpcId)}-sg`;
  return { name, description: labId === "vpc-endpoints" ? "Allows SSH from EC2 Instance Connect" : "Allows SSH and ping" };
}

/**
 * The source a security group rule in `vpcId` most likely wants, as its form's hint: the range of a
 * VPC peered with it (Lab 1's ping from VPC 1 into VPC 2), else the VPC's own range.
 */
export function ruleSourceHint(snapshot: VpcFacts, vpcId: string | undefined): string {
  const peering = snapshot.peeringConnections.find(
    (pcx) => LIVE_PEERING.has(pcx.Status?.Code ?? "") && [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId].includes(vpcId),
  );
  const peerId = peering && (peering.RequesterVpcInfo?.VpcId === vpcId ? peering.AccepterVpcInfo?.VpcId : peering.RequesterVpcInfo?.VpcId);
  const cidrOf = (id: string | undefined) => snapshot.vpcs.find((vpc) => vpc.VpcId === id)?.CidrBlock;
  return cidrOf(peerId) ?? cidrOf(vpcId) ?? "10.0.0.0/16";
}

function fillLab1FromPeering(snapshot: VpcFacts, result: LabVpcs, byId: Map<string, Vpc>, free: (id: string | undefined) => boolean, claimed: Set<string>) {
  const { vpc1, vpc2 } = result.lab1;
  if (vpc1 && vpc2) return;
  const known = vpc1?.VpcId ?? vpc2?.VpcId;
  const pair = peeredPair(snapshot, free, known);
  if (!pair) return;
  if (!known) {
    result.lab1 = { vpc1: byId.get(pair[0]), vpc2: byId.get(pair[1]) };
  } else {
    const other = pair[0] === known ? pair[1] : pair[0];
    if (vpc1) result.lab1.vpc2 = byId.get(other);
    else result.lab1.vpc1 = byId.get(other);
  }
  for (const id of pair) claimed.add(id);
}

function fillInCidrOrder(candidates: Vpc[], result: LabVpcs, forLab: LabId, claimed: Set<string>, lab1Own: (vpc: Vpc) => boolean) {
  const unclaimed = candidates.filter((vpc) => !claimed.has(vpc.VpcId!)).sort((a, b) => Number(lab1Own(b)) - Number(lab1Own(a)));
  if (forLab === "vpc-endpoints") {
    result.lab2.vpc ??= unclaimed[0];
    return;
  }
  if (!result.lab1.vpc1) result.lab1.vpc1 = unclaimed.shift();
  if (!result.lab1.vpc2) result.lab1.vpc2 = unclaimed.shift();
}
