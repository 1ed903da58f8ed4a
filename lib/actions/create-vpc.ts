"use server";

import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DetachInternetGatewayCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { UndoStack } from "@/lib/action-pipeline/undo-stack";
import { TAG_VALUE_MAX_LENGTH, cidrBlock, nameTags, resourceName } from "@/lib/console/schemas";

/** The longest name "VPC and more" derives from the VPC's (the others are -igw and -rtb-public). */
const SUBNET_NAME_SUFFIX = "-subnet-public1";

const input = z
  .object({
    name: resourceName,
    cidr: cidrBlock,
    /** "VPC and more": a public subnet, an attached internet gateway and a route table sending 0.0.0.0/0 to it. */
    withPublicSubnet: z.boolean().default(false),
    subnetCidr: cidrBlock.optional(),
  })
  // Checked before anything is made: AWS would refuse the subnet's Name tag only after the VPC exists.
  .refine((value) => !value.withPublicSubnet || value.name.length + SUBNET_NAME_SUFFIX.length <= TAG_VALUE_MAX_LENGTH, {
    path: ["name"],
    message: `With VPC and more the subnet is named after the VPC (name${SUBNET_NAME_SUFFIX}), so the name is at most ${TAG_VALUE_MAX_LENGTH - SUBNET_NAME_SUFFIX.length} characters.`,
  });

/** The first /24 of a VPC's block (10.1.0.0/16 -> 10.1.0.0/24), as the AWS console proposes. */
function firstSubnetOf(cidr: string): string {
  const [address, bits] = cidr.split("/");
  return Number(bits) >= 24 ? cidr : `${address}/24`;
}

async function firstZone(ec2: EC2Client): Promise<string | undefined> {
  const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  return zones.AvailabilityZones?.[0]?.ZoneName;
}

async function buildPublicSubnet(ec2: EC2Client, undo: UndoStack, vpcId: string, name: string, subnetCidr: string) {
  const prefix = name || vpcId;
  const subnet = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: subnetCidr,
      AvailabilityZone: await firstZone(ec2),
      TagSpecifications: nameTags("subnet", `${prefix}-subnet-public1`),
    }),
  );
  const subnetId = subnet.Subnet!.SubnetId!;
  undo.push(() => ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })));
  const gateway = await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: nameTags("internet-gateway", `${prefix}-igw`) }));
  const gatewayId = gateway.InternetGateway!.InternetGatewayId!;
  undo.push(() => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId })));
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
  undo.push(() => ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId })));
  const table = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: nameTags("route-table", `${prefix}-rtb-public`) }));
  const routeTableId = table.RouteTable!.RouteTableId!;
  undo.push(() => ec2.send(new DeleteRouteTableCommand({ RouteTableId: routeTableId })));
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: gatewayId }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
}

export async function createVpcAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { name, cidr, withPublicSubnet, subnetCidr }) => {
    const vpcId = await new UndoStack().run(async (undo) => {
      const created = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: nameTags("vpc", name) }));
      const id = created.Vpc!.VpcId!;
      undo.push(() => aws.ec2.send(new DeleteVpcCommand({ VpcId: id })));
      if (withPublicSubnet) await buildPublicSubnet(aws.ec2, undo, id, name, subnetCidr ?? firstSubnetOf(cidr));
      return id;
    });
    return { data: { vpcId }, message: `Created ${vpcId}${withPublicSubnet ? " with a public subnet, an internet gateway and a route table" : ""}.` };
  });
}
