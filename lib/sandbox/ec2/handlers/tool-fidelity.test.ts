/** What Ansible's amazon.aws modules and the Terraform provider rely on that plain console use does not: ClassicLink answers, tag sets, taggable kinds, an Elastic IP's PTR record. */
import {
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateRouteTableCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeTagsCommand,
  DescribeVpcClassicLinkCommand,
  DescribeVpcClassicLinkDnsSupportCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  AcceptVpcPeeringConnectionCommand,
  AllocateAddressCommand,
  DescribeAddressesAttributeCommand,
  EnableVpcClassicLinkCommand,
  ModifyVpcPeeringConnectionOptionsCommand,
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

async function newVpc(cidr = "10.0.0.0/16"): Promise<string> {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
}

const UNAVAILABLE = "The functionality you requested is not available in this region.";

describe("ClassicLink in a VPC-only account", () => {
  it("answers UnsupportedOperation for DescribeVpcClassicLink(DnsSupport) and the Enable calls", async () => {
    const vpcId = await newVpc();
    await expectAwsError(ec2.send(new DescribeVpcClassicLinkCommand({ VpcIds: [vpcId] })), "UnsupportedOperation", UNAVAILABLE);
    await expectAwsError(ec2.send(new DescribeVpcClassicLinkDnsSupportCommand({ VpcIds: [vpcId] })), "UnsupportedOperation", UNAVAILABLE);
    await expectAwsError(ec2.send(new EnableVpcClassicLinkCommand({ VpcId: vpcId })), "UnsupportedOperation", UNAVAILABLE);
  });

  it("reaches the AWS CLI as the same error", async () => {
    const result = await runAwsCli(["ec2", "describe-vpc-classic-link"], cliEnv(account, server.endpoint));
    expect(result.code).toBe(254);
    expect(result.stderr).toContain("An error occurred (UnsupportedOperation) when calling the DescribeVpcClassicLink operation: " + UNAVAILABLE);
  });
});

describe("tag sets of untagged resources", () => {
  it("are present and empty where AWS always sends them, absent on a VPC", async () => {
    const vpcId = await newVpc();
    const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3" }))).VpcEndpoint!.VpcEndpointId!;
    const peerId = await newVpc("10.1.0.0/16");
    await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerId }));

    expect((await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igwId] }))).InternetGateways![0].Tags).toEqual([]);
    const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).RouteTables!;
    expect(tables.map((table) => table.Tags)).toEqual([[], []]);
    const acls = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).NetworkAcls!;
    expect(acls.map((acl) => acl.Tags)).toEqual([[], []]);
    expect((await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0].Tags).toEqual([]);
    expect((await ec2.send(new DescribeVpcPeeringConnectionsCommand({}))).VpcPeeringConnections![0].Tags).toEqual([]);
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0].Tags).toBeUndefined();
  });
});

describe("tagging every kind of resource", () => {
  it("tags an endpoint and a peering connection and reports their resource types", async () => {
    const vpcId = await newVpc();
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3" }))).VpcEndpoint!.VpcEndpointId!;
    const peeringId = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: await newVpc("10.1.0.0/16") }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new CreateTagsCommand({ Resources: [endpointId, peeringId], Tags: [{ Key: "Name", Value: "lab" }] }));
    const { Tags } = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "key", Values: ["Name"] }] }));
    expect(Tags).toEqual([
      { Key: "Name", ResourceId: endpointId, ResourceType: "vpc-endpoint", Value: "lab" },
      { Key: "Name", ResourceId: peeringId, ResourceType: "vpc-peering-connection", Value: "lab" },
    ]);
    expect((await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0].Tags).toEqual([{ Key: "Name", Value: "lab" }]);
  });

  it("names each missing kind's own NotFound", async () => {
    const tag = [{ Key: "a", Value: "b" }];
    await expectAwsError(ec2.send(new CreateTagsCommand({ Resources: ["vpce-0123456789abcdef0"], Tags: tag })), "InvalidVpcEndpointId.NotFound", "The VpcEndpoint ID 'vpce-0123456789abcdef0' does not exist");
    await expectAwsError(ec2.send(new CreateTagsCommand({ Resources: ["eni-0123456789abcdef0"], Tags: tag })), "InvalidNetworkInterfaceID.NotFound", "The networkInterface ID 'eni-0123456789abcdef0' does not exist");
    await expectAwsError(ec2.send(new CreateTagsCommand({ Resources: ["vol-0123456789abcdef0"], Tags: tag })), "InvalidVolume.NotFound", "The volume 'vol-0123456789abcdef0' does not exist.");
  });
});

