import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type RunInstancesCommandInput,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { AMAZON_IMAGES } from "../model/catalog";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const AL2023 = AMAZON_IMAGES[0].imageId;
const server = ec2SandboxForFile();
let ec2: EC2Client;
let accountId: string;

// A fresh account per test: each stays within Amazon VPC's quotas (5 VPCs and 5 gateways a Region).
beforeEach(async () => {
  const account = await server.newAccount();
  accountId = account.accountId;
  ec2 = ec2ClientFor(server, account);
});

async function labVpc(second: number, withGateway = true) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16` }));
  const vpcId = Vpc!.VpcId!;
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${second}.0.0/24` }));
  let igw: string | undefined;
  if (withGateway) {
    igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  }
  return { vpcId, subnetId: Subnet!.SubnetId!, igw };
}

function launch(input: Partial<RunInstancesCommandInput>) {
  return ec2.send(new RunInstancesCommand({ ImageId: AL2023, InstanceType: "t3.micro", MinCount: 1, MaxCount: 1, ...input }));
}

async function describeOne(instanceId: string) {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
}

describe("RunInstances", () => {
  it("launches pending into the subnet with a private IP after the four reserved addresses; Describe then shows running", async () => {
    const { vpcId, subnetId } = await labVpc(1);
    const reservation = await launch({ SubnetId: subnetId, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "instance-1" }] }] });
    expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(reservation.OwnerId).toBe(accountId);
    const instance = reservation.Instances![0];
    expect(instance).toMatchObject({
      ImageId: AL2023,
      InstanceType: "t3.micro",
      State: { Code: 0, Name: "pending" },
      SubnetId: subnetId,
      VpcId: vpcId,
      PrivateIpAddress: "10.1.0.4",
      PrivateDnsName: "ip-10-1-0-4.ec2.internal",
      Placement: { AvailabilityZone: "us-east-1a" },
      Monitoring: { State: "disabled" },
      Tags: [{ Key: "Name", Value: "instance-1" }],
    });
    expect(instance.PublicIpAddress).toBeUndefined();
    expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(instance.NetworkInterfaces![0].NetworkInterfaceId).toMatch(/^eni-[0-9a-f]{17}$/);
    expect(instance.SecurityGroups![0].GroupName).toBe("default");
    expect((await describeOne(instance.InstanceId!)).State).toEqual({ Code: 16, Name: "running" });
    const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running"] }, { Name: "subnet-id", Values: [subnetId] }] }));
    expect(running.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toEqual([instance.InstanceId]);
  });

  it("assigns a public IP when asked through NetworkInterfaces, and checks image, type, groups and counts", async () => {
    const { subnetId } = await labVpc(2);
    const other = await labVpc(3, false);
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "elsewhere", Description: "x", VpcId: other.vpcId }));
    const withIp = await launch({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] });
    const instance = withIp.Instances![0];
    expect(instance.PublicIpAddress).toMatch(/^3\.(8[0-9]|9[0-5])\.\d+\.\d+$/);
    expect(instance.PublicDnsName).toBe(`ec2-${instance.PublicIpAddress!.replace(/\./g, "-")}.compute-1.amazonaws.com`);

    await expectAwsError(launch({ SubnetId: subnetId, ImageId: "ami-00000000000000000" }), "InvalidAMIID.NotFound", "The image id '[ami-00000000000000000]' does not exist");
    await expectAwsError(launch({ SubnetId: subnetId, ImageId: "al2023" }), "InvalidAMIID.Malformed", 'Invalid id: "al2023" (expecting "ami-...")');
    await expectAwsError(launch({ SubnetId: subnetId, InstanceType: "t9.huge" as never }), "InvalidParameterValue", "Invalid value 't9.huge' for InstanceType.");
    await expectAwsError(launch({ SubnetId: subnetId, InstanceType: "t4g.micro" }), "InvalidParameterValue", /The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64'/);
    await expectAwsError(launch({ SubnetId: subnetId, SecurityGroupIds: [GroupId!] }), "InvalidParameter", `Security group ${GroupId} and subnet ${subnetId} belong to different networks.`);
    await expectAwsError(launch({ SubnetId: subnetId, MinCount: 2, MaxCount: 1 }), "InvalidParameterValue", /maxCount/);
    await expectAwsError(launch({ SubnetId: "subnet-00000000000000000" }), "InvalidSubnetID.NotFound", "The subnet ID 'subnet-00000000000000000' does not exist");
    await expectAwsError(launch({ SubnetId: subnetId, KeyName: "lab-key" }), "InvalidKeyPair.NotFound", "The key pair 'lab-key' does not exist");
  });

  it("is idempotent per ClientToken and refuses a reused token with other parameters", async () => {
    const { subnetId } = await labVpc(4);
    const first = await launch({ SubnetId: subnetId, ClientToken: "lab-token-1" });
    const again = await launch({ SubnetId: subnetId, ClientToken: "lab-token-1" });
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances!.map((i) => i.InstanceId)).toEqual(first.Instances!.map((i) => i.InstanceId));
    await expectAwsError(
      launch({ SubnetId: subnetId, ClientToken: "lab-token-1", InstanceType: "t2.micro" }),
      "IdempotentParameterMismatch",
      "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).",
    );
  });

  it("launches into the default VPC when no subnet is given", async () => {
    const reservation = await launch({});
    expect(reservation.Instances![0].PrivateIpAddress).toMatch(/^172\.31\.0\./);
    expect(reservation.Instances![0].PublicIpAddress).toMatch(/^3\./);
  });
});

