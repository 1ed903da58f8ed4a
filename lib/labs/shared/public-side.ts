/**
 * A lab's public side in a snapshot: a VPC with the public subnet, route table, internet gateway,
 * instance and security group a lab builds in it, found by tag or, for what a student built by
 * hand, by what it does. Lab 1 has two, Lab 2 one.
 */
import type { Instance, InternetGateway, RouteTable, SecurityGroup, Subnet, Vpc } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { parseIpv4Cidr } from "@/lib/cidr";
import { routeTableOfSubnet } from "@/lib/labs/resources";
import { ROLE_TAG, tagValue } from "@/lib/labs/tags";

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

export function publicSideOf(snapshot: LabSnapshot, vpc: Vpc | undefined, roles: SideRoles): PublicSide {
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
