import { blockContains, cidrContains, intToIpv4, ipv4ToInt, isRfc1918 } from "@/lib/cidr";
import { explain } from "./explanations";
import { evaluateNetworkAcl } from "./network-acls";
import { describeTraffic, type Packet, replyPacket, requestPacket } from "./packet";
import { describeRoute, lookupRoute, routeTarget, routeText } from "./routes";
import { findSecurityGroupRule } from "./security-groups";
import { type IndexedInterface, type IndexedRoute, networkAclForSubnet, routeTableForSubnet, type SnapshotIndex } from "./lab-snapshot";
import type { ComponentType, Direction, Explanation, Hop, PacketQuery, PacketVerdict } from "./types";

type Endpoint =
  | { kind: "instance"; eni: IndexedInterface }
  | { kind: "internet"; address: number }
  | { kind: "service"; endpointId: string; vpcId: string };

interface Arrival {
  endpoint: Endpoint;
  /** The packet as delivered, after any address translation by an internet gateway. */
  packet: Packet;
}

/** How a packet reached an instance; only private delivery carries the sender's security groups. */
type Via = { kind: "private"; from: IndexedInterface } | { kind: "internet" } | { kind: "service" };

interface Walk {
  index: SnapshotIndex;
  direction: Direction;
  hops: Hop[];
  failure?: { hop: Hop; explanation: Explanation };
  outsideRange?: string;
}

function pass(walk: Walk, componentId: string, componentType: ComponentType, detail: string): void {
  walk.hops.push({ componentId, componentType, direction: walk.direction, verdict: "allow", detail });
}

function block(walk: Walk, componentId: string, componentType: ComponentType, detail: string, explanation: Explanation): undefined {
  const hop: Hop = { componentId, componentType, direction: walk.direction, verdict: "deny", detail };
  walk.hops.push(hop);
  walk.failure = { hop, explanation };
  return undefined;
}

function primaryCidr(index: SnapshotIndex, vpcId: string, address?: number): string | undefined {
  const blocks = index.vpcs.get(vpcId)?.blocks ?? [];
  const containing = address === undefined ? undefined : blocks.find((block) => blockContains(block, address));
  return (containing ?? blocks[0])?.cidr;
}

function findInterfaceByPrivateIp(index: SnapshotIndex, address: string): IndexedInterface | undefined {
  for (const eni of index.instances.values()) if (eni.privateIp === address) return eni;
  return undefined;
}

/** How a fix sentence names the far end: a VPC's CIDR, the caller's range, or a /32. */
function peerLabel(walk: Walk, address: number): string {
  const text = intToIpv4(address);
  if (walk.outsideRange && cidrContains(walk.outsideRange, text)) return walk.outsideRange;
  const eni = findInterfaceByPrivateIp(walk.index, text);
  return (eni && primaryCidr(walk.index, eni.vpcId, address)) ?? `${text}/32`;
}

function trafficOf(packet: Packet): string {
  return describeTraffic(packet.protocol, packet.destinationPort);
}

function peeringBetween(index: SnapshotIndex, vpcA: string, vpcB: string): string | undefined {
  const live = index.snapshot.peeringConnections.filter((pcx) => {
    const ends = [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId];
    return ends.includes(vpcA) && ends.includes(vpcB) && !["deleted", "rejected", "expired", "failed"].includes(pcx.Status?.Code ?? "");
  });
  return live.map((pcx) => pcx.VpcPeeringConnectionId).sort()[0];
}

function vpcOwning(index: SnapshotIndex, address: number, except: string): string | undefined {
  for (const [vpcId, vpc] of index.vpcs) {
    if (vpcId !== except && vpc.blocks.some((block) => blockContains(block, address))) return vpcId;
  }
  return undefined;
}