describe("instance lifecycle", () => {
  it("stop releases the auto-assigned public IP, start gives a new one, terminate ends in terminated", async () => {
    const { subnetId } = await labVpc(5);
    const { Instances } = await launch({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] });
    const instanceId = Instances![0].InstanceId!;
    const firstIp = Instances![0].PublicIpAddress;
    const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    expect(stopped.StoppingInstances).toEqual([{ InstanceId: instanceId, CurrentState: { Code: 64, Name: "stopping" }, PreviousState: { Code: 16, Name: "running" } }]);
    const afterStop = await describeOne(instanceId);
    expect(afterStop.State).toEqual({ Code: 80, Name: "stopped" });
    expect(afterStop.PublicIpAddress).toBeUndefined();
    expect(afterStop.StateReason).toEqual({ Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown" });

    const started = await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    expect(started.StartingInstances![0]).toMatchObject({ CurrentState: { Code: 0, Name: "pending" }, PreviousState: { Code: 80, Name: "stopped" } });
    const afterStart = await describeOne(instanceId);
    expect(afterStart.State!.Name).toBe("running");
    expect(afterStart.PublicIpAddress).toMatch(/^3\./);
    expect(afterStart.PublicIpAddress).not.toBe(firstIp);

    const status = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId] }));
    expect(status.InstanceStatuses![0]).toMatchObject({ InstanceId: instanceId, InstanceState: { Code: 16, Name: "running" }, InstanceStatus: { Status: "ok" }, SystemStatus: { Status: "ok" } });

    await expectAwsError(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })), "DependencyViolation", `The subnet '${subnetId}' has dependencies and cannot be deleted.`);
    const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect(terminated.TerminatingInstances![0]).toMatchObject({ CurrentState: { Code: 32, Name: "shutting-down" }, PreviousState: { Code: 16, Name: "running" } });
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
  });

  it("keeps listing a terminated instance (state terminated, as EC2 does for about an hour) with delays off, and a second terminate answers terminated", async () => {
    const { subnetId } = await labVpc(6);
    const instanceId = (await launch({ SubnetId: subnetId })).Instances![0].InstanceId!;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    const gone = await describeOne(instanceId);
    expect(gone).toMatchObject({ InstanceId: instanceId, State: { Code: 48, Name: "terminated" }, StateReason: { Code: "Client.UserInitiatedShutdown" } });
    expect(gone.StateTransitionReason).toMatch(/^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    const listed = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["terminated"] }] }));
    expect(listed.Reservations!.flatMap((reservation) => reservation.Instances!).map((instance) => instance.InstanceId)).toEqual([instanceId]);
    const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["pending", "running"] }] }));
    expect(running.Reservations).toEqual([]);
    const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect(again.TerminatingInstances).toEqual([{ InstanceId: instanceId, CurrentState: { Code: 48, Name: "terminated" }, PreviousState: { Code: 48, Name: "terminated" } }]);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
  });

  it("answers NotFound and Malformed for unknown instance ids", async () => {
    await expectAwsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-00000000000000000", "i-00000000000000001"] })), "InvalidInstanceID.NotFound", "The instance IDs 'i-00000000000000000, i-00000000000000001' do not exist");
    await expectAwsError(ec2.send(new StopInstancesCommand({ InstanceIds: ["i-00000000000000000"] })), "InvalidInstanceID.NotFound", "The instance ID 'i-00000000000000000' does not exist");
    await expectAwsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["instance-1"] })), "InvalidInstanceID.Malformed", 'Invalid id: "instance-1"');
  });
});

