/** Amazon-provided IPv6 blocks for VPCs and /64s for their subnets (aws_vpc assign_generated_ipv6_cidr_block, ec2_vpc_net ipv6_cidr). */
import {
  AssociateSubnetCidrBlockCommand,
  AssociateVpcCidrBlockCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DisassociateSubnetCidrBlockCommand,
  DisassociateVpcCidrBlockCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
let ec2: EC2Client;

beforeEach(async () => {
  ec2 = ec2ClientFor(server, await server.newAccount());
});

const SLASH_56 = /^2600:1f18:[0-9a-f]{1,4}:[0-9a-f]{1,2}00::\/56$/;

describe("CreateVpc with AmazonProvidedIpv6CidrBlock", () => {
  it("assigns a /56 that DescribeVpcs lists as associated", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: true }));
    expect(Vpc!.Ipv6CidrBlockAssociationSet).toEqual([
      { AssociationId: expect.stringMatching(/^vpc-cidr-assoc-/), Ipv6CidrBlock: expect.stringMatching(SLASH_56), Ipv6CidrBlockState: { State: "associating" }, NetworkBorderGroup: "us-east-1", Ipv6Pool: "Amazon" },
    ]);
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
    expect(Vpcs![0].Ipv6CidrBlockAssociationSet).toEqual([{ ...Vpc!.Ipv6CidrBlockAssociationSet![0], Ipv6CidrBlockState: { State: "associated" } }]);
  });
});

describe("the /56's local route", () => {
  it("is in every route table of the VPC, those made before and after, until the block is disassociated", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: true }));
    const vpcId = Vpc!.VpcId!;
    const block = Vpc!.Ipv6CidrBlockAssociationSet![0];
    const custom = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!;
    expect(custom.Routes).toEqual([
      { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" },
      { DestinationIpv6CidrBlock: block.Ipv6CidrBlock, GatewayId: "local", Origin: "CreateRouteTable", State: "active" },
    ]);
    const tables = async () =>
      (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "route.destination-ipv6-cidr-block", Values: [block.Ipv6CidrBlock!] }] }))).RouteTables!.map((table) => table.RouteTableId);
    expect((await tables()).length).toBe(2);
    await ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: block.AssociationId }));
    expect(await tables()).toEqual([]);
    const second = (await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true }))).Ipv6CidrBlockAssociation!;
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [custom.RouteTableId!] }));
    expect(RouteTables![0].Routes!.map((route) => route.DestinationIpv6CidrBlock ?? route.DestinationCidrBlock)).toEqual(["10.0.0.0/16", second.Ipv6CidrBlock]);
  });
});

describe("AssociateVpcCidrBlock / AssociateSubnetCidrBlock", () => {
  it("adds a /56 to a VPC, a /64 of it to a subnet, and takes them away in that order", async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.1.0/24" }))).Subnet!.SubnetId!;
    const associated = await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true }));
    const vpcBlock = associated.Ipv6CidrBlockAssociation!;
    expect(vpcBlock).toMatchObject({ Ipv6CidrBlock: expect.stringMatching(SLASH_56), Ipv6CidrBlockState: { State: "associating" } });
    const subnetCidr = vpcBlock.Ipv6CidrBlock!.replace("00::/56", "01::/64");

    await expectAwsError(ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: "2001:db8::/64" })), "InvalidSubnet.Range", "The IPv6 CIDR '2001:db8::/64' is invalid.");
    const { Ipv6CidrBlockAssociation } = await ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: subnetCidr }));
    expect(Ipv6CidrBlockAssociation).toMatchObject({ Ipv6CidrBlock: subnetCidr, Ipv6CidrBlockState: { State: "associating" } });
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    expect(Subnets![0].Ipv6CidrBlockAssociationSet).toEqual([{ AssociationId: Ipv6CidrBlockAssociation!.AssociationId, Ipv6CidrBlock: subnetCidr, Ipv6CidrBlockState: { State: "associated" } }]);

    await expectAwsError(ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: vpcBlock.AssociationId })), "DependencyViolation");
    await ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: Ipv6CidrBlockAssociation!.AssociationId }));
    await ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: vpcBlock.AssociationId }));
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0].Ipv6CidrBlockAssociationSet).toBeUndefined();
  });

  it("refuses to take the primary IPv4 block away", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const primary = Vpc!.CidrBlockAssociationSet![0].AssociationId!;
    await expectAwsError(
      ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: primary })),
      "OperationNotPermitted",
      `The vpc CIDR block with association ID ${primary} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`,
    );
  });
});
