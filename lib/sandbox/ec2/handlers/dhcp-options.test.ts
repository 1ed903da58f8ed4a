/** DHCP option sets: the default set every VPC starts with, custom sets, association and deletion. */
import {
  AssociateDhcpOptionsCommand,
  CreateDhcpOptionsCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteDhcpOptionsCommand,
  DescribeDhcpOptionsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
let ec2: EC2Client;
let accountId: string;

beforeEach(async () => {
  const account = await server.newAccount();
  accountId = account.accountId;
  ec2 = ec2ClientFor(server, account);
});

async function newVpc(cidr = "10.0.0.0/16") {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!;
}

describe("the default DHCP option set", () => {
  it("is one set, shared by the default VPC and every new VPC, with Amazon's DNS and the Region's domain", async () => {
    const created = await newVpc();
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    const ids = new Set(Vpcs!.map((vpc) => vpc.DhcpOptionsId));
    expect(ids.size).toBe(1);
    expect(created.DhcpOptionsId).toBe(Vpcs![0].DhcpOptionsId);
    const { DhcpOptions } = await ec2.send(new DescribeDhcpOptionsCommand({}));
    expect(DhcpOptions).toEqual([
      {
        DhcpOptionsId: created.DhcpOptionsId,
        OwnerId: accountId,
        Tags: [],
        DhcpConfigurations: [
          { Key: "domain-name", Values: [{ Value: "ec2.internal" }] },
          { Key: "domain-name-servers", Values: [{ Value: "AmazonProvidedDNS" }] },
        ],
      },
    ]);
  });
});

describe("custom DHCP option sets", () => {
  it("are created with tags, associated, found by key filter, and deleted once no VPC uses them", async () => {
    const vpc = await newVpc();
    const { DhcpOptions } = await ec2.send(new CreateDhcpOptionsCommand({
      DhcpConfigurations: [{ Key: "domain-name", Values: ["lab.internal"] }, { Key: "domain-name-servers", Values: ["AmazonProvidedDNS"] }],
      TagSpecifications: [{ ResourceType: "dhcp-options", Tags: [{ Key: "Name", Value: "lab" }] }],
    }));
    const setId = DhcpOptions!.DhcpOptionsId!;
    expect(DhcpOptions!.Tags).toEqual([{ Key: "Name", Value: "lab" }]);
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: setId, VpcId: vpc.VpcId }));
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0].DhcpOptionsId).toBe(setId);
    const byValue = await ec2.send(new DescribeDhcpOptionsCommand({ Filters: [{ Name: "value", Values: ["lab.internal"] }] }));
    expect(byValue.DhcpOptions!.map((set) => set.DhcpOptionsId)).toEqual([setId]);
    await ec2.send(new CreateTagsCommand({ Resources: [setId], Tags: [{ Key: "Lab", Value: "1" }] }));
    const { Tags } = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "key", Values: ["Lab"] }] }));
    expect(Tags).toEqual([{ Key: "Lab", ResourceId: setId, ResourceType: "dhcp-options", Value: "1" }]);

    await expectAwsError(ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: setId })), "DependencyViolation", `The dhcpOptions '${setId}' has dependencies and cannot be deleted.`);
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: "default", VpcId: vpc.VpcId }));
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0].DhcpOptionsId).toBe("default");
    await ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: setId }));
    await expectAwsError(ec2.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [setId] })), "InvalidDhcpOptionID.NotFound", `The dhcpOption ID '${setId}' does not exist`);
  });

  it("refuses unknown option names, unknown sets and unknown VPCs", async () => {
    await expectAwsError(
      ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: "router", Values: ["10.0.0.1"] }] })),
      "InvalidParameterValue",
      "Value (router) for parameter name is invalid. Unrecognized option",
    );
    const vpc = await newVpc();
    await expectAwsError(
      ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: "dopt-0123456789abcdef0", VpcId: vpc.VpcId })),
      "InvalidDhcpOptionID.NotFound",
      "The dhcpOption ID 'dopt-0123456789abcdef0' does not exist",
    );
    await expectAwsError(
      ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: vpc.DhcpOptionsId, VpcId: "vpc-0123456789abcdef0" })),
      "InvalidVpcID.NotFound",
      "The vpc ID 'vpc-0123456789abcdef0' does not exist",
    );
  });
});