function routeFix(index: SnapshotIndex, vpcId: string, routeTableId: string, address: number): string {
  if (!isRfc1918(address)) {
    const gateway = index.attachedInternetGatewayByVpc.get(vpcId)?.InternetGatewayId;
    return gateway
      ? `Add a route 0.0.0.0/0 -> ${gateway} to route table ${routeTableId}.`
      : `Create an internet gateway, attach it to ${vpcId}, and add a route 0.0.0.0/0 -> that gateway to route table ${routeTableId}.`;
  }
  const peerVpc = vpcOwning(index, address, vpcId);
  if (!peerVpc) return `Add a route covering ${intToIpv4(address)} to route table ${routeTableId}.`;
  const cidr = primaryCidr(index, peerVpc, address);
  const pcx = peeringBetween(index, vpcId, peerVpc);
  return pcx
    ? `Add a route ${cidr} -> ${pcx} to route table ${routeTableId}.`
    : `Peer ${vpcId} with ${peerVpc}, then add a route ${cidr} -> that peering connection to route table ${routeTableId}.`;
}

function checkInstanceRunning(walk: Walk, eni: IndexedInterface, detail: string): boolean {
  const state = eni.instance.State?.Name ?? "unknown";
  if (state === "running") {
    pass(walk, eni.instanceId, "instance", detail);
    return true;
  }
  block(walk, eni.instanceId, "instance", `instance is ${state}`, explain.instanceNotRunning(eni.instanceId, state));
  return false;
}

function checkNetworkAcl(walk: Walk, eni: IndexedInterface, direction: "inbound" | "outbound", packet: Packet): boolean {
  const acl = networkAclForSubnet(walk.index, eni.subnetId, eni.vpcId);
  if (!acl) return true;
  const aclId = acl.acl.NetworkAclId ?? eni.subnetId;
  const decision = evaluateNetworkAcl(acl, direction, packet);
  if (decision.allowed) {
    pass(walk, aclId, "network-acl", decision.description);
    return true;
  }
  const peer = peerLabel(walk, direction === "inbound" ? packet.sourceIp : packet.destinationIp);
  const why = explain.networkAclBlocks(aclId, direction, trafficOf(packet), peer, decision.entry?.RuleNumber, walk.direction === "return");
  block(walk, aclId, "network-acl", decision.description, why);
  return false;
}

function checkSecurityGroup(walk: Walk, eni: IndexedInterface, direction: "ingress" | "egress", packet: Packet, via?: Via): boolean {
  const firstGroup = eni.groupIds[0] ?? eni.instanceId;
  if (walk.direction === "return") {
    pass(walk, firstGroup, "security-group", "reply allowed: security groups are stateful");
    return true;
  }
  const peerAddress = direction === "ingress" ? packet.sourceIp : packet.destinationIp;
  const peerGroups = via?.kind === "private" ? via.from.groupIds : undefined;
  const match = findSecurityGroupRule(walk.index, eni.groupIds, direction, packet, { address: peerAddress, groupIds: peerGroups });
  if (match) {
    pass(walk, match.groupId, "security-group", match.description);
    return true;
  }
  const why = explain.securityGroupBlocks(firstGroup, direction, trafficOf(packet), peerLabel(walk, peerAddress));
  block(walk, firstGroup, "security-group", `no ${direction === "ingress" ? "inbound" : "outbound"} rule matches`, why);
  return false;
}

function enterInstance(walk: Walk, eni: IndexedInterface, packet: Packet, via: Via): Arrival | undefined {
  const sameSubnet = via.kind === "private" && via.from.subnetId === eni.subnetId;
  if (!sameSubnet && !checkNetworkAcl(walk, eni, "inbound", packet)) return undefined;
  if (!checkSecurityGroup(walk, eni, "ingress", packet, via)) return undefined;
  if (walk.direction === "return") pass(walk, eni.instanceId, "instance", "reply delivered");
  else if (!checkInstanceRunning(walk, eni, `running; receives on ${eni.privateIp}`)) return undefined;
  return { endpoint: { kind: "instance", eni }, packet };
}

