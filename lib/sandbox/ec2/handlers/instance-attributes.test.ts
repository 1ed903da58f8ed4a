/** Instance attributes, credit specifications, instance types, and the instance's interface and root volume, as ec2_instance and aws_instance read them. */
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type _InstanceType,
  type EC2Client,
  type InstanceAttributeName,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { cliEnv, runAwsCli, type TestAccount } from "@/lib/sandbox/testing";
import { AMAZON_IMAGES } from "../model/catalog";
import { incorrectInstanceStateNotStopped } from "../model/errors";
import { ec2ClientFor, ec2SandboxForFile, expectAwsError } from "../testing";

const AL2023 = AMAZON_IMAGES[0].imageId;
const server = ec2SandboxForFile();
let account: TestAccount;
let ec2: EC2Client;

beforeEach(async () => {
  account = await server.newAccount();
  ec2 = ec2ClientFor(server, account);
});

async function launch(instanceType: _InstanceType = "t3.micro") {
  const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: AL2023, InstanceType: instanceType, MinCount: 1, MaxCount: 1 }));
  return Instances![0];
}

async function attribute(instanceId: string, name: InstanceAttributeName) {
  return ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: name }));
}

describe("DescribeInstanceAttribute", () => {
  it("reads groupSet, sourceDestCheck, disableApiTermination, instanceType, userData and the root device", async () => {
    const instance = await launch();
    const id = instance.InstanceId!;
    const groupId = instance.SecurityGroups![0].GroupId!;
    expect(await attribute(id, "groupSet")).toMatchObject({ InstanceId: id, Groups: [{ GroupId: groupId, GroupName: "default" }] });
    expect((await attribute(id, "sourceDestCheck")).SourceDestCheck).toEqual({ Value: true });
    expect((await attribute(id, "disableApiTermination")).DisableApiTermination).toEqual({ Value: false });
    expect((await attribute(id, "instanceType")).InstanceType).toEqual({ Value: "t3.micro" });
    expect((await attribute(id, "instanceInitiatedShutdownBehavior")).InstanceInitiatedShutdownBehavior).toEqual({ Value: "stop" });
    expect((await attribute(id, "userData")).UserData).toEqual({});
    expect((await attribute(id, "rootDeviceName")).RootDeviceName).toEqual({ Value: "/dev/xvda" });
    expect((await attribute(id, "blockDeviceMapping")).BlockDeviceMappings).toEqual([
      { DeviceName: "/dev/xvda", Ebs: { AttachTime: expect.any(Date), DeleteOnTermination: true, Status: "attached", VolumeId: `vol-${id.slice(2)}` } },
    ]);
  });

  it("refuses unknown attributes and instances", async () => {
    const id = (await launch()).InstanceId!;
    await expectAwsError(attribute(id, "colour" as "groupSet"), "InvalidParameterValue", "Value (colour) for parameter attribute is invalid. Unknown attribute.");
    await expectAwsError(attribute("i-0123456789abcdef0", "groupSet"), "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist");
  });
});

