/**
 * Finding a lab's pieces in a snapshot (tagged or built by hand) and printing them for findings
 * and the write-up. Lab 2 reuses the public-VPC side: its VPC is built as Lab 1's are.
 */
import type { Instance, InternetGateway, IpPermission, RouteTable, SecurityGroup, Subnet, Vpc, VpcPeeringConnection } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { parseIpv4Cidr } from "@/lib/cidr";
import { labelOf, routeTableOfSubnet, routeTarget } from "@/lib/labs/resources";
import { identifyLabVpcs, ROLE_TAG, tagValue } from "@/lib/labs/steps";

/** A VPC with the public subnet, route table, gateway and instance a lab builds in it. */
export interface PublicSide {
  vpc?: Vpc;
  subnet?: Subnet;
  routeTable?: RouteTable;
  /** The internet gateway attached to the VPC. */
  internetGateway?: InternetGateway;
  instance?: Instance;
  securityGroup?: SecurityGroup;
}

export interface SideRoles {
  subnet: string;
  instance: string;
}

const GONE_INSTANCE_STATES = new Set(["terminated", "shutting-down"]);

function attachedTo(gateway: InternetGateway, vpcId: string): boolean {
  return (gateway.Attachments ?? []).some((attachment) => attachment.VpcId === vpcId && (attachment.State as string) !== "detached" && attachment.State !== "detaching");
}

export function attachedGateway(snapshot: LabSnapshot, vpcId: string): InternetGateway | undefined {
  return snapshot.internetGateways.find((gateway) => attachedTo(gateway, vpcId));
}

/** The route table's 0.0.0.0/0 route, if it targets an internet gateway. */
export function defaultRouteToGateway(table: RouteTable | undefined): string | undefined {
  const route = table?.Routes?.find((candidate) => candidate.DestinationCidrBlock === "0.0.0.0/0");
  return route?.GatewayId?.startsWith("igw-") ? route.GatewayId : undefined;
}

function byCidr(a: Subnet, b: Subnet): number {
  return parseIpv4Cidr(a.CidrBlock ?? "0.0.0.0/0").network - parseIpv4Cidr(b.CidrBlock ?? "0.0.0.0/0").network;
}

/** The tagged subnet, else the first subnet (by CIDR) whose route table reaches an internet gateway, else the first. */
function publicSubnet(snapshot: LabSnapshot, vpcId: string, role: string): Subnet | undefined {
  const subnets = snapshot.subnets.filter((subnet) => subnet.VpcId === vpcId).sort(byCidr);
  return (
    subnets.find((subnet) => tagValue(subnet.Tags, ROLE_TAG) === role) ??
    subnets.find((subnet) => defaultRouteToGateway(routeTableOfSubnet(snapshot, subnet.SubnetId!))) ??
    subnets[0]
  );
}

/** The tagged instance, else a running one (in the public subnet first), else any that is not gone. */
function sideInstance(snapshot: LabSnapshot, vpcId: string, subnetId: string | undefined, role: string): Instance | undefined {
  const alive = snapshot.instances.filter((instance) => instance.VpcId === vpcId && !GONE_INSTANCE_STATES.has(instance.State?.Name ?? ""));
  const rank = (instance: Instance) => Number(instance.State?.Name === "running") * 2 + Number(instance.SubnetId === subnetId);
  return alive.find((instance) => tagValue(instance.Tags, ROLE_TAG) === role) ?? [...alive].sort((a, b) => rank(b) - rank(a))[0];
}

export function sideOf(snapshot: LabSnapshot, vpc: Vpc | undefined, roles: SideRoles): PublicSide {
  if (!vpc?.VpcId) return {};
  const subnet = publicSubnet(snapshot, vpc.VpcId, roles.subnet);
  const instance = sideInstance(snapshot, vpc.VpcId, subnet?.SubnetId, roles.instance);
  const groupId = instance?.SecurityGroups?.[0]?.GroupId;
  return {
    vpc,
    subnet,
    routeTable: subnet?.SubnetId ? routeTableOfSubnet(snapshot, subnet.SubnetId) : undefined,
    internetGateway: attachedGateway(snapshot, vpc.VpcId),
    instance,
    securityGroup: snapshot.securityGroups.find((group) => group.GroupId === groupId),
  };
}