function arriveFromInternet(walk: Walk, packet: Packet, target?: IndexedInterface): Arrival | undefined {
  const eni = target ?? walk.index.interfaceByPublicIp.get(intToIpv4(packet.destinationIp));
  if (!eni) {
    pass(walk, intToIpv4(packet.destinationIp), "address", "internet host");
    return { endpoint: { kind: "internet", address: packet.destinationIp }, packet };
  }
  const gateway = walk.index.attachedInternetGatewayByVpc.get(eni.vpcId)?.InternetGatewayId;
  if (!gateway) return block(walk, eni.vpcId, "vpc", "no internet gateway attached", explain.noInternetGateway(eni.vpcId));
  if (!eni.publicIp) {
    return block(walk, gateway, "internet-gateway", `${eni.instanceId} has no public IPv4 address`, explain.noPublicIpForIngress(eni.instanceId));
  }
  pass(walk, gateway, "internet-gateway", `translates ${eni.publicIp} to ${eni.privateIp}`);
  return enterInstance(walk, eni, { ...packet, destinationIp: ipv4ToInt(eni.privateIp) }, { kind: "internet" });
}

function crossPeering(walk: Walk, from: IndexedInterface, pcxId: string, packet: Packet): Arrival | undefined {
  const pcx = walk.index.peeringConnections.get(pcxId);
  const requester = pcx?.RequesterVpcInfo;
  const peer = requester?.VpcId === from.vpcId ? pcx?.AccepterVpcInfo : requester;
  const peerVpcId = peer?.VpcId ?? "";
  const listed = [...(peer?.CidrBlockSet ?? []).map((block) => block.CidrBlock), peer?.CidrBlock].filter((cidr): cidr is string => Boolean(cidr));
  const peerCidrs = listed.length > 0 ? [...new Set(listed)] : (walk.index.vpcs.get(peerVpcId)?.blocks ?? []).map((block) => block.cidr);
  const address = intToIpv4(packet.destinationIp);
  if (!peerCidrs.some((cidr) => cidrContains(cidr, address))) {
    const why = explain.peeringAddressOutsideCidr(pcxId, address, peerVpcId, peerCidrs.join(", "));
    return block(walk, pcxId, "peering-connection", `${address} is outside ${peerCidrs.join(", ")}`, why);
  }
  pass(walk, pcxId, "peering-connection", `active; ${address} is in ${peerVpcId} (${peerCidrs.join(", ")})`);
  const eni = walk.index.interfaceByPrivateIp.get(`${peerVpcId}/${address}`);
  if (!eni) return block(walk, peerVpcId, "vpc", `nothing at ${address}`, explain.nothingAtAddress(peerVpcId, address));
  return enterInstance(walk, eni, packet, { kind: "private", from });
}

function toInternet(walk: Walk, from: IndexedInterface, gatewayId: string, packet: Packet): Arrival | undefined {
  if (!from.publicIp) {
    return block(walk, gatewayId, "internet-gateway", `${from.instanceId} has no public IPv4 address`, explain.noPublicIpForEgress(from.instanceId, gatewayId));
  }
  pass(walk, gatewayId, "internet-gateway", `translates ${from.privateIp} to ${from.publicIp}`);
  return arriveFromInternet(walk, { ...packet, sourceIp: ipv4ToInt(from.publicIp) });
}

function toEndpoint(walk: Walk, from: IndexedInterface, endpointId: string, packet: Packet): Arrival | undefined {
  const endpoint = walk.index.vpcEndpoints.get(endpointId);
  const state = endpoint?.State ?? "deleted";
  if (state.toLowerCase() !== "available") return block(walk, endpointId, "vpc-endpoint", `endpoint is ${state}`, explain.endpointUnavailable(endpointId, state));
  if (packet.protocol === "udp") return block(walk, endpointId, "vpc-endpoint", "UDP is not carried", explain.endpointProtocol(endpointId, packet.protocol));
  pass(walk, endpointId, "vpc-endpoint", `gateway endpoint for ${endpoint?.ServiceName}`);
  return { endpoint: { kind: "service", endpointId, vpcId: from.vpcId }, packet };
}

