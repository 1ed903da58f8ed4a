/**
 * "Do it for me" for a public VPC, shared by both labs: the VPC, its public subnet, an attached
 * internet gateway and a route table sending 0.0.0.0/0 to it. Each creates only what is missing,
 * with the SDK calls a student would make in the console.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  type EC2Client,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { routeTableOfSubnet } from "@/lib/labs/resources";
import type { DoItReport, LabId } from "@/lib/labs/steps";
import { LAB_TAG, labTagSpecifications, ROLE_TAG, tagValue } from "@/lib/labs/tags";
import { attachedGateway, defaultRouteToGateway, type PublicSide } from "./public-side";

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
    (gateway) => (gateway.Attachments ?? []).length === 0 && tagValue(gateway.Tags, ROLE_TAG) === role("igw", spec.suffix) && tagValue(gateway.Tags, LAB_TAG) === spec.lab,
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
