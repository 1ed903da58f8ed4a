import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();

async function freshClient(): Promise<EC2Client> {
  return ec2ClientFor(server, await server.newAccount());
}

async function newVpc(ec2: EC2Client, cidr: string): Promise<string> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return Vpc!.VpcId!;
}

describe("Amazon VPC's quotas, with EC2's errors and nothing half-made", () => {
  it("5 VPCs a Region, the default VPC included: the 5th new one is VpcLimitExceeded and DescribeVpcs still lists 5", async () => {
    const ec2 = await freshClient();
    for (let i = 1; i <= 4; i += 1) await newVpc(ec2, `10.${i}.0.0/16`);
    await expectAwsError(ec2.send(new CreateVpcCommand({ CidrBlock: "10.5.0.0/16" })), "VpcLimitExceeded", "The maximum number of VPCs has been reached.");
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    expect(Vpcs).toHaveLength(5);
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({}));
    expect(RouteTables).toHaveLength(5);
    // Another Region has its own quota.
    const other = ec2ClientFor(server, await server.newAccount(), "eu-west-1");
    await newVpc(other, "10.9.0.0/16");
  });

  it("5 internet gateways a Region (the default VPC's counts): the 5th new one is InternetGatewayLimitExceeded", async () => {
    const ec2 = await freshClient();
    for (let i = 0; i < 4; i += 1) await ec2.send(new CreateInternetGatewayCommand({}));
    await expectAwsError(ec2.send(new CreateInternetGatewayCommand({})), "InternetGatewayLimitExceeded", "The maximum number of internet gateways has been reached.");
    const { InternetGateways } = await ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(InternetGateways).toHaveLength(5);
  });

  it("60 inbound and 60 outbound rules a group: a 10,000-range ingress call is refused at once and adds nothing", async () => {
    const ec2 = await freshClient();
    const vpcId = await newVpc(ec2, "10.1.0.0/16");
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "web", Description: "web" }));
    const ranges = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => ({ CidrIp: `10.${(i + offset) >> 8}.${(i + offset) & 255}.0/24` }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: ranges(59) }] }));
    const started = performance.now();
    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: ranges(10_000) }] })),
      "RulesPerSecurityGroupLimitExceeded",
      "The maximum number of rules per security group has been reached.",
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: ranges(1) }] }));
    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 23, ToPort: 23, IpRanges: ranges(1) }] })),
      "RulesPerSecurityGroupLimitExceeded",
    );
    // Outbound rules have their own 60: the default allow-all plus 59.
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: ranges(59) }] }));
    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId, IpPermissions: [{ IpProtocol: "udp", FromPort: 53, ToPort: 53, IpRanges: ranges(1) }] })),
      "RulesPerSecurityGroupLimitExceeded",
    );
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
    const inbound = SecurityGroups![0].IpPermissions!.flatMap((permission) => permission.IpRanges ?? []);
    const outbound = SecurityGroups![0].IpPermissionsEgress!.flatMap((permission) => permission.IpRanges ?? []);
    expect([inbound.length, outbound.length]).toEqual([60, 60]);
  });

  it("50 routes a route table besides the local one: the 51st is RouteLimitExceeded", async () => {
    const ec2 = await freshClient();
    const vpcId = await newVpc(ec2, "10.1.0.0/16");
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId, VpcId: vpcId }));
    const route = (i: number) => new CreateRouteCommand({ RouteTableId: RouteTable!.RouteTableId, DestinationCidrBlock: `192.168.${i}.0/24`, GatewayId: InternetGateway!.InternetGatewayId });
    for (let i = 0; i < 50; i += 1) await ec2.send(route(i));
    await expectAwsError(ec2.send(route(50)), "RouteLimitExceeded", "The maximum number of routes has been reached.");
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [RouteTable!.RouteTableId!] }));
    expect(RouteTables![0].Routes).toHaveLength(51);
  });

  it("20 rules each direction of a network ACL, the default deny not counted: the 21st is NetworkAclEntryLimitExceeded", async () => {
    const ec2 = await freshClient();
    const vpcId = await newVpc(ec2, "10.1.0.0/16");
    const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const entry = (n: number, egress: boolean) =>
      new CreateNetworkAclEntryCommand({ NetworkAclId: NetworkAcl!.NetworkAclId, RuleNumber: n, Protocol: "-1", RuleAction: "allow", Egress: egress, CidrBlock: "0.0.0.0/0" });
    for (let n = 1; n <= 20; n += 1) await ec2.send(entry(n, false));
    await expectAwsError(ec2.send(entry(21, false)), "NetworkAclEntryLimitExceeded", "The maximum number of network ACL entries has been reached.");
    await ec2.send(entry(1, true));
    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [NetworkAcl!.NetworkAclId!] }));
    expect(NetworkAcls![0].Entries!.filter((e) => !e.Egress)).toHaveLength(21);
  });

  it("200 subnets and 200 route tables a VPC: the next is SubnetLimitExceeded / RouteTableLimitExceeded", async () => {
    const ec2 = await freshClient();
    const vpcId = await newVpc(ec2, "10.1.0.0/16");
    await Promise.all(Array.from({ length: 200 }, (_, i) => ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.1.${i}.0/24` }))));
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.200.0/24" })), "SubnetLimitExceeded", "The maximum number of subnets has been reached.");
    await Promise.all(Array.from({ length: 199 }, () => ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))));
    await expectAwsError(ec2.send(new CreateRouteTableCommand({ VpcId: vpcId })), "RouteTableLimitExceeded", "The maximum number of route tables has been reached.");
  });

  it("outstanding peering requests a VPC: the 26th pending one is OutstandingVpcPeeringConnectionLimitExceeded", async () => {
    const ec2 = await freshClient();
    const vpcId = await newVpc(ec2, "10.1.0.0/16");
    const request = () => new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: "vpc-0123456789abcdef0", PeerOwnerId: "111122223333" });
    for (let i = 0; i < 25; i += 1) await ec2.send(request());
    await expectAwsError(ec2.send(request()), "OutstandingVpcPeeringConnectionLimitExceeded");
  });
});
