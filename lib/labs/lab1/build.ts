/**
 * "Do it for me" building blocks, shared by both labs: each creates only what is missing, with
 * the SDK calls a student would make in the console, and waits where AWS makes one wait.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  type EC2Client,
  type Instance,
  ReplaceRouteCommand,
  RunInstancesCommand,
  type SecurityGroup,
  StartInstancesCommand,
  waitUntilInstanceRunning,
} from "@aws-sdk/client-ec2";
import { newestAmazonLinux2023 } from "@/lib/aws/images";
import type { LabSnapshot } from "@/lib/analysis";
import { instanceConnectRange } from "@/lib/analysis";
import { blocksOverlap, parseIpv4Cidr } from "@/lib/cidr";
import type { AwsClients } from "@/lib/aws/clients";
import { routeTableOfSubnet } from "@/lib/labs/resources";
import { type DoItReport, type LabId, labTagSpecifications, ROLE_TAG, tagValue } from "@/lib/labs/steps";
import { attachedGateway, defaultRouteToGateway, type PublicSide } from "./resources";

export interface PublicVpcSpec {
  lab: LabId;
  /** Name prefix, e.g. "lab1-vpc-1". */
  name: string;
  /** Role suffix, e.g. "1" for vpc-1, subnet-1…; "" for Lab 2's single VPC. */
  suffix: string;
  cidr: string;
  subnetCidr: string;
}

function role(kind: string, suffix: string): string {
  return suffix ? `${kind}-${suffix}` : kind;
}

export function emptyReport(): DoItReport {
  return { created: [], notes: [] };
}

/** Waits with the SDK's waiter; the first poll is immediate, so an instant sandbox costs one call. */
const WAITER = { minDelay: 2, maxDelay: 10, maxWaitTime: 600 };

async function firstZone(ec2: EC2Client): Promise<string | undefined> {
  const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  return zones.AvailabilityZones?.[0]?.ZoneName;
}

async function ensureVpc(ec2: EC2Client, side: PublicSide, spec: PublicVpcSpec, report: DoItReport): Promise<string> {
  if (side.vpc?.VpcId) return side.vpc.VpcId;
  const created = await ec2.send(new CreateVpcCommand({ CidrBlock: spec.cidr, TagSpecifications: labTagSpecifications("vpc", spec.lab, role("vpc", spec.suffix), spec.name) }));
  const vpcId = created.Vpc!.VpcId!;
  report.created.push(`VPC ${vpcId} (${spec.cidr})`);
  return vpcId;
}

async function ensureSubnet(ec2: EC2Client, side: PublicSide, vpcId: string, spec: PublicVpcSpec, report: DoItReport): Promise<string> {
  if (side.subnet?.SubnetId) return side.subnet.SubnetId;
  const created = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: spec.subnetCidr,
      AvailabilityZone: await firstZone(ec2),
      TagSpecifications: labTagSpecifications("subnet", spec.lab, role("subnet", spec.suffix), `${spec.name}-subnet-public1`),
    }),
  );
  const subnetId = created.Subnet!.SubnetId!;
  report.created.push(`subnet ${subnetId} (${spec.subnetCidr})`);
  return subnetId;
}

async function ensureGateway(ec2: EC2Client, snapshot: LabSnapshot, vpcId: string, spec: PublicVpcSpec, report: DoItReport): Promise<string> {
  const attached = attachedGateway(snapshot, vpcId);
  if (attached) return attached.InternetGatewayId!;
  // A gateway this lab created earlier but could not attach (a failure halfway) is reused.
  const leftover = snapshot.internetGateways.find(
    (gateway) => (gateway.Attachments ?? []).length === 0 && tagValue(gateway.Tags, ROLE_TAG) === role("igw", spec.suffix) && tagValue(gateway.Tags, "vpc-lab:lab") === spec.lab,
  );
  const gatewayId =
    leftover?.InternetGatewayId ??
    (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: labTagSpecifications("internet-gateway", spec.lab, role("igw", spec.suffix), `${spec.name}-igw`) })))
      .InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
  report.created.push(`internet gateway ${gatewayId}, attached to ${vpcId}`);
  return gatewayId;
}

