import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteTableAssociationCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createLabVpc, ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";
import { routeAlreadyExists } from "../model/errors";

const server = ec2SandboxForFile();
const { ec2 } = ec2AccountPerTest(server);

async function table(routeTableId: string) {
  return (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))).RouteTables![0];
}

describe("route tables and routes", () => {
  it("builds a public subnet's table: associate, 0.0.0.0/0 to an attached gateway, refusals for duplicates and the local route", async () => {
    const { vpcId, subnetId } = await createLabVpc(ec2, 1, { gateway: false });
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
    await expectAwsError(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw })), "RouteAlreadyExists", routeAlreadyExists("0.0.0.0/0").message);
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
    const { vpcId, subnetId } = await createLabVpc(ec2, 2, { gateway: false });
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
