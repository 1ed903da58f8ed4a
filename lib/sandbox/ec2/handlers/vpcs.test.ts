import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  ModifyVpcAttributeCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
const { ec2 } = ec2AccountPerTest(server);

async function newVpc(cidr: string, name?: string): Promise<string> {
  const tags = name ? [{ ResourceType: "vpc" as const, Tags: [{ Key: "Name", Value: name }] }] : undefined;
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: tags }));
  return Vpc!.VpcId!;
}

describe("the default VPC of a new account", () => {
  it("is 172.31.0.0/16 with a default /20 subnet per zone that maps public IPs", async () => {
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "isDefault", Values: ["true"] }] }));
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs![0]).toMatchObject({ CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available" });
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [Vpcs![0].VpcId!] }] }));
    expect(Subnets!.map((s) => s.CidrBlock)).toEqual(["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20", "172.31.48.0/20", "172.31.64.0/20", "172.31.80.0/20"]);
    expect(Subnets!.map((s) => s.AvailabilityZone)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
    expect(Subnets!.every((s) => s.DefaultForAz && s.MapPublicIpOnLaunch && s.AvailableIpAddressCount === 4091)).toBe(true);
  });

  it("has an attached internet gateway that its main route table uses for 0.0.0.0/0", async () => {
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }));
    const vpcId = Vpcs![0].VpcId!;
    const { InternetGateways } = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpcId] }] }));
    expect(InternetGateways![0].Attachments).toEqual([{ State: "available", VpcId: vpcId }]);
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }] }));
    expect(RouteTables![0].Routes).toEqual([
      { DestinationCidrBlock: "172.31.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" },
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: InternetGateways![0].InternetGatewayId, Origin: "CreateRoute", State: "active" },
    ]);
  });
});

describe("CreateVpc", () => {
  it("answers pending, then the VPC is available with a main route table, default security group and default network ACL", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "lab-vpc-1" }] }] }));
    expect(Vpc).toMatchObject({ CidrBlock: "10.1.0.0/16", State: "pending", IsDefault: false, InstanceTenancy: "default", Tags: [{ Key: "Name", Value: "lab-vpc-1" }] });
    expect(Vpc!.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const vpcId = Vpc!.VpcId!;
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(Vpcs![0].State).toBe("available");

    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(RouteTables).toHaveLength(1);
    expect(RouteTables![0].Associations![0].Main).toBe(true);
    expect(RouteTables![0].Routes).toEqual([{ DestinationCidrBlock: "10.1.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" }]);

    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(SecurityGroups).toHaveLength(1);
    const group = SecurityGroups![0];
    expect(group).toMatchObject({ GroupName: "default", Description: "default VPC security group" });
    expect(group.IpPermissions).toEqual([{ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: group.GroupId, UserId: expect.any(String) }], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [] }]);
    expect(group.IpPermissionsEgress![0].IpRanges).toEqual([{ CidrIp: "0.0.0.0/0" }]);

    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(NetworkAcls).toHaveLength(1);
    expect(NetworkAcls![0].IsDefault).toBe(true);
    expect(NetworkAcls![0].Entries!.map((e) => [e.Egress, e.RuleNumber, e.RuleAction, e.Protocol, e.CidrBlock])).toEqual([
      [true, 100, "allow", "-1", "0.0.0.0/0"],
      [true, 32767, "deny", "-1", "0.0.0.0/0"],
      [false, 100, "allow", "-1", "0.0.0.0/0"],
      [false, 32767, "deny", "-1", "0.0.0.0/0"],
    ]);
  });

  it("refuses CIDRs that are not blocks or are outside /16-/28", async () => {
    await expectAwsError(ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/33" })), "InvalidParameterValue", "Value (10.1.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
    await expectAwsError(ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/8" })), "InvalidVpc.Range", "The CIDR '10.0.0.0/8' is invalid.");
    await expectAwsError(ec2.send(new CreateVpcCommand({})), "MissingParameter", "The request must contain the parameter CidrBlock");
  });

  it("answers DryRun with DryRunOperation and creates nothing", async () => {
    const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    await expectAwsError(ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16", DryRun: true })), "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before);
  });
});

describe("DescribeVpcs", () => {
  it("filters by tag:Name with wildcards, cidr-block and pages with MaxResults/NextToken", async () => {
    const a = await newVpc("10.20.0.0/16", "page-a");
    const b = await newVpc("10.21.0.0/16", "page-b");
    const byTag = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: ["page-?"] }] }));
    expect(byTag.Vpcs!.map((v) => v.VpcId)).toEqual([a, b]);
    const byCidr = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "cidr-block", Values: ["10.21.*"] }] }));
    expect(byCidr.Vpcs!.map((v) => v.VpcId)).toEqual([b]);
    const all = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId);
    const first = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    expect(first.Vpcs).toHaveLength(Math.min(5, all.length));
    const seen = [...first.Vpcs!.map((v) => v.VpcId)];
    let token = first.NextToken;
    while (token) {
      const next = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...next.Vpcs!.map((v) => v.VpcId));
      token = next.NextToken;
    }
    expect(seen).toEqual(all);
  });

  it("answers NotFound for unknown ids, Malformed for ids that are not vpc ids, and refuses unknown filters", async () => {
    await expectAwsError(ec2.send(new DescribeVpcsCommand({ VpcIds: ["vpc-0123456789abcdef0"] })), "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist");
    await expectAwsError(ec2.send(new DescribeVpcsCommand({ VpcIds: ["foo"] })), "InvalidVpcID.Malformed", 'Invalid id: "foo"');
    await expectAwsError(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "colour", Values: ["x"] }] })), "InvalidParameterValue", "The filter 'colour' is invalid");
    await expectAwsError(ec2.send(new DescribeVpcsCommand({ MaxResults: 2 })), "InvalidParameterValue", /maxResults/);
  });
});

describe("VPC attributes", () => {
  it("turns DNS hostnames on and reads both attributes back", async () => {
    const vpcId = await newVpc("10.30.0.0/16");
    const before = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsHostnames" }));
    expect(before.EnableDnsHostnames).toEqual({ Value: false });
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    expect((await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsHostnames" }))).EnableDnsHostnames).toEqual({ Value: true });
    expect((await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsSupport" }))).EnableDnsSupport).toEqual({ Value: true });
  });

  it("reads and sets Network Address Usage metrics, which Terraform's aws_vpc reads on every refresh (off by default)", async () => {
    const vpcId = await newVpc("10.31.0.0/16");
    const read = async () => (await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableNetworkAddressUsageMetrics" }))).EnableNetworkAddressUsageMetrics;
    expect(await read()).toEqual({ Value: false });
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableNetworkAddressUsageMetrics: { Value: true } }));
    expect(await read()).toEqual({ Value: true });
  });
});

describe("DeleteVpc", () => {
  it("refuses a VPC with subnets or an attached gateway, then deletes it with its main table, default group and ACL", async () => {
    const vpcId = await newVpc("10.60.0.0/16");
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.60.0.0/24" }));
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId, VpcId: vpcId }));
    const message = `The vpc '${vpcId}' has dependencies and cannot be deleted.`;
    await expectAwsError(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })), "DependencyViolation", message);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId }));
    await expectAwsError(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })), "DependencyViolation", message);
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId, VpcId: vpcId }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    await expectAwsError(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })), "InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
    const leftovers = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(leftovers.RouteTables).toEqual([]);
  });
});
