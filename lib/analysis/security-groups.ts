import type { IpPermission } from "@aws-sdk/client-ec2";
import { blockContains, cachedIpv4Block } from "@/lib/cidr";
import type { Packet } from "./packet";
import type { SnapshotIndex } from "./lab-snapshot";

/** Who is on the other side of the packet, as a security group rule sees it. */
export interface SecurityGroupPeer {
  address: number;
  /** The peer's groups; only set when the peer is reached privately (same or peered VPC). */
  groupIds?: readonly string[];
}

export interface SecurityGroupMatch {
  groupId: string;
  rule: IpPermission;
  description: string;
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: "6", udp: "17", icmp: "1" };

function ruleProtocolMatches(rule: IpPermission, packet: Packet): boolean {
  const protocol = rule.IpProtocol ?? "-1";
  if (protocol === "-1" || protocol === "all") return true;
  return protocol === packet.protocol || protocol === PROTOCOL_NUMBERS[packet.protocol];
}

function rulePortsMatch(rule: IpPermission, packet: Packet): boolean {
  const protocol = rule.IpProtocol ?? "-1";
  if (protocol === "-1" || protocol === "all") return true;
  if (packet.protocol === "icmp") {
    const typeMatches = rule.FromPort === undefined || rule.FromPort === -1 || rule.FromPort === packet.icmpType;
    const codeMatches = rule.ToPort === undefined || rule.ToPort === -1 || rule.ToPort === packet.icmpCode;
    return typeMatches && codeMatches;
  }
  const port = packet.destinationPort ?? 0;
  return (rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 65535);
}

function matchingPeer(index: SnapshotIndex, rule: IpPermission, peer: SecurityGroupPeer): string | undefined {
  for (const range of rule.IpRanges ?? []) {
    if (range.CidrIp && blockContains(cachedIpv4Block(range.CidrIp), peer.address)) return range.CidrIp;
  }
  for (const pair of rule.UserIdGroupPairs ?? []) {
    if (pair.GroupId && peer.groupIds?.includes(pair.GroupId)) return pair.GroupId;
  }
  for (const reference of rule.PrefixListIds ?? []) {
    const list = reference.PrefixListId ? index.prefixLists.get(reference.PrefixListId) : undefined;
    if (list?.blocks.some((block) => blockContains(block, peer.address))) return reference.PrefixListId;
  }
  return undefined;
}

export function describeRuleTraffic(rule: IpPermission): string {
  const protocol = rule.IpProtocol ?? "-1";
  if (protocol === "-1" || protocol === "all") return "all traffic";
  if (protocol === "icmp" || protocol === "1") {
    return rule.FromPort === undefined || rule.FromPort === -1 ? "all ICMP" : `ICMP type ${rule.FromPort}`;
  }
  const name = (protocol === "6" ? "tcp" : protocol === "17" ? "udp" : protocol).toUpperCase();
  return rule.FromPort === rule.ToPort ? `${name} port ${rule.FromPort}` : `${name} ports ${rule.FromPort}-${rule.ToPort}`;
}

/**
 * The first rule of the given groups that admits the packet, or undefined when none does
 * (security groups only allow, so one matching rule anywhere is enough).
 */
export function findSecurityGroupRule(
  index: SnapshotIndex,
  groupIds: readonly string[],
  direction: "ingress" | "egress",
  packet: Packet,
  peer: SecurityGroupPeer,
): SecurityGroupMatch | undefined {
  for (const groupId of groupIds) {
    const group = index.securityGroups.get(groupId);
    const rules = (direction === "ingress" ? group?.IpPermissions : group?.IpPermissionsEgress) ?? [];
    for (const rule of rules) {
      if (!ruleProtocolMatches(rule, packet) || !rulePortsMatch(rule, packet)) continue;
      const source = matchingPeer(index, rule, peer);
      if (source === undefined) continue;
      const word = direction === "ingress" ? "inbound rule" : "outbound rule";
      const preposition = direction === "ingress" ? "from" : "to";
      return { groupId, rule, description: `${word} ${describeRuleTraffic(rule)} ${preposition} ${source}` };
    }
  }
  return undefined;
}