export interface Lab1Resources {
  side1: PublicSide;
  side2: PublicSide;
  /** The connection between the two VPCs: an active one, else the newest live or failed one. */
  peering?: VpcPeeringConnection;
}

const PEERING_RANK: Record<string, number> = { active: 6, provisioning: 5, "pending-acceptance": 4, "initiating-request": 3, failed: 2, rejected: 1, expired: 1 };

export function peeringBetween(snapshot: LabSnapshot, vpcA: string | undefined, vpcB: string | undefined): VpcPeeringConnection | undefined {
  if (!vpcA || !vpcB) return undefined;
  const joins = (pcx: VpcPeeringConnection) => {
    const ends = [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId];
    return ends.includes(vpcA) && ends.includes(vpcB);
  };
  const rank = (pcx: VpcPeeringConnection) => PEERING_RANK[pcx.Status?.Code ?? ""] ?? 0;
  return snapshot.peeringConnections.filter((pcx) => joins(pcx) && rank(pcx) > 0).sort((a, b) => rank(b) - rank(a))[0];
}

export function lab1Resources(snapshot: LabSnapshot): Lab1Resources {
  const { vpc1, vpc2 } = identifyLabVpcs(snapshot, "vpc-peering").lab1;
  return {
    side1: sideOf(snapshot, vpc1, { subnet: "subnet-1", instance: "instance-1" }),
    side2: sideOf(snapshot, vpc2, { subnet: "subnet-2", instance: "instance-2" }),
    peering: peeringBetween(snapshot, vpc1?.VpcId, vpc2?.VpcId),
  };
}

// ---------------------------------------------------------------- printing

function pad(text: string, width: number): string {
  return text.length >= width ? `${text}  ` : text.padEnd(width);
}

export function routeTableText(table: RouteTable | undefined, subnetId?: string): string {
  if (!table) return "(no route table)";
  const head = `Route table ${labelOf(table.RouteTableId ?? "?", table.Tags)}${subnetId ? `, used by subnet ${subnetId}` : ""}`;
  const rows = (table.Routes ?? []).map((route) => {
    const destination = route.DestinationCidrBlock ?? route.DestinationPrefixListId ?? "?";
    return `${pad(destination, 20)}${pad(routeTarget(route), 26)}${route.State ?? ""}`;
  });
  return [head, `${pad("Destination", 20)}${pad("Target", 26)}State`, ...rows].join("\n");
}

function sources(permission: IpPermission): string[] {
  return [
    ...(permission.IpRanges ?? []).map((range) => range.CidrIp ?? ""),
    ...(permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId ?? ""),
    ...(permission.PrefixListIds ?? []).map((list) => list.PrefixListId ?? ""),
  ];
}

function portsOf(permission: IpPermission): string {
  if (permission.IpProtocol === "-1") return "all";
  if (permission.IpProtocol === "icmp") return "all ICMP";
  return permission.FromPort === permission.ToPort ? String(permission.FromPort) : `${permission.FromPort}-${permission.ToPort}`;
}

export function securityGroupText(group: SecurityGroup | undefined): string {
  if (!group) return "(no security group)";
  const rows = (group.IpPermissions ?? []).flatMap((permission) =>
    sources(permission).map((source) => `${pad(permission.IpProtocol === "-1" ? "all" : permission.IpProtocol ?? "", 8)}${pad(portsOf(permission), 12)}${source}`),
  );
  return [`Security group ${group.GroupName} (${group.GroupId}) inbound rules`, `${pad("Proto", 8)}${pad("Ports", 12)}Source`, ...(rows.length ? rows : ["(none)"])].join("\n");
}

export function instanceText(instance: Instance | undefined, label: string): string {
  if (!instance) return `${label}: none`;
  const publicIp = instance.PublicIpAddress ? `, public ${instance.PublicIpAddress}` : "";
  return `${label}: ${labelOf(instance.InstanceId ?? "?", instance.Tags)}, ${instance.State?.Name}, private ${instance.PrivateIpAddress}${publicIp}, subnet ${instance.SubnetId}`;
}
