/**
 * Deterministic generator of large lab-like topologies (shared by the property tests and the
 * benchmark): VPCs with one subnet, an internet gateway, a ring of peering connections plus random
 * extra ones, security groups and network ACLs with random rules.
 */
import type { IpPermission, NetworkAclEntry, Route, SecurityGroup, VpcPeeringConnection } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "./lab-snapshot";
import type { PacketQuery } from "./types";
import { seededRandom } from "@/lib/seeded-random";

export interface TopologyOptions {
  vpcs: number;
  instancesPerVpc: number;
  /** Extra peering connections beyond the ring, per VPC. */
  extraPeeringsPerVpc: number;
  securityGroupRulesPerVpc: number;
  networkAclRulesPerVpc: number;
  seed: number;
}

const hex = (prefix: string, n: number) => `${prefix}-${n.toString(16).padStart(17, "0")}`;
/** VPC i owns 10.(i/16).((i%16)*16).0/20, so up to 4096 VPCs never overlap. */
const vpcCidr = (i: number) => `10.${i >> 4}.${(i & 15) << 4}.0/20`;
const privateIp = (i: number, k: number) => `10.${i >> 4}.${(i & 15) << 4}.${10 + k}`;
const publicIp = (i: number, k: number) => `54.${(i >> 8) & 255}.${i & 255}.${10 + k}`;

export const ids = {
  vpc: (i: number) => hex("vpc", i + 1),
  subnet: (i: number) => hex("subnet", i + 1),
  igw: (i: number) => hex("igw", i + 1),
  rtb: (i: number) => hex("rtb", i + 1),
  acl: (i: number) => hex("acl", i + 1),
  sg: (i: number) => hex("sg", i + 1),
  instance: (i: number, k: number) => hex("i", i * 1000 + k + 1),
  pcx: (n: number) => hex("pcx", n + 1),
};

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function peerings(options: TopologyOptions, random: Random): VpcPeeringConnection[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < options.vpcs; i++) pairs.push([i, i + 1]);
  for (let i = 0; i < options.vpcs * options.extraPeeringsPerVpc; i++) {
    const a = Math.floor(random() * options.vpcs);
    const b = Math.floor(random() * options.vpcs);
    if (a !== b) pairs.push([a, b]);
  }
  return pairs.map(([a, b], n) => ({
    VpcPeeringConnectionId: ids.pcx(n),
    Status: random() < 0.9 ? { Code: "active", Message: "Active" } : { Code: "pending-acceptance", Message: "Pending Acceptance" },
    RequesterVpcInfo: { VpcId: ids.vpc(a), CidrBlock: vpcCidr(a) },
    AccepterVpcInfo: { VpcId: ids.vpc(b), CidrBlock: vpcCidr(b) },
  }));
}

function routesFor(i: number, connections: VpcPeeringConnection[], random: Random): Route[] {
  const routes: Route[] = [{ DestinationCidrBlock: vpcCidr(i), GatewayId: "local", State: "active" }];
  if (random() < 0.9) routes.push({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: ids.igw(i), State: "active" });
  const seen = new Set<string>();
  for (const pcx of connections) {
    const other = pcx.RequesterVpcInfo?.VpcId === ids.vpc(i) ? pcx.AccepterVpcInfo : pcx.RequesterVpcInfo;
    const cidr = other?.CidrBlock ?? "";
    if (seen.has(cidr) || random() < 0.1) continue;
    seen.add(cidr);
    routes.push({ DestinationCidrBlock: cidr, VpcPeeringConnectionId: pcx.VpcPeeringConnectionId, State: "active" });
  }
  return routes;
}

function randomPermission(random: Random, vpcs: number): IpPermission {
  const source = random() < 0.2 ? "0.0.0.0/0" : vpcCidr(Math.floor(random() * vpcs));
  const kind = random();
  if (kind < 0.3) return { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: source }] };
  const port = pick(random, [22, 80, 443, 3306, 8080]);
  return { IpProtocol: kind < 0.9 ? "tcp" : "udp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: source }] };
}

function securityGroup(i: number, options: TopologyOptions, random: Random): SecurityGroup {
  const rules = Array.from({ length: Math.max(0, options.securityGroupRulesPerVpc - 1) }, () => randomPermission(random, options.vpcs));
  return {
    GroupId: ids.sg(i),
    GroupName: `sg-${i}`,
    VpcId: ids.vpc(i),
    IpPermissions: rules,
    IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
  };
}

