/** Secondary IPv4 blocks (aws_vpc_ipv4_cidr_block_association, ec2_vpc_net with several cidr_block): AWS's rules and their effects. */
import {
  AcceptVpcPeeringConnectionCommand,
  AssociateVpcCidrBlockCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteSubnetCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DisassociateVpcCidrBlockCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { cliEnv, runAwsCli, type TestAccount } from "@/lib/sandbox/testing";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
let account: TestAccount;
let ec2: EC2Client;

beforeEach(async () => {
  account = await server.newAccount();
  ec2 = ec2ClientFor(server, account);
});

async function newVpc(cidr: string): Promise<string> {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
}

async function localRoutes(vpcId: string) {
  const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  return RouteTables!.map((table) => table.Routes!.filter((route) => route.GatewayId === "local").map((route) => route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock));
}

const RESTRICTED = (cidr: string) =>
  `The CIDR '${cidr}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR. ` +
  "For additional restrictions, see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html";

describe("AssociateVpcCidrBlock with CidrBlock", () => {
  it("adds the block with a local route in every route table, lets subnets use it, and takes it away once no subnet does", async () => {
    const vpcId = await newVpc("10.0.0.0/16");
    const before = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const answer = await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/16" }));
    const associationId = answer.CidrBlockAssociation!.AssociationId!;
    expect(answer).toMatchObject({ VpcId: vpcId, CidrBlockAssociation: { AssociationId: expect.stringMatching(/^vpc-cidr-assoc-/), CidrBlock: "10.1.0.0/16", CidrBlockState: { State: "associating" } } });
    expect(answer.Ipv6CidrBlockAssociation).toBeUndefined();

    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0];
    expect(vpc.CidrBlock).toBe("10.0.0.0/16");
    expect(vpc.CidrBlockAssociationSet!.map((block) => [block.CidrBlock, block.CidrBlockState!.State])).toEqual([
      ["10.0.0.0/16", "associated"],
      ["10.1.0.0/16", "associated"],
    ]);
    const byBlock = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "cidr-block-association.cidr-block", Values: ["10.1.0.0/16"] }] }));
    expect(byBlock.Vpcs!.map((found) => found.VpcId)).toEqual([vpcId]);

    const after = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!;
    expect(after.Routes!.map((route) => [route.DestinationCidrBlock, route.GatewayId, route.Origin, route.State])).toEqual([
      ["10.0.0.0/16", "local", "CreateRouteTable", "active"],
      ["10.1.0.0/16", "local", "CreateRouteTable", "active"],
    ]);
    expect(await localRoutes(vpcId)).toEqual([
      ["10.0.0.0/16", "10.1.0.0/16"],
      ["10.0.0.0/16", "10.1.0.0/16"],
      ["10.0.0.0/16", "10.1.0.0/16"],
    ]);
    await expectAwsError(
      ec2.send(new CreateRouteCommand({ RouteTableId: before, DestinationCidrBlock: "10.1.5.0/24", GatewayId: "local" })),
      "InvalidParameterValue",
      "The destination CIDR block 10.1.5.0/24 is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.",
    );

    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.2.0/24" }))).Subnet!.SubnetId!;
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.2.0.0/24" })), "InvalidSubnet.Range", "The CIDR '10.2.0.0/24' is invalid.");
    await expectAwsError(
      ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: associationId })),
      "DependencyViolation",
      "The vpc CIDR block '10.1.0.0/16' has dependencies and cannot be disassociated.",
    );
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    const removed = await ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: associationId }));
    expect(removed).toMatchObject({ VpcId: vpcId, CidrBlockAssociation: { AssociationId: associationId, CidrBlock: "10.1.0.0/16", CidrBlockState: { State: "disassociating" } } });
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0].CidrBlockAssociationSet!.map((block) => block.CidrBlock)).toEqual(["10.0.0.0/16"]);
    expect(await localRoutes(vpcId)).toEqual([["10.0.0.0/16"], ["10.0.0.0/16"], ["10.0.0.0/16"]]);
    await expectAwsError(
      ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: associationId })),
      "InvalidVpcCidrBlockAssociationID.NotFound",
      `The vpc CIDR block association ID '${associationId}' does not exist`,
    );
  });

  it("refuses another RFC 1918 range, sizes outside /16-/28, overlaps, and a fifth secondary block", async () => {
    const vpcId = await newVpc("10.0.0.0/16");
    const associate = (CidrBlock: string) => ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock }));
    await expectAwsError(associate("192.168.0.0/16"), "InvalidVpc.Range", RESTRICTED("192.168.0.0/16"));
    await expectAwsError(associate("172.20.0.0/16"), "InvalidVpc.Range", RESTRICTED("172.20.0.0/16"));
    await expectAwsError(associate("198.19.0.0/16"), "InvalidVpc.Range", RESTRICTED("198.19.0.0/16"));
    await expectAwsError(associate("10.8.0.0/15"), "InvalidVpc.Range", "The CIDR '10.8.0.0/15' is invalid.");
    await expectAwsError(associate("10.8.0.0/29"), "InvalidVpc.Range", "The CIDR '10.8.0.0/29' is invalid.");
    await expectAwsError(associate("10.0.128.0/17"), "CidrConflict", "The CIDR '10.0.128.0/17' conflicts with another CIDR block of the VPC.");
    await expectAwsError(associate("banana"), "InvalidParameterValue", "Value (banana) for parameter cidrBlock is invalid. This is not a valid CIDR block.");

    for (const cidr of ["10.1.0.0/16", "100.64.0.0/16", "203.0.113.0/24", "10.2.0.0/28"]) await associate(cidr);
    await expectAwsError(associate("10.3.0.0/16"), "CidrLimitExceeded", `This network '${vpcId}' has met its maximum number of allowed CIDRs: 5`);
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(Vpcs![0].CidrBlockAssociationSet).toHaveLength(5);
  });

  it("refuses a block as large as or larger than a route's destination, but not a smaller one inside it", async () => {
    const vpcId = await newVpc("10.0.0.0/16");
    const peerId = await newVpc("10.5.0.0/24");
    const pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerId }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "10.5.0.0/24", VpcPeeringConnectionId: pcx }));
    await expectAwsError(
      ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: "10.5.0.0/16" })),
      "CidrConflict",
      "The CIDR '10.5.0.0/16' conflicts with a route destination in one of the VPC's route tables.",
    );
    const smaller = await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: "10.5.0.0/25" }));
    expect(smaller.CidrBlockAssociation!.CidrBlock).toBe("10.5.0.0/25");
  });

  it("keeps the default VPC (172.31.0.0/16) out of 172.16.0.0/15 and other RFC 1918 ranges", async () => {
    const defaultVpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }))).Vpcs![0].VpcId!;
    const associate = (CidrBlock: string) => ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: defaultVpc, CidrBlock }));
    await expectAwsError(associate("172.16.0.0/16"), "InvalidVpc.Range", RESTRICTED("172.16.0.0/16"));
    await expectAwsError(associate("10.0.0.0/16"), "InvalidVpc.Range", RESTRICTED("10.0.0.0/16"));
    expect((await associate("172.30.0.0/16")).CidrBlockAssociation!.CidrBlock).toBe("172.30.0.0/16");
  });
});