/** The subnet's own route table, created and associated when the subnet still uses the main one without an internet route. */
async function ensureRouteTable(ec2: EC2Client, snapshot: LabSnapshot, vpcId: string, subnetId: string, spec: PublicVpcSpec, report: DoItReport): Promise<string> {
  const current = routeTableOfSubnet(snapshot, subnetId);
  const explicit = current?.Associations?.some((association) => association.SubnetId === subnetId);
  if (current?.RouteTableId && (explicit || defaultRouteToGateway(current))) return current.RouteTableId;
  const leftover = snapshot.routeTables.find(
    (table) => table.VpcId === vpcId && tagValue(table.Tags, ROLE_TAG) === role("rtb", spec.suffix) && !(table.Associations ?? []).some((association) => association.SubnetId),
  );
  const routeTableId =
    leftover?.RouteTableId ??
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: labTagSpecifications("route-table", spec.lab, role("rtb", spec.suffix), `${spec.name}-rtb-public`) })))
      .RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  report.created.push(`route table ${routeTableId}, associated with ${subnetId}`);
  return routeTableId;
}

async function ensureDefaultRoute(ec2: EC2Client, snapshot: LabSnapshot, routeTableId: string, gatewayId: string, report: DoItReport): Promise<void> {
  const table = snapshot.routeTables.find((candidate) => candidate.RouteTableId === routeTableId);
  const route = table?.Routes?.find((candidate) => candidate.DestinationCidrBlock === "0.0.0.0/0");
  if (route?.GatewayId === gatewayId && route.State === "active") return;
  if (route) {
    await ec2.send(new ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: gatewayId }));
  } else {
    await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: gatewayId }));
  }
  report.created.push(`route 0.0.0.0/0 -> ${gatewayId} in ${routeTableId}`);
}

/**
 * "VPC and more" for one VPC: the VPC, a public subnet, an attached internet gateway and a route
 * table sending 0.0.0.0/0 to it. The snapshot must be fresh; only what is missing is created.
 */
export async function ensurePublicVpc(clients: AwsClients, snapshot: LabSnapshot, side: PublicSide, spec: PublicVpcSpec, report: DoItReport): Promise<void> {
  const ec2 = clients.ec2;
  const vpcId = await ensureVpc(ec2, side, spec, report);
  const subnetId = await ensureSubnet(ec2, side, vpcId, spec, report);
  const gatewayId = await ensureGateway(ec2, snapshot, vpcId, spec, report);
  const routeTableId = await ensureRouteTable(ec2, snapshot, vpcId, subnetId, spec, report);
  await ensureDefaultRoute(ec2, snapshot, routeTableId, gatewayId, report);
}

export function overlaps(a: string, b: string): boolean {
  return blocksOverlap(parseIpv4Cidr(a), parseIpv4Cidr(b));
}

// ---------------------------------------------------------------- instances

async function amazonLinux2023(ec2: EC2Client): Promise<string> {
  const imageId = await newestAmazonLinux2023(ec2);
  if (!imageId) throw new Error("No Amazon Linux 2023 image is available in this region.");
  return imageId;
}

export interface InstanceSpec {
  lab: LabId;
  /** e.g. "lab1-instance-1" */
  name: string;
  /** e.g. "instance-1"; the security group's role is "sg-" + the same suffix. */
  role: string;
  sgRole: string;
}

function allowsSshFrom(group: SecurityGroup | undefined, range: string): boolean {
  return (group?.IpPermissions ?? []).some(
    (permission) =>
      (permission.IpProtocol === "-1" || (permission.IpProtocol === "tcp" && (permission.FromPort ?? 0) <= 22 && (permission.ToPort ?? 0) >= 22)) &&
      (permission.IpRanges ?? []).some((source) => source.CidrIp === "0.0.0.0/0" || source.CidrIp === range),
  );
}

