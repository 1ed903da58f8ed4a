import {
  AcceptVpcPeeringConnectionCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  RejectVpcPeeringConnectionCommand,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
let ec2: EC2Client;
let accountId: string;

// A fresh account per test: each stays within Amazon VPC's quotas (5 VPCs and 5 gateways a Region).
beforeEach(async () => {
  const account = await server.newAccount();
  accountId = account.accountId;
  ec2 = ec2ClientFor(server, account);
});

async function vpcWithSubnet(second: number) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16` }));
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: `10.${second}.0.0/24` }));
  return { vpcId: Vpc!.VpcId!, subnetId: Subnet!.SubnetId! };
}

async function table(routeTableId: string) {
  return (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))).RouteTables![0];
}

async function peeringStatus(id: string) {
  return (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0].Status;
}

describe("route tables and routes", () => {
  it("builds a public subnet's table: associate, 0.0.0.0/0 to an attached gateway, refusals for duplicates and the local route", async () => {
    const { vpcId, subnetId } = await vpcWithSubnet(1);
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: "route-table", Tags: [{ Key: "Name", Value: "public" }] }] }));
    const rtb = RouteTable!.RouteTableId!;
    expect(RouteTable).toMatchObject({ VpcId: vpcId, Associations: [], Tags: [{ Key: "Name", Value: "public" }] });
    const { AssociationId, AssociationState } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: subnetId }));
    expect(AssociationId).toMatch(/^rtbassoc-[0-9a-f]{17}$/);
    expect(AssociationState).toEqual({ State: "associated" });

    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    const igw = InternetGateway!.InternetGatewayId!;
    await expectAwsError(
      ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw })),
      "InvalidParameterValue",
      `route table ${rtb} and network gateway ${igw} belong to different networks`,
    );
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const created = await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw }));
    expect(created.Return).toBe(true);
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw })), "RouteAlreadyExists", "The route identified by 0.0.0.0/0 already exists.");
    await expectAwsError(ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "10.1.0.0/16" })), "InvalidParameterValue", `cannot remove local route 10.1.0.0/16 in route table ${rtb}`);
    await expectAwsError(ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "10.8.0.0/16" })), "InvalidRoute.NotFound", `no route with destination-cidr-block 10.8.0.0/16 in route table ${rtb}`);
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "10.7.0.0/16", GatewayId: "igw-00000000000000000" })), "InvalidGatewayID.NotFound", "The gateway ID 'igw-00000000000000000' does not exist");
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "10.7.0.0/99", GatewayId: igw })), "InvalidParameterValue", "Value (10.7.0.0/99) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "10.7.0.0/16", GatewayId: "vpce-0123456789abcdef0" })), "RouteNotSupported", /VPC Endpoints of this type cannot be used as route targets/);

    const described = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }));
    expect(described.RouteTables!.map((t) => t.RouteTableId)).toEqual([rtb]);
    expect(described.RouteTables![0].Routes).toEqual([
      { DestinationCidrBlock: "10.1.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" },
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw, Origin: "CreateRoute", State: "active" },
    ]);
    const byRoute = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "route.destination-cidr-block", Values: ["0.0.0.0/0"] }, { Name: "vpc-id", Values: [vpcId] }] }));
    expect(byRoute.RouteTables!.map((t) => t.RouteTableId)).toEqual([rtb]);

    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    expect((await table(rtb)).Routes![1].State).toBe("blackhole");
  });

  it("refuses to delete a table with associations or the main one; moves the main flag with ReplaceRouteTableAssociation", async () => {
    const { vpcId, subnetId } = await vpcWithSubnet(2);
    const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }] }))).RouteTables![0];
    const mainAssociation = main.Associations![0].RouteTableAssociationId!;
    await expectAwsError(ec2.send(new DeleteRouteTableCommand({ RouteTableId: main.RouteTableId })), "DependencyViolation", `The routeTable '${main.RouteTableId}' has dependencies and cannot be deleted.`);
    await expectAwsError(ec2.send(new DisassociateRouteTableCommand({ AssociationId: mainAssociation })), "InvalidParameterValue", `cannot disassociate the main route table association ${mainAssociation}`);

    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const custom = RouteTable!.RouteTableId!;
    const { AssociationId } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: custom, SubnetId: subnetId }));
    await expectAwsError(ec2.send(new AssociateRouteTableCommand({ RouteTableId: main.RouteTableId, SubnetId: subnetId })), "Resource.AlreadyAssociated", /conflicts with an existing association/);
    await expectAwsError(ec2.send(new DeleteRouteTableCommand({ RouteTableId: custom })), "DependencyViolation", `The routeTable '${custom}' has dependencies and cannot be deleted.`);
    await ec2.send(new DisassociateRouteTableCommand({ AssociationId }));
    await expectAwsError(ec2.send(new DisassociateRouteTableCommand({ AssociationId })), "InvalidAssociationID.NotFound", `The association ID '${AssociationId}' does not exist`);

    const { NewAssociationId } = await ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: mainAssociation, RouteTableId: custom }));
    expect((await table(custom)).Associations).toEqual([{ Main: true, RouteTableAssociationId: NewAssociationId, RouteTableId: custom, AssociationState: { State: "associated" } }]);
    expect((await table(main.RouteTableId!)).Associations).toEqual([]);
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: main.RouteTableId }));
    await expectAwsError(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [main.RouteTableId!] })), "InvalidRouteTableID.NotFound", `The routeTable ID '${main.RouteTableId}' does not exist`);
  });
});

describe("peering connections and peering routes", () => {
  it("initiating-request, pending-acceptance, accept to active; routes both ways; duplicate route; blackhole after delete", async () => {
    const one = await vpcWithSubnet(11);
    const two = await vpcWithSubnet(12);
    const created = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: two.vpcId }));
    const pcx = created.VpcPeeringConnection!;
    expect(pcx.VpcPeeringConnectionId).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(pcx.Status).toEqual({ Code: "initiating-request", Message: `Initiating Request to ${accountId}` });
    expect(pcx.RequesterVpcInfo).toMatchObject({ VpcId: one.vpcId, CidrBlock: "10.11.0.0/16", OwnerId: accountId, Region: "us-east-1" });
    expect(pcx.AccepterVpcInfo).toMatchObject({ VpcId: two.vpcId, OwnerId: accountId, Region: "us-east-1" });
    const id = pcx.VpcPeeringConnectionId!;
    expect(await peeringStatus(id)).toEqual({ Code: "pending-acceptance", Message: `Pending Acceptance by ${accountId}` });

    const mainOf = async (vpcId: string) => (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).RouteTables![0].RouteTableId!;
    const rtbOne = await mainOf(one.vpcId);
    const rtbTwo = await mainOf(two.vpcId);

    const accepted = await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect(accepted.VpcPeeringConnection!.Status!.Code).toBe("provisioning");
    expect(await peeringStatus(id)).toEqual({ Code: "active", Message: "Active" });
    await expectAwsError(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), "InvalidStateTransition", `Invalid state transition for ${id}, attempted to transition from active to active`);

    await ec2.send(new CreateRouteCommand({ RouteTableId: rtbOne, DestinationCidrBlock: "10.12.0.0/16", VpcPeeringConnectionId: id }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtbTwo, DestinationCidrBlock: "10.11.0.0/16", VpcPeeringConnectionId: id }));
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtbOne, DestinationCidrBlock: "10.12.0.0/16", VpcPeeringConnectionId: id })), "RouteAlreadyExists", "The route identified by 10.12.0.0/16 already exists.");
    expect((await table(rtbOne)).Routes![1]).toEqual({ DestinationCidrBlock: "10.12.0.0/16", VpcPeeringConnectionId: id, Origin: "CreateRoute", State: "active" });

    await expectAwsError(
      ec2.send(new ReplaceRouteCommand({ RouteTableId: rtbOne, DestinationCidrBlock: "10.99.0.0/16", VpcPeeringConnectionId: id })),
      "InvalidParameterValue",
      "There is no route defined for '10.99.0.0/16' in the route table. Use CreateRoute instead.",
    );
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtbOne, DestinationCidrBlock: "10.13.0.0/16", VpcPeeringConnectionId: "pcx-00000000000000000" })), "InvalidVpcPeeringConnectionID.NotFound", "The vpcPeeringConnection ID 'pcx-00000000000000000' does not exist");

    await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect(await peeringStatus(id)).toEqual({ Code: "deleted", Message: `Deleted by ${accountId}` });
    expect((await table(rtbOne)).Routes![1].State).toBe("blackhole");
    const active = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: "status-code", Values: ["active"] }, { Name: "requester-vpc-info.vpc-id", Values: [one.vpcId] }] }));
    expect(active.VpcPeeringConnections).toEqual([]);
  });

  it("fails overlapping CIDRs with AWS's message and refuses to accept the failed connection", async () => {
    const { Vpc: a } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.20.0.0/16" }));
    const { Vpc: b } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.20.0.0/20" }));
    const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a!.VpcId, PeerVpcId: b!.VpcId }));
    const id = VpcPeeringConnection!.VpcPeeringConnectionId!;
    expect(await peeringStatus(id)).toEqual({ Code: "failed", Message: "Overlapping CIDR range" });
    await expectAwsError(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), "InvalidStateTransition", `Invalid state transition for ${id}, attempted to transition from failed to active`);
  });

  it("rejects a pending request; a cross-account request fails instead of reaching another account", async () => {
    const one = await vpcWithSubnet(31);
    const two = await vpcWithSubnet(32);
    const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: two.vpcId }));
    const id = VpcPeeringConnection!.VpcPeeringConnectionId!;
    await expectAwsError(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: two.vpcId, PeerVpcId: one.vpcId })), "VpcPeeringConnectionAlreadyExists", new RegExp(id));
    await ec2.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect(await peeringStatus(id)).toEqual({ Code: "rejected", Message: `Rejected by ${accountId}` });

    const crossAccount = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: "vpc-0aaaaaaaaaaaaaaaa", PeerOwnerId: "999988887777" }));
    expect(await peeringStatus(crossAccount.VpcPeeringConnection!.VpcPeeringConnectionId!)).toEqual({
      Code: "failed",
      Message: "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range",
    });
    await expectAwsError(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: "vpc-0bbbbbbbbbbbbbbbb" })), "InvalidVpcID.NotFound", "The vpc ID 'vpc-0bbbbbbbbbbbbbbbb' does not exist");
    await expectAwsError(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: "pcx-00000000000000000" })), "InvalidVpcPeeringConnectionID.NotFound", "The vpcPeeringConnection ID 'pcx-00000000000000000' does not exist");
  });
});