describe("peering with secondary blocks", () => {
  it("fails a request whose VPCs overlap only through a secondary block", async () => {
    const one = await newVpc("10.0.0.0/16");
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: one, CidrBlock: "10.1.0.0/16" }));
    const two = await newVpc("10.1.0.0/16");
    const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: two, PeerVpcId: one }));
    const { VpcPeeringConnections } = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [VpcPeeringConnection!.VpcPeeringConnectionId!] }));
    expect(VpcPeeringConnections![0].Status).toEqual({ Code: "failed", Message: "Overlapping CIDR range" });
  });

  it("lists every block of both VPCs in CidrBlockSet once accepted", async () => {
    const one = await newVpc("10.0.0.0/16");
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: one, CidrBlock: "10.1.0.0/16" }));
    const two = await newVpc("10.2.0.0/16");
    const pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one, PeerVpcId: two }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
    const { VpcPeeringConnections } = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }));
    expect(VpcPeeringConnections![0].RequesterVpcInfo).toMatchObject({ CidrBlock: "10.0.0.0/16", CidrBlockSet: [{ CidrBlock: "10.0.0.0/16" }, { CidrBlock: "10.1.0.0/16" }] });
    expect(VpcPeeringConnections![0].AccepterVpcInfo).toMatchObject({ CidrBlock: "10.2.0.0/16", CidrBlockSet: [{ CidrBlock: "10.2.0.0/16" }] });
  });
});

describe("the AWS CLI", () => {
  it("associates a secondary block and reads AWS's refusal of a restricted one", async () => {
    const vpcId = await newVpc("10.0.0.0/16");
    const env = cliEnv(account, server.endpoint);
    const ok = await runAwsCli(["ec2", "associate-vpc-cidr-block", "--vpc-id", vpcId, "--cidr-block", "10.1.0.0/16", "--output", "json"], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).CidrBlockAssociation).toMatchObject({ CidrBlock: "10.1.0.0/16", CidrBlockState: { State: "associating" } });
    const refused = await runAwsCli(["ec2", "associate-vpc-cidr-block", "--vpc-id", vpcId, "--cidr-block", "192.168.0.0/16"], env);
    expect(refused.code).toBe(254);
    expect(refused.stderr.trim()).toBe(`An error occurred (InvalidVpc.Range) when calling the AssociateVpcCidrBlock operation: ${RESTRICTED("192.168.0.0/16")}`);
  }, 120_000);
});

describe("an internet gateway route inside a secondary block", () => {
  it("is refused as shadowing the block's local route", async () => {
    const vpcId = await newVpc("10.0.0.0/16");
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: "100.64.0.0/16" }));
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await expectAwsError(
      ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "100.64.1.0/24", GatewayId: igw })),
      "InvalidParameterValue",
      "The destination CIDR block 100.64.1.0/24 is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.",
    );
  });
});