/** Route checks that fail on the route itself, before the packet reaches its target. */
function brokenRoute(walk: Walk, from: IndexedInterface, route: IndexedRoute, routeTableId: string): Explanation | undefined {
  const target = routeTarget(route.route);
  const blackhole = explain.blackholeRoute(routeTableId, route.destination, target.kind === "local" ? "local" : target.id);
  if (target.kind === "unsupported") return explain.unsupportedTarget(routeTableId, target.id);
  if (target.kind === "peering-connection") {
    const status = walk.index.peeringConnections.get(target.id)?.Status?.Code;
    if (!status || ["deleted", "rejected", "expired"].includes(status)) return blackhole;
  }
  if (target.kind === "internet-gateway" && walk.index.attachedInternetGatewayByVpc.get(from.vpcId)?.InternetGatewayId !== target.id) return blackhole;
  if (target.kind === "vpc-endpoint" && !walk.index.vpcEndpoints.has(target.id)) return blackhole;
  const pcxPending = target.kind === "peering-connection" && walk.index.peeringConnections.get(target.id)?.Status?.Code !== "active";
  if (route.route.State === "blackhole" && !pcxPending) return blackhole;
  return undefined;
}

function peeringState(walk: Walk, pcxId: string): Explanation | undefined {
  const status = walk.index.peeringConnections.get(pcxId)?.Status;
  if (status?.Code === "active") return undefined;
  return explain.peeringNotActive(pcxId, status?.Code ?? "unknown", status?.Message);
}

function routeOut(walk: Walk, from: IndexedInterface, packet: Packet): Arrival | undefined {
  const table = routeTableForSubnet(walk.index, from.subnetId, from.vpcId);
  const address = intToIpv4(packet.destinationIp);
  const route = table && lookupRoute(table, packet.destinationIp);
  const target = route && routeTarget(route.route);
  const localTarget = target?.kind === "local" ? walk.index.interfaceByPrivateIp.get(`${from.vpcId}/${address}`) : undefined;
  if (localTarget?.subnetId !== from.subnetId && !checkNetworkAcl(walk, from, "outbound", packet)) return undefined;
  if (!table) return block(walk, from.vpcId, "vpc", "no route table", explain.noRoute(from.vpcId, address, walk.direction === "return", `Create a route table for ${from.vpcId}.`));
  const tableId = table.table.RouteTableId ?? from.subnetId;
  if (!route || !target) {
    const why = explain.noRoute(tableId, address, walk.direction === "return", routeFix(walk.index, from.vpcId, tableId, packet.destinationIp));
    return block(walk, tableId, "route-table", `no route to ${address}`, why);
  }
  if (target.kind === "internet-gateway" && isRfc1918(packet.destinationIp)) {
    // Internet gateways drop private destinations, so a default route does not reach a peer VPC.
    const why = explain.noRoute(tableId, address, walk.direction === "return", routeFix(walk.index, from.vpcId, tableId, packet.destinationIp), routeText(route));
    return block(walk, tableId, "route-table", `no route to ${address}`, why);
  }
  const broken = brokenRoute(walk, from, route, tableId);
  if (broken) return block(walk, tableId, "route-table", describeRoute(route), broken);
  pass(walk, tableId, "route-table", describeRoute(route));
  switch (target.kind) {
    case "local":
      if (!localTarget) return block(walk, from.vpcId, "vpc", `nothing at ${address}`, explain.nothingAtAddress(from.vpcId, address));
      return enterInstance(walk, localTarget, packet, { kind: "private", from });
    case "peering-connection": {
      const notActive = peeringState(walk, target.id);
      if (notActive) return block(walk, target.id, "peering-connection", notActive.message, notActive);
      return crossPeering(walk, from, target.id, packet);
    }
    case "internet-gateway":
      return toInternet(walk, from, target.id, packet);
    case "vpc-endpoint":
      return toEndpoint(walk, from, target.id, packet);
    default:
      return undefined;
  }
}