describe("peering connection details per state", () => {
  async function peering() {
    const requesterVpc = await newVpc("10.0.0.0/16");
    const accepterVpc = await newVpc("10.1.0.0/16");
    const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: requesterVpc, PeerVpcId: accepterVpc }));
    return { id: VpcPeeringConnection!.VpcPeeringConnectionId!, requesterVpc, accepterVpc };
  }

  async function describe1(id: string) {
    return (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0];
  }

  it("shows the accepter's CIDR only once the request is accepted, and peering options from then on", async () => {
    const { id, accepterVpc } = await peering();
    const pending = await describe1(id);
    expect(pending.Status!.Code).toBe("pending-acceptance");
    expect(pending.AccepterVpcInfo).toEqual({ OwnerId: account.accountId, VpcId: accepterVpc, Region: "us-east-1" });
    expect(pending.RequesterVpcInfo).toMatchObject({ CidrBlock: "10.0.0.0/16", CidrBlockSet: [{ CidrBlock: "10.0.0.0/16" }] });
    const byAccepterCidr = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: "accepter-vpc-info.cidr-block", Values: ["10.1.0.0/16"] }] }));
    expect(byAccepterCidr.VpcPeeringConnections).toEqual([]);

    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    const active = await describe1(id);
    expect(active.Status!.Code).toBe("active");
    expect(active.AccepterVpcInfo).toMatchObject({
      CidrBlock: "10.1.0.0/16",
      CidrBlockSet: [{ CidrBlock: "10.1.0.0/16" }],
      PeeringOptions: { AllowDnsResolutionFromRemoteVpc: false, AllowEgressFromLocalClassicLinkToRemoteVpc: false, AllowEgressFromLocalVpcToRemoteClassicLink: false },
    });
  });

  it("ModifyVpcPeeringConnectionOptions turns on DNS resolution of an active connection only", async () => {
    const { id } = await peering();
    await expectAwsError(
      ec2.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } })),
      "OperationNotPermitted",
      `Peering ${id} is not active. Peering options can be added only to active peerings.`,
    );
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    await describe1(id);
    const result = await ec2.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }));
    expect(result.AccepterPeeringConnectionOptions).toEqual({ AllowDnsResolutionFromRemoteVpc: true, AllowEgressFromLocalClassicLinkToRemoteVpc: false, AllowEgressFromLocalVpcToRemoteClassicLink: false });
    expect(result.RequesterPeeringConnectionOptions).toBeUndefined();
    const active = await describe1(id);
    expect(active.AccepterVpcInfo!.PeeringOptions!.AllowDnsResolutionFromRemoteVpc).toBe(true);
    expect(active.RequesterVpcInfo!.PeeringOptions!.AllowDnsResolutionFromRemoteVpc).toBe(false);
  });
});

describe("an Elastic IP's reverse DNS attribute (Terraform's aws_eip reads it on every refresh)", () => {
  it("lists each address without a PTR record, and refuses an attribute other than domain-name", async () => {
    const { AllocationId, PublicIp } = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    const { Addresses } = await ec2.send(new DescribeAddressesAttributeCommand({ AllocationIds: [AllocationId!], Attribute: "domain-name" }));
    expect(Addresses).toEqual([{ AllocationId, PublicIp }]);
    await expectAwsError(
      ec2.send(new DescribeAddressesAttributeCommand({ AllocationIds: ["eipalloc-00000000000000000"], Attribute: "domain-name" })),
      "InvalidAllocationID.NotFound",
      /eipalloc-00000000000000000/,
    );
    await expectAwsError(ec2.send(new DescribeAddressesAttributeCommand({ Attribute: "colour" as never })), "InvalidParameterValue", /attribute/);
  });
});