describe("ModifyInstanceAttribute", () => {
  it("replaces the security groups of a running instance, refusing a group of another VPC", async () => {
    const instance = await launch();
    const id = instance.InstanceId!;
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "web", VpcId: instance.VpcId }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [GroupId!] }));
    expect((await attribute(id, "groupSet")).Groups).toEqual([{ GroupId, GroupName: "web" }]);
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(Reservations![0].Instances![0].SecurityGroups).toEqual([{ GroupId, GroupName: "web" }]);
    await expectAwsError(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: ["sg-0123456789abcdef0"] })), "InvalidGroup.NotFound");
  });

  it("turns off source/dest check in both forms and shows it on the instance and its interface", async () => {
    const id = (await launch()).InstanceId!;
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, SourceDestCheck: { Value: false } }));
    expect((await attribute(id, "sourceDestCheck")).SourceDestCheck).toEqual({ Value: false });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: "sourceDestCheck", Value: "true" }));
    expect((await attribute(id, "sourceDestCheck")).SourceDestCheck).toEqual({ Value: true });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, SourceDestCheck: { Value: false } }));
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(Reservations![0].Instances![0]).toMatchObject({ SourceDestCheck: false, NetworkInterfaces: [{ SourceDestCheck: false }] });
  });

  it("protects from termination until the protection is turned off", async () => {
    const id = (await launch()).InstanceId!;
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
    expect((await attribute(id, "disableApiTermination")).DisableApiTermination).toEqual({ Value: true });
    await expectAwsError(
      ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })),
      "OperationNotPermitted",
      `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
    );
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));
    const { TerminatingInstances } = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(TerminatingInstances![0].CurrentState!.Name).toBe("shutting-down");
  });

  it("changes the type and user data only of a stopped instance, one attribute per call", async () => {
    const id = (await launch()).InstanceId!;
    const notStopped = incorrectInstanceStateNotStopped(id);
    await expectAwsError(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: "t3.small" } })), notStopped.code, notStopped.message);
    await expectAwsError(
      ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, SourceDestCheck: { Value: false }, DisableApiTermination: { Value: true } })),
      "InvalidParameterValue",
      "Fields for multiple attribute types specified: sourceDestCheck, disableApiTermination",
    );
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: "t3.small" } }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, UserData: { Value: new TextEncoder().encode("#!/bin/sh\necho hi\n") } }));
    expect((await attribute(id, "instanceType")).InstanceType).toEqual({ Value: "t3.small" });
    expect((await attribute(id, "userData")).UserData).toEqual({ Value: Buffer.from("#!/bin/sh\necho hi\n").toString("base64") });
    await expectAwsError(
      ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: "t4g.small" } })),
      "InvalidParameterValue",
      /^The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI\./,
    );
  });
});

describe("DescribeInstanceCreditSpecifications", () => {
  it("reports t3's unlimited default and t2's standard; without ids, the unlimited ones", async () => {
    const t3 = (await launch("t3.micro")).InstanceId!;
    const t2 = (await launch("t2.micro")).InstanceId!;
    const named = await ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [t3, t2] }));
    expect(named.InstanceCreditSpecifications).toEqual([
      { InstanceId: t3, CpuCredits: "unlimited" },
      { InstanceId: t2, CpuCredits: "standard" },
    ]);
    const all = await ec2.send(new DescribeInstanceCreditSpecificationsCommand({}));
    expect(all.InstanceCreditSpecifications).toEqual([{ InstanceId: t3, CpuCredits: "unlimited" }]);
  });
});

describe("DescribeInstanceTypes", () => {
  it("describes the sandbox's types with their burstable flag, CPUs and memory, and refuses unknown ones", async () => {
    const { InstanceTypes } = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["t3.micro", "t2.micro"] }));
    expect(InstanceTypes!.map((type) => [type.InstanceType, type.BurstablePerformanceSupported, type.VCpuInfo!.DefaultVCpus, type.VCpuInfo!.DefaultCores, type.MemoryInfo!.SizeInMiB, type.FreeTierEligible])).toEqual([
      ["t3.micro", true, 2, 1, 1024, true],
      ["t2.micro", true, 1, 1, 1024, true],
    ]);
    expect(InstanceTypes![0].ProcessorInfo!.SupportedArchitectures).toEqual(["x86_64"]);
    const arm = await ec2.send(new DescribeInstanceTypesCommand({ Filters: [{ Name: "processor-info.supported-architecture", Values: ["arm64"] }] }));
    expect(arm.InstanceTypes!.map((type) => type.InstanceType)).toContain("t4g.micro");
    await expectAwsError(ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["x9.huge" as "t2.micro"] })), "InvalidInstanceType", "The following supplied instance types do not exist: [x9.huge]");
  });
});

describe("the instance's network interface and root volume", () => {
  it("DescribeNetworkInterfaces lists the primary interface, attached to the instance, with an empty tag set", async () => {
    const instance = await launch();
    const eniId = instance.NetworkInterfaces![0].NetworkInterfaceId!;
    const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instance.InstanceId!] }] }));
    expect(NetworkInterfaces).toHaveLength(1);
    expect(NetworkInterfaces![0]).toMatchObject({
      NetworkInterfaceId: eniId,
      SubnetId: instance.SubnetId,
      VpcId: instance.VpcId,
      PrivateIpAddress: instance.PrivateIpAddress,
      Status: "in-use",
      InterfaceType: "interface",
      SourceDestCheck: true,
      RequesterManaged: false,
      TagSet: [],
      Attachment: { InstanceId: instance.InstanceId, DeviceIndex: 0, Status: "attached", DeleteOnTermination: true, InstanceOwnerId: account.accountId },
    });
    await expectAwsError(
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ["eni-0123456789abcdef0"] })),
      "InvalidNetworkInterfaceID.NotFound",
      "The networkInterface ID 'eni-0123456789abcdef0' does not exist",
    );
  });

  it("DescribeVolumes lists the 8 GiB gp3 root volume attached at /dev/xvda; it and the interface take tags", async () => {
    const instance = await launch();
    const volumeId = instance.BlockDeviceMappings![0].Ebs!.VolumeId!;
    const { Volumes } = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instance.InstanceId!] }] }));
    expect(Volumes).toEqual([
      expect.objectContaining({
        VolumeId: volumeId,
        Size: 8,
        VolumeType: "gp3",
        State: "in-use",
        AvailabilityZone: instance.Placement!.AvailabilityZone,
        Attachments: [expect.objectContaining({ InstanceId: instance.InstanceId, Device: "/dev/xvda", State: "attached", VolumeId: volumeId, DeleteOnTermination: true })],
      }),
    ]);
    const eniId = instance.NetworkInterfaces![0].NetworkInterfaceId!;
    await ec2.send(new CreateTagsCommand({ Resources: [volumeId, eniId], Tags: [{ Key: "Name", Value: "web" }] }));
    const { Tags } = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "key", Values: ["Name"] }] }));
    expect(Tags!.map((tag) => [tag.ResourceId, tag.ResourceType])).toEqual([[volumeId, "volume"], [eniId, "network-interface"]]);
    await expectAwsError(ec2.send(new DescribeVolumesCommand({ VolumeIds: ["vol-0123456789abcdef0"] })), "InvalidVolume.NotFound", "The volume 'vol-0123456789abcdef0' does not exist.");
  });

  it("reaches the AWS CLI: describe-instance-attribute --attribute groupSet", async () => {
    const instance = await launch();
    const result = await runAwsCli(["ec2", "describe-instance-attribute", "--instance-id", instance.InstanceId!, "--attribute", "groupSet"], cliEnv(account, server.endpoint));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ Groups: [{ GroupName: "default", GroupId: instance.SecurityGroups![0].GroupId }], InstanceId: instance.InstanceId });
  });
});