function send(walk: Walk, source: Endpoint, packet: Packet, target?: IndexedInterface): Arrival | undefined {
  switch (source.kind) {
    case "instance":
      if (walk.direction === "forward" && !checkInstanceRunning(walk, source.eni, `running; sends from ${source.eni.privateIp}`)) return undefined;
      if (!checkSecurityGroup(walk, source.eni, "egress", packet)) return undefined;
      return routeOut(walk, source.eni, packet);
    case "internet":
      if (walk.direction === "forward") pass(walk, intToIpv4(source.address), "address", "source on the internet");
      if (target && !target.publicIp) {
        const gateway = walk.index.attachedInternetGatewayByVpc.get(target.vpcId)?.InternetGatewayId;
        const why = explain.noPublicIpForIngress(target.instanceId);
        return gateway ? block(walk, gateway, "internet-gateway", `${target.instanceId} has no public IPv4 address`, why) : block(walk, target.instanceId, "instance", "no public IPv4 address", why);
      }
      return arriveFromInternet(walk, packet, target);
    case "service": {
      pass(walk, source.endpointId, "vpc-endpoint", "reply from the service");
      const address = intToIpv4(packet.destinationIp);
      const eni = walk.index.interfaceByPrivateIp.get(`${source.vpcId}/${address}`);
      if (!eni) return block(walk, source.vpcId, "vpc", `nothing at ${address}`, explain.nothingAtAddress(source.vpcId, address));
      return enterInstance(walk, eni, packet, { kind: "service" });
    }
  }
}

function instanceOrThrow(index: SnapshotIndex, instanceId: string): IndexedInterface {
  const eni = index.instances.get(instanceId);
  if (!eni) throw new Error(`Instance ${instanceId} is not in the snapshot`);
  return eni;
}

interface ResolvedQuery {
  source: Endpoint;
  target?: IndexedInterface;
  request: Packet;
}

function resolveQuery(index: SnapshotIndex, query: PacketQuery): ResolvedQuery {
  if ("instanceId" in query.from) {
    const eni = instanceOrThrow(index, query.from.instanceId);
    const destination = "instanceId" in query.to ? instanceOrThrow(index, query.to.instanceId).privateIp : query.to.address;
    return { source: { kind: "instance", eni }, request: requestPacket(query.protocol, ipv4ToInt(eni.privateIp), ipv4ToInt(destination), query.port, query.sourcePort) };
  }
  const target = "instanceId" in query.to ? instanceOrThrow(index, query.to.instanceId) : index.interfaceByPublicIp.get(query.to.address);
  if (!target) throw new Error("A packet question from an outside address needs an instance (or its public IP) as destination");
  const source = ipv4ToInt(query.from.address);
  const destination = ipv4ToInt(target.publicIp ?? target.privateIp);
  return { source: { kind: "internet", address: source }, target, request: requestPacket(query.protocol, source, destination, query.port, query.sourcePort) };
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  if (a.kind === "instance" && b.kind === "instance") return a.eni.instanceId === b.eni.instanceId;
  if (a.kind === "internet" && b.kind === "internet") return a.address === b.address;
  return false;
}

function verdictOf(walk: Walk): PacketVerdict {
  if (!walk.failure) return { reachable: true, hops: walk.hops };
  return { reachable: false, hops: walk.hops, blockedAt: walk.failure.hop, explanation: walk.failure.explanation };
}

/**
 * Follows a packet hop by hop from source to destination and its reply back, as AWS would
 * forward it: security groups (stateful), network ACLs (stateless, both ways), route tables
 * (longest prefix), peering connections, internet gateways and gateway endpoints.
 */
export function analyzePacketPath(index: SnapshotIndex, query: PacketQuery): PacketVerdict {
  const { source, target, request } = resolveQuery(index, query);
  const walk: Walk = { index, direction: "forward", hops: [], outsideRange: "address" in query.from ? query.from.range : undefined };
  const arrival = send(walk, source, request, target);
  if (!arrival) return verdictOf(walk);
  walk.direction = "return";
  const back = send(walk, arrival.endpoint, replyPacket(arrival.packet));
  if (back && !sameEndpoint(back.endpoint, source)) {
    const last = walk.hops[walk.hops.length - 1];
    const address = intToIpv4(arrival.packet.sourceIp);
    block(walk, last.componentId, last.componentType, `reply went to another host`, explain.nothingAtAddress(last.componentId, address));
  }
  return verdictOf(walk);
}
