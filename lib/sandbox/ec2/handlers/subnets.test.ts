/** Subnets (CreateSubnet, ModifySubnetAttribute, DeleteSubnet) through the real @aws-sdk/client-ec2. */
import {
  CreateSubnetCommand,
  DeleteSubnetCommand,
  DescribeNetworkAclsCommand,
  DescribeSubnetsCommand,
  ModifySubnetAttributeCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createVpc, ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";
import { invalidSubnetConflict } from "../model/errors";

const server = ec2SandboxForFile();
const { ec2 } = ec2AccountPerTest(server);

describe("subnets", () => {
  it("creates a subnet inside the VPC with its address count and no public IP mapping, then toggles MapPublicIpOnLaunch", async () => {
    const vpcId = await createVpc(ec2, 40);
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.0.0/24", AvailabilityZone: "us-east-1b" }));
    expect(Subnet).toMatchObject({ VpcId: vpcId, CidrBlock: "10.40.0.0/24", AvailableIpAddressCount: 251, AvailabilityZone: "us-east-1b", AvailabilityZoneId: "use1-az2", MapPublicIpOnLaunch: false, DefaultForAz: false, State: "available" });
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId, MapPublicIpOnLaunch: { Value: true } }));
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [Subnet!.SubnetId!] }));
    expect(Subnets![0].MapPublicIpOnLaunch).toBe(true);
    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [Subnet!.SubnetId!] }] }));
    expect(NetworkAcls).toHaveLength(1);
    expect(NetworkAcls![0].IsDefault).toBe(true);
  });

  it("refuses CIDRs outside the VPC, overlapping ones and unknown zones", async () => {
    const vpcId = await createVpc(ec2, 41);
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.41.0.0/24" }));
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.99.0.0/24" })), "InvalidSubnet.Range", "The CIDR '10.99.0.0/24' is invalid.");
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.41.0.128/25" })), "InvalidSubnet.Conflict", invalidSubnetConflict("10.41.0.128/25").message);
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.41.1.0/29" })), "InvalidSubnet.Range", "The CIDR '10.41.1.0/29' is invalid.");
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.41.2.0/24", AvailabilityZone: "us-east-1z" })), "InvalidParameterValue", /Subnets can currently only be created in the following availability zones: us-east-1a, us-east-1b/);
    await expectAwsError(ec2.send(new CreateSubnetCommand({ VpcId: "vpc-00000000000000000", CidrBlock: "10.41.3.0/24" })), "InvalidVpcID.NotFound", "The vpc ID 'vpc-00000000000000000' does not exist");
    await expectAwsError(ec2.send(new DeleteSubnetCommand({ SubnetId: "subnet-00000000000000000" })), "InvalidSubnetID.NotFound", "The subnet ID 'subnet-00000000000000000' does not exist");
  });
});
