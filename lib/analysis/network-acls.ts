import type { NetworkAclEntry } from "@aws-sdk/client-ec2";
import { blockContains } from "@/lib/cidr";
import type { Packet } from "./packet";
import type { IndexedAclEntry, IndexedNetworkAcl } from "./lab-snapshot";

export interface NetworkAclDecision {
  allowed: boolean;
  /** The deciding entry; undefined when no entry matched (the implicit final deny). */
  entry?: NetworkAclEntry;
  description: string;
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: "6", udp: "17", icmp: "1" };

function entryMatches(entry: NetworkAclEntry, packet: Packet): boolean {
  const protocol = entry.Protocol ?? "-1";
  if (protocol === "-1") return true;
  if (protocol !== PROTOCOL_NUMBERS[packet.protocol]) return false;
  if (packet.protocol === "icmp") {
    const type = entry.IcmpTypeCode?.Type ?? -1;
    const code = entry.IcmpTypeCode?.Code ?? -1;
    return (type === -1 || type === packet.icmpType) && (code === -1 || code === packet.icmpCode);
  }
  const port = packet.destinationPort ?? 0;
  return (entry.PortRange?.From ?? 0) <= port && port <= (entry.PortRange?.To ?? 65535);
}

function ruleName(entry: NetworkAclEntry): string {
  return entry.RuleNumber === 32767 ? "*" : String(entry.RuleNumber);
}

function describeEntryTraffic(entry: NetworkAclEntry): string {
  const protocol = entry.Protocol ?? "-1";
  if (protocol === "-1") return "all traffic";
  if (protocol === "1") return "ICMP";
  const name = protocol === "6" ? "TCP" : protocol === "17" ? "UDP" : `protocol ${protocol}`;
  const from = entry.PortRange?.From;
  const to = entry.PortRange?.To;
  return from === to ? `${name} port ${from}` : `${name} ports ${from}-${to}`;
}

/** Network ACLs are evaluated in rule-number order; the first entry that matches decides. */
export function evaluateNetworkAcl(acl: IndexedNetworkAcl, direction: "inbound" | "outbound", packet: Packet): NetworkAclDecision {
  const entries: IndexedAclEntry[] = direction === "inbound" ? acl.inbound : acl.outbound;
  const peer = direction === "inbound" ? packet.sourceIp : packet.destinationIp;
  const preposition = direction === "inbound" ? "from" : "to";
  for (const { entry, block } of entries) {
    if (!blockContains(block, peer) || !entryMatches(entry, packet)) continue;
    const allowed = entry.RuleAction === "allow";
    return { allowed, entry, description: `${direction} rule ${ruleName(entry)} ${entry.RuleAction} ${describeEntryTraffic(entry)} ${preposition} ${entry.CidrBlock}` };
  }
  return { allowed: false, description: `no ${direction} rule matches (implicit deny)` };
}
