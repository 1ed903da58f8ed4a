import {
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "@/lib/sandbox/testing";
import { ec2ClientFor, expectAwsError, startEc2Sandbox } from "../testing";

let server: SandboxServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startEc2Sandbox();
  ec2 = ec2ClientFor(server, await server.newAccount());
});
afterAll(async () => {
  await server.close();
});

describe("tags", () => {
  it("creates, overwrites, describes by filter and deletes tags", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    const vpcId = Vpc!.VpcId!;
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "lab" }, { Key: "Lab", Value: "peering" }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "lab-vpc-1" }] }));
    const { Tags } = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [vpcId] }] }));
    expect(Tags).toEqual([
      { Key: "Name", ResourceId: vpcId, ResourceType: "vpc", Value: "lab-vpc-1" },
      { Key: "Lab", ResourceId: vpcId, ResourceType: "vpc", Value: "peering" },
    ]);
    const byKey = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag-key", Values: ["Lab"] }] }));
    expect(byKey.Vpcs!.map((v) => v.VpcId)).toEqual([vpcId]);

    await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Lab", Value: "other" }] }));
    expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [vpcId] }] }))).Tags).toHaveLength(2);
    await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Lab" }] }));
    const remaining = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-type", Values: ["vpc"] }, { Name: "key", Values: ["Lab"] }] }));
    expect(remaining.Tags).toEqual([]);
  });

  it("refuses unknown resources, reserved keys and unknown TagSpecification resource types", async () => {
    await expectAwsError(ec2.send(new CreateTagsCommand({ Resources: ["vpc-00000000000000000"], Tags: [{ Key: "a", Value: "b" }] })), "InvalidVpcID.NotFound", "The vpc ID 'vpc-00000000000000000' does not exist");
    await expectAwsError(ec2.send(new CreateTagsCommand({ Resources: ["bucket-1"], Tags: [{ Key: "a", Value: "b" }] })), "InvalidID", "The ID 'bucket-1' is not valid");
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    await expectAwsError(ec2.send(new CreateTagsCommand({ Resources: [Vpcs![0].VpcId!], Tags: [{ Key: "aws:owner", Value: "b" }] })), "InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
    await expectAwsError(
      ec2.send(new CreateVpcCommand({ CidrBlock: "10.2.0.0/16", TagSpecifications: [{ ResourceType: "subnet", Tags: [{ Key: "a", Value: "b" }] }] })),
      "InvalidParameterValue",
      "'subnet' is not a valid taggable resource type for this operation.",
    );
  });
});

describe("the fixed catalog", () => {
  it("finds Amazon Linux 2023 by the name filter the console uses", async () => {
    const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-kernel-6.1-x86_64"] }, { Name: "architecture", Values: ["x86_64"] }] }));
    expect(Images).toHaveLength(1);
    expect(Images![0]).toMatchObject({ Name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64", ImageOwnerAlias: "amazon", State: "available", Architecture: "x86_64", RootDeviceType: "ebs", Public: true });
    expect((await ec2.send(new DescribeImagesCommand({ Owners: ["self"] }))).Images).toEqual([]);
    await expectAwsError(ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-00000000000000000"] })), "InvalidAMIID.NotFound", "The image id '[ami-00000000000000000]' does not exist");
  });

  it("lists us-east-1a..f with their zone ids, the regions, and no key pairs", async () => {
    const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(AvailabilityZones!.map((z) => [z.ZoneName, z.ZoneId, z.State])).toEqual(
      ["a", "b", "c", "d", "e", "f"].map((letter, i) => [`us-east-1${letter}`, `use1-az${i + 1}`, "available"]),
    );
    const { Regions } = await ec2.send(new DescribeRegionsCommand({ RegionNames: ["us-east-1"] }));
    expect(Regions).toEqual([{ OptInStatus: "opt-in-not-required", RegionName: "us-east-1", Endpoint: "ec2.us-east-1.amazonaws.com" }]);
    expect((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
    await expectAwsError(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ["lab"] })), "InvalidKeyPair.NotFound", "The key pair 'lab' does not exist");
  });
});

describe("isolation between accounts", () => {
  it("never shows or touches another account's resources", async () => {
    const other = ec2ClientFor(server, await server.newAccount());
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.77.0.0/16" }));
    const vpcId = Vpc!.VpcId!;
    await expectAwsError(other.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })), "InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
    await expectAwsError(other.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "a", Value: "b" }] })), "InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
    const theirs = await other.send(new DescribeVpcsCommand({}));
    expect(theirs.Vpcs!.map((v) => v.CidrBlock)).toEqual(["172.31.0.0/16"]);
    const theirSubnets = await other.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(theirSubnets.Subnets).toEqual([]);
  });
});