describe("Elastic IPs", () => {
  it("allocates, associates (replacing nothing on a private instance), blocks detaching the gateway, disassociates and releases", async () => {
    const { vpcId, subnetId, igw } = await labVpc(6);
    const { Instances } = await launch({ SubnetId: subnetId });
    const instanceId = Instances![0].InstanceId!;
    const allocated = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    expect(allocated).toMatchObject({ Domain: "vpc", PublicIpv4Pool: "amazon", NetworkBorderGroup: "us-east-1" });
    expect(allocated.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId: allocated.AllocationId, InstanceId: instanceId }));
    expect(AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    const instance = await describeOne(instanceId);
    expect(instance.PublicIpAddress).toBe(allocated.PublicIp);
    expect(instance.NetworkInterfaces![0].Association).toMatchObject({ IpOwnerId: accountId, PublicIp: allocated.PublicIp });

    const { Addresses } = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: "instance-id", Values: [instanceId] }] }));
    expect(Addresses).toEqual([
      expect.objectContaining({ AllocationId: allocated.AllocationId, AssociationId, Domain: "vpc", InstanceId: instanceId, PrivateIpAddress: "10.6.0.4", PublicIp: allocated.PublicIp }),
    ]);
    await expectAwsError(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId })), "DependencyViolation", `Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    await expectAwsError(ec2.send(new ReleaseAddressCommand({ AllocationId: allocated.AllocationId })), "InvalidIPAddress.InUse", `Address ${allocated.PublicIp} is in use.`);
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    expect((await describeOne(instanceId)).PublicIpAddress).toBeUndefined();
    await expectAwsError(ec2.send(new DisassociateAddressCommand({ AssociationId })), "InvalidAssociationID.NotFound", `The association ID '${AssociationId}' does not exist`);
    await ec2.send(new ReleaseAddressCommand({ AllocationId: allocated.AllocationId }));
    await expectAwsError(ec2.send(new ReleaseAddressCommand({ AllocationId: allocated.AllocationId })), "InvalidAllocationID.NotFound", `The allocation ID '${allocated.AllocationId}' does not exist`);
  });

  it("refuses an instance whose VPC has no internet gateway", async () => {
    const { vpcId, subnetId } = await labVpc(7, false);
    const { Instances } = await launch({ SubnetId: subnetId });
    const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    await expectAwsError(ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: Instances![0].InstanceId })), "Gateway.NotAttached", `Network ${vpcId} is not attached to any internet gateway`);
    await ec2.send(new ReleaseAddressCommand({ AllocationId }));
  });
});
