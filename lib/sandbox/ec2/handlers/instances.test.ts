import {
  CreateSecurityGroupCommand,
  DeleteSubnetCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { AMAZON_IMAGES } from "../model/catalog";
import { createLabVpc, describeInstance, ec2AccountPerTest, ec2SandboxForFile, expectAwsError, launchInstance } from "../testing";

const AL2023 = AMAZON_IMAGES[0].imageId;
const server = ec2SandboxForFile();
const tenant = ec2AccountPerTest(server);
const ec2 = tenant.ec2;

describe("RunInstances", () => {
  it("launches pending into the subnet with a private IP after the four reserved addresses; Describe then shows running", async () => {
    const { vpcId, subnetId } = await createLabVpc(ec2, 1);
    const reservation = await launchInstance(ec2, { SubnetId: subnetId, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "instance-1" }] }] });
    expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(reservation.OwnerId).toBe(tenant.accountId);
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
    expect((await describeInstance(ec2, instance.InstanceId!)).State).toEqual({ Code: 16, Name: "running" });
    const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running"] }, { Name: "subnet-id", Values: [subnetId] }] }));
    expect(running.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toEqual([instance.InstanceId]);
  });

  it("assigns a public IP when asked through NetworkInterfaces, and checks image, type, groups and counts", async () => {
    const { subnetId } = await createLabVpc(ec2, 2);
    const other = await createLabVpc(ec2, 3, { gateway: false });
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "elsewhere", Description: "x", VpcId: other.vpcId }));
    const withIp = await launchInstance(ec2, { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] });
    const instance = withIp.Instances![0];
    expect(instance.PublicIpAddress).toMatch(/^3\.(8[0-9]|9[0-5])\.\d+\.\d+$/);
    expect(instance.PublicDnsName).toBe(`ec2-${instance.PublicIpAddress!.replace(/\./g, "-")}.compute-1.amazonaws.com`);

    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, ImageId: "ami-00000000000000000" }), "InvalidAMIID.NotFound", "The image id '[ami-00000000000000000]' does not exist");
    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, ImageId: "al2023" }), "InvalidAMIID.Malformed", 'Invalid id: "al2023" (expecting "ami-...")');
    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, InstanceType: "t9.huge" as never }), "InvalidParameterValue", "Invalid value 't9.huge' for InstanceType.");
    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, InstanceType: "t4g.micro" }), "InvalidParameterValue", /The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64'/);
    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, SecurityGroupIds: [GroupId!] }), "InvalidParameter", `Security group ${GroupId} and subnet ${subnetId} belong to different networks.`);
    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, MinCount: 2, MaxCount: 1 }), "InvalidParameterValue", /maxCount/);
    await expectAwsError(launchInstance(ec2, { SubnetId: "subnet-00000000000000000" }), "InvalidSubnetID.NotFound", "The subnet ID 'subnet-00000000000000000' does not exist");
    await expectAwsError(launchInstance(ec2, { SubnetId: subnetId, KeyName: "lab-key" }), "InvalidKeyPair.NotFound", "The key pair 'lab-key' does not exist");
  });

  it("is idempotent per ClientToken and refuses a reused token with other parameters", async () => {
    const { subnetId } = await createLabVpc(ec2, 4);
    const first = await launchInstance(ec2, { SubnetId: subnetId, ClientToken: "lab-token-1" });
    const again = await launchInstance(ec2, { SubnetId: subnetId, ClientToken: "lab-token-1" });
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances!.map((i) => i.InstanceId)).toEqual(first.Instances!.map((i) => i.InstanceId));
    await expectAwsError(
      launchInstance(ec2, { SubnetId: subnetId, ClientToken: "lab-token-1", InstanceType: "t2.micro" }),
      "IdempotentParameterMismatch",
      "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).",
    );
  });

  it("launches into the default VPC when no subnet is given", async () => {
    const reservation = await launchInstance(ec2, {});
    expect(reservation.Instances![0].PrivateIpAddress).toMatch(/^172\.31\.0\./);
    expect(reservation.Instances![0].PublicIpAddress).toMatch(/^3\./);
  });
});

describe("instance lifecycle", () => {
  it("stop releases the auto-assigned public IP, start gives a new one, terminate ends in terminated", async () => {
    const { subnetId } = await createLabVpc(ec2, 5);
    const { Instances } = await launchInstance(ec2, { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] });
    const instanceId = Instances![0].InstanceId!;
    const firstIp = Instances![0].PublicIpAddress;
    const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    expect(stopped.StoppingInstances).toEqual([{ InstanceId: instanceId, CurrentState: { Code: 64, Name: "stopping" }, PreviousState: { Code: 16, Name: "running" } }]);
    const afterStop = await describeInstance(ec2, instanceId);
    expect(afterStop.State).toEqual({ Code: 80, Name: "stopped" });
    expect(afterStop.PublicIpAddress).toBeUndefined();
    expect(afterStop.StateReason).toEqual({ Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown" });

    const started = await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    expect(started.StartingInstances![0]).toMatchObject({ CurrentState: { Code: 0, Name: "pending" }, PreviousState: { Code: 80, Name: "stopped" } });
    const afterStart = await describeInstance(ec2, instanceId);
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
    const { subnetId } = await createLabVpc(ec2, 6);
    const instanceId = (await launchInstance(ec2, { SubnetId: subnetId })).Instances![0].InstanceId!;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    const gone = await describeInstance(ec2, instanceId);
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