/** Adds "SSH from EC2 Instance Connect" (the region's service range) when the group lacks it. */
export async function ensureSshFromInstanceConnect(clients: AwsClients, group: SecurityGroup | undefined, report: DoItReport): Promise<void> {
  const range = instanceConnectRange(clients.region);
  if (!group?.GroupId || allowsSshFrom(group, range)) return;
  await clients.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: group.GroupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: range, Description: "SSH from EC2 Instance Connect" }] }],
    }),
  );
  report.created.push(`inbound rule on ${group.GroupId}: SSH (TCP 22) from ${range} (EC2 Instance Connect)`);
}

async function ensureSecurityGroup(clients: AwsClients, snapshot: LabSnapshot, vpcId: string, spec: InstanceSpec, report: DoItReport): Promise<string> {
  const existing = snapshot.securityGroups.find((group) => group.VpcId === vpcId && tagValue(group.Tags, ROLE_TAG) === spec.sgRole);
  if (existing?.GroupId) {
    await ensureSshFromInstanceConnect(clients, existing, report);
    return existing.GroupId;
  }
  const created = await clients.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `${spec.name}-sg`,
      Description: `SSH from EC2 Instance Connect for ${spec.name}`,
      VpcId: vpcId,
      TagSpecifications: labTagSpecifications("security-group", spec.lab, spec.sgRole, `${spec.name}-sg`),
    }),
  );
  const groupId = created.GroupId!;
  report.created.push(`security group ${groupId} (${spec.name}-sg)`);
  await ensureSshFromInstanceConnect(clients, { GroupId: groupId, IpPermissions: [] }, report);
  return groupId;
}

async function waitRunning(ec2: EC2Client, instanceId: string): Promise<void> {
  await waitUntilInstanceRunning({ client: ec2, ...WAITER }, { InstanceIds: [instanceId] });
}

/** One running Amazon Linux 2023 instance in the side's public subnet (started again if stopped). */
export async function ensureRunningInstance(clients: AwsClients, snapshot: LabSnapshot, side: PublicSide, spec: InstanceSpec, report: DoItReport): Promise<Instance | undefined> {
  if (!side.vpc?.VpcId || !side.subnet?.SubnetId) return undefined;
  const existing = side.instance;
  if (existing?.InstanceId) {
    const state = existing.State?.Name;
    if (state === "stopped") {
      await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [existing.InstanceId] }));
      report.created.push(`started ${existing.InstanceId}`);
    }
    if (state !== "running") await waitRunning(clients.ec2, existing.InstanceId);
    return existing;
  }
  const groupId = await ensureSecurityGroup(clients, snapshot, side.vpc.VpcId, spec, report);
  const launched = await clients.ec2.send(
    new RunInstancesCommand({
      ImageId: await amazonLinux2023(clients.ec2),
      InstanceType: "t2.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: side.subnet.SubnetId,
      SecurityGroupIds: [groupId],
      TagSpecifications: labTagSpecifications("instance", spec.lab, spec.role, spec.name),
    }),
  );
  const instance = launched.Instances![0];
  await waitRunning(clients.ec2, instance.InstanceId!);
  report.created.push(`instance ${instance.InstanceId} in ${side.subnet.SubnetId}`);
  return instance;
}

/** An Elastic IP associated with the instance, unless it already has a public IPv4 address. */
export async function ensurePublicAddress(clients: AwsClients, snapshot: LabSnapshot, instance: Instance | undefined, spec: { lab: LabId; role: string; name: string }, report: DoItReport): Promise<void> {
  if (!instance?.InstanceId || instance.PublicIpAddress) return;
  if (snapshot.addresses.some((address) => address.InstanceId === instance.InstanceId)) return;
  const idle = snapshot.addresses.find((address) => !address.AssociationId && tagValue(address.Tags, ROLE_TAG) === spec.role);
  const allocationId =
    idle?.AllocationId ??
    (await clients.ec2.send(new AllocateAddressCommand({ Domain: "vpc", TagSpecifications: labTagSpecifications("elastic-ip", spec.lab, spec.role, spec.name) }))).AllocationId!;
  await clients.ec2.send(new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: instance.InstanceId }));
  report.created.push(`Elastic IP ${allocationId}, associated with ${instance.InstanceId}`);
}
