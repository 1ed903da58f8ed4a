/** VPC peering connections and the routes through them, through the real @aws-sdk/client-ec2. */
import {
  AcceptVpcPeeringConnectionCommand,
  CreateRouteCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  RejectVpcPeeringConnectionCommand,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createLabVpc, ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
const tenant = ec2AccountPerTest(server);
const ec2 = tenant.ec2;

async function table(routeTableId: string) {
  return (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))).RouteTables![0];
}

async function peeringStatus(id: string) {
  return (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0].Status;
}

describe("peering connections and peering routes", () => {
  it("initiating-request, pending-acceptance, accept to active; routes both ways; duplicate route; blackhole after delete", async () => {
    const one = await createLabVpc(ec2, 11, { gateway: false });
    const two = await createLabVpc(ec2, 12, { gateway: false });
    const created = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: two.vpcId }));
    const pcx = created.VpcPeeringConnection!;
    expect(pcx.VpcPeeringConnectionId).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(pcx.Status).toEqual({ Code: "initiating-request", Message: `Initiating Request to ${tenant.accountId}` });
    expect(pcx.RequesterVpcInfo).toMatchObject({ VpcId: one.vpcId, CidrBlock: "10.11.0.0/16", OwnerId: tenant.accountId, Region: "us-east-1" });
    expect(pcx.AccepterVpcInfo).toMatchObject({ VpcId: two.vpcId, OwnerId: tenant.accountId, Region: "us-east-1" });
    const id = pcx.VpcPeeringConnectionId!;
    expect(await peeringStatus(id)).toEqual({ Code: "pending-acceptance", Message: `Pending Acceptance by ${tenant.accountId}` });

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
    expect(await peeringStatus(id)).toEqual({ Code: "deleted", Message: `Deleted by ${tenant.accountId}` });
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
    const one = await createLabVpc(ec2, 31, { gateway: false });
    const two = await createLabVpc(ec2, 32, { gateway: false });
    const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: two.vpcId }));
    const id = VpcPeeringConnection!.VpcPeeringConnectionId!;
    await expectAwsError(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: two.vpcId, PeerVpcId: one.vpcId })), "VpcPeeringConnectionAlreadyExists", new RegExp(id));
    await ec2.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect(await peeringStatus(id)).toEqual({ Code: "rejected", Message: `Rejected by ${tenant.accountId}` });

    const crossAccount = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: "vpc-0aaaaaaaaaaaaaaaa", PeerOwnerId: "999988887777" }));
    expect(await peeringStatus(crossAccount.VpcPeeringConnection!.VpcPeeringConnectionId!)).toEqual({
      Code: "failed",
      Message: "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range",
    });
    await expectAwsError(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.vpcId, PeerVpcId: "vpc-0bbbbbbbbbbbbbbbb" })), "InvalidVpcID.NotFound", "The vpc ID 'vpc-0bbbbbbbbbbbbbbbb' does not exist");
    await expectAwsError(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: "pcx-00000000000000000" })), "InvalidVpcPeeringConnectionID.NotFound", "The vpcPeeringConnection ID 'pcx-00000000000000000' does not exist");
  });
});
