/** Elastic IP addresses (AllocateAddress, AssociateAddress, DisassociateAddress, ReleaseAddress) through the real @aws-sdk/client-ec2. */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createLabVpc, describeInstance, ec2AccountPerTest, ec2SandboxForFile, expectAwsError, launchInstance } from "../testing";

const server = ec2SandboxForFile();
const tenant = ec2AccountPerTest(server);
const ec2 = tenant.ec2;

describe("Elastic IPs", () => {
  it("allocates, associates (replacing nothing on a private instance), blocks detaching the gateway, disassociates and releases", async () => {
    const { vpcId, subnetId, igw } = await createLabVpc(ec2, 6);
    const { Instances } = await launchInstance(ec2, { SubnetId: subnetId });
    const instanceId = Instances![0].InstanceId!;
    const allocated = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    expect(allocated).toMatchObject({ Domain: "vpc", PublicIpv4Pool: "amazon", NetworkBorderGroup: "us-east-1" });
    expect(allocated.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId: allocated.AllocationId, InstanceId: instanceId }));
    expect(AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    const instance = await describeInstance(ec2, instanceId);
    expect(instance.PublicIpAddress).toBe(allocated.PublicIp);
    expect(instance.NetworkInterfaces![0].Association).toMatchObject({ IpOwnerId: tenant.accountId, PublicIp: allocated.PublicIp });

    const { Addresses } = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: "instance-id", Values: [instanceId] }] }));
    expect(Addresses).toEqual([
      expect.objectContaining({ AllocationId: allocated.AllocationId, AssociationId, Domain: "vpc", InstanceId: instanceId, PrivateIpAddress: "10.6.0.4", PublicIp: allocated.PublicIp }),
    ]);
    await expectAwsError(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId })), "DependencyViolation", `Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    await expectAwsError(ec2.send(new ReleaseAddressCommand({ AllocationId: allocated.AllocationId })), "InvalidIPAddress.InUse", `Address ${allocated.PublicIp} is in use.`);
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    expect((await describeInstance(ec2, instanceId)).PublicIpAddress).toBeUndefined();
    await expectAwsError(ec2.send(new DisassociateAddressCommand({ AssociationId })), "InvalidAssociationID.NotFound", `The association ID '${AssociationId}' does not exist`);
    await ec2.send(new ReleaseAddressCommand({ AllocationId: allocated.AllocationId }));
    await expectAwsError(ec2.send(new ReleaseAddressCommand({ AllocationId: allocated.AllocationId })), "InvalidAllocationID.NotFound", `The allocation ID '${allocated.AllocationId}' does not exist`);
  });

  it("refuses an instance whose VPC has no internet gateway", async () => {
    const { vpcId, subnetId } = await createLabVpc(ec2, 7, { gateway: false });
    const { Instances } = await launchInstance(ec2, { SubnetId: subnetId });
    const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    await expectAwsError(ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: Instances![0].InstanceId })), "Gateway.NotAttached", `Network ${vpcId} is not attached to any internet gateway`);
    await ec2.send(new ReleaseAddressCommand({ AllocationId }));
  });
});