function aclEntries(options: TopologyOptions, random: Random): NetworkAclEntry[] {
  const entries: NetworkAclEntry[] = [];
  for (const Egress of [false, true]) {
    entries.push({ RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress, CidrBlock: "0.0.0.0/0" });
    entries.push({ RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress, CidrBlock: "0.0.0.0/0" });
  }
  for (let n = 0; n < Math.max(0, options.networkAclRulesPerVpc - 4); n++) {
    const protocol = pick(random, ["-1", "1", "6", "17"]);
    entries.push({
      RuleNumber: 10 + n,
      Protocol: protocol,
      RuleAction: random() < 0.5 ? "deny" : "allow",
      Egress: random() < 0.5,
      CidrBlock: vpcCidr(Math.floor(random() * options.vpcs)),
      ...(protocol === "6" || protocol === "17" ? { PortRange: { From: 1, To: 1024 } } : {}),
      ...(protocol === "1" ? { IcmpTypeCode: { Type: -1, Code: -1 } } : {}),
    });
  }
  return entries;
}

function connectionsByVpc(connections: VpcPeeringConnection[]): Map<string, VpcPeeringConnection[]> {
  const map = new Map<string, VpcPeeringConnection[]>();
  for (const pcx of connections) {
    for (const vpcId of [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId]) {
      if (vpcId) map.set(vpcId, [...(map.get(vpcId) ?? []), pcx]);
    }
  }
  return map;
}

export function generateTopology(options: TopologyOptions): LabSnapshot {
  const random = seededRandom(options.seed);
  const connections = peerings(options, random);
  const byVpc = connectionsByVpc(connections);
  const snapshot: LabSnapshot = {
    region: "us-east-1", accountId: "111122223333", vpcs: [], subnets: [], routeTables: [], internetGateways: [], peeringConnections: connections,
    securityGroups: [], networkAcls: [], instances: [], addresses: [], vpcEndpoints: [], prefixLists: [], buckets: [], identities: [],
  };
  for (let i = 0; i < options.vpcs; i++) {
    const VpcId = ids.vpc(i);
    const SubnetId = ids.subnet(i);
    snapshot.vpcs.push({ VpcId, CidrBlock: vpcCidr(i), State: "available" });
    snapshot.subnets.push({ SubnetId, VpcId, CidrBlock: vpcCidr(i).replace("/20", "/24") });
    snapshot.internetGateways.push({ InternetGatewayId: ids.igw(i), Attachments: [{ VpcId, State: "attached" }] });
    const Routes = routesFor(i, byVpc.get(VpcId) ?? [], random);
    snapshot.routeTables.push({ RouteTableId: ids.rtb(i), VpcId, Routes, Associations: [{ Main: true, SubnetId, RouteTableId: ids.rtb(i) }] });
    snapshot.securityGroups.push(securityGroup(i, options, random));
    snapshot.networkAcls.push({ NetworkAclId: ids.acl(i), VpcId, IsDefault: true, Associations: [{ SubnetId }], Entries: aclEntries(options, random) });
    for (let k = 0; k < options.instancesPerVpc; k++) {
      const running = random() < 0.95;
      snapshot.instances.push({
        InstanceId: ids.instance(i, k), VpcId, SubnetId, PrivateIpAddress: privateIp(i, k),
        PublicIpAddress: random() < 0.5 ? publicIp(i, k) : undefined,
        State: running ? { Code: 16, Name: "running" } : { Code: 80, Name: "stopped" },
        SecurityGroups: [{ GroupId: ids.sg(i) }],
      });
    }
  }
  return snapshot;
}

/** A random question about the topology: instance to instance, to the internet, or in from it. */
export function randomQuestion(snapshot: LabSnapshot, random: Random): PacketQuery {
  const from = pick(random, snapshot.instances).InstanceId as string;
  const to = pick(random, snapshot.instances).InstanceId as string;
  const protocol = pick(random, ["icmp", "tcp", "udp"] as const);
  const port = protocol === "icmp" ? undefined : pick(random, [22, 80, 443, 3306]);
  const shape = random();
  if (shape < 0.1) return { from: { instanceId: from }, to: { address: "93.184.215.14" }, protocol, port };
  if (shape < 0.2) return { from: { address: "18.206.107.24", range: "18.206.107.24/29" }, to: { instanceId: to }, protocol: "tcp", port: 22 };
  return { from: { instanceId: from }, to: { instanceId: to }, protocol, port };
}
