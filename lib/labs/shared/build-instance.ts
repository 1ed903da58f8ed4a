/**
 * "Do it for me" for a lab's instance, shared by both labs: a security group letting EC2 Instance
 * Connect in, a running Amazon Linux 2023 instance in the public subnet, an Elastic IP. Each
 * creates only what is missing and waits where AWS makes one wait.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  type EC2Client,
  type Instance,
  RunInstancesCommand,
  type SecurityGroup,
  StartInstancesCommand,
  waitUntilInstanceRunning,
} from "@aws-sdk/client-ec2";
import { newestAmazonLinux2023 } from "@/lib/aws/images";
import type { LabSnapshot } from "@/lib/analysis";
import { instanceConnectRange } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import type { DoItReport, LabId } from "@/lib/labs/steps";
import { labTagSpecifications, ROLE_TAG, tagValue } from "@/lib/labs/tags";
import type { PublicSide } from "./public-side";

/** Waits with the SDK's waiter; the first poll is immediate, so an instant sandbox costs one call. */
const WAITER = { minDelay: 2, maxDelay: 10, maxWaitTime: 600 };

async function amazonLinux2023(ec2: EC2Client): Promise<string> {
  const imageId = await newestAmazonLinux2023(ec2);
  if (!imageId) throw new Error("No Amazon Linux 2023 image is available in this region.");
  return imageId;
}

export interface InstanceSpec {
  lab: LabId;
  /** e.g. "lab1-instance-1" */
  name: string;
  /** e.g. "instance-1"; the security group's role is "sg-" + the same suffix. */
  role: string;
  sgRole: string;
}

function allowsSshFrom(group: SecurityGroup | undefined, range: string): boolean {
  return (group?.IpPermissions ?? []).some(
    (permission) =>
      (permission.IpProtocol === "-1" || (permission.IpProtocol === "tcp" && (permission.FromPort ?? 0) <= 22 && (permission.ToPort ?? 0) >= 22)) &&
      (permission.IpRanges ?? []).some((source) => source.CidrIp === "0.0.0.0/0" || source.CidrIp === range),
  );
}

/** Adds "SSH from EC2 Instance Connect" (the region's service range) when the group lacks it. */
export async function ensureSshFromInstanceConnect(clients: AwsClients, group: SecurityGroup | undefined, report: DoItReport): Promise<void> {
  const range = instanceConnectRange(clients.region);
  if (!group?.GroupId || allowsSshFrom(group, range)) return;
  await clients.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: group.GroupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: range, Description: "SSH from EC2 Instance Connect" }] }],
    }),
  );
  report.created.push(`inbound rule on ${group.GroupId}: SSH (TCP 22) from ${range} (EC2 Instance Connect)`);
}

async function ensureSecurityGroup(clients: AwsClients, snapshot: LabSnapshot, vpcId: string, spec: InstanceSpec, report: DoItReport): Promise<string> {
  const existing = snapshot.securityGroups.find((group) => group.VpcId === vpcId && tagValue(group.Tags, ROLE_TAG) === spec.sgRole);
  if (existing?.GroupId) {
    await ensureSshFromInstanceConnect(clients, existing, report);
    return existing.GroupId;
  }
  const created = await clients.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `${spec.name}-sg`,
      Description: `SSH from EC2 Instance Connect for ${spec.name}`,
      VpcId: vpcId,
      TagSpecifications: labTagSpecifications("security-group", spec.lab, spec.sgRole, `${spec.name}-sg`),
    }),
  );
  const groupId = created.GroupId!;
  report.created.push(`security group ${groupId} (${spec.name}-sg)`);
  await ensureSshFromInstanceConnect(clients, { GroupId: groupId, IpPermissions: [] }, report);
  return groupId;
}

async function waitRunning(ec2: EC2Client, instanceId: string): Promise<void> {
  await waitUntilInstanceRunning({ client: ec2, ...WAITER }, { InstanceIds: [instanceId] });
}

/** One running Amazon Linux 2023 instance in the side's public subnet (started again if stopped). */
export async function ensureRunningInstance(clients: AwsClients, snapshot: LabSnapshot, side: PublicSide, spec: InstanceSpec, report: DoItReport): Promise<Instance | undefined> {
  if (!side.vpc?.VpcId || !side.subnet?.SubnetId) return undefined;
  const existing = side.instance;
  if (existing?.InstanceId) {
    const state = existing.State?.Name;
    if (state === "stopped") {
      await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [existing.InstanceId] }));
      report.created.push(`started ${existing.InstanceId}`);
    }
    if (state !== "running") await waitRunning(clients.ec2, existing.InstanceId);
    return existing;
  }
  const groupId = await ensureSecurityGroup(clients, snapshot, side.vpc.VpcId, spec, report);
  const launched = await clients.ec2.send(
    new RunInstancesCommand({
      ImageId: await amazonLinux2023(clients.ec2),
      InstanceType: "t2.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: side.subnet.SubnetId,
      SecurityGroupIds: [groupId],
      TagSpecifications: labTagSpecifications("instance", spec.lab, spec.role, spec.name),
    }),
  );
  const instance = launched.Instances![0];
  await waitRunning(clients.ec2, instance.InstanceId!);
  report.created.push(`instance ${instance.InstanceId} in ${side.subnet.SubnetId}`);
  return instance;
}

/** An Elastic IP associated with the instance, unless it already has a public IPv4 address. */
export async function ensurePublicAddress(clients: AwsClients, snapshot: LabSnapshot, instance: Instance | undefined, spec: { lab: LabId; role: string; name: string }, report: DoItReport): Promise<void> {
  if (!instance?.InstanceId || instance.PublicIpAddress) return;
  if (snapshot.addresses.some((address) => address.InstanceId === instance.InstanceId)) return;
  const idle = snapshot.addresses.find((address) => !address.AssociationId && tagValue(address.Tags, ROLE_TAG) === spec.role);
  const allocationId =
    idle?.AllocationId ??
    (await clients.ec2.send(new AllocateAddressCommand({ Domain: "vpc", TagSpecifications: labTagSpecifications("elastic-ip", spec.lab, spec.role, spec.name) }))).AllocationId!;
  await clients.ec2.send(new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: instance.InstanceId }));
  report.created.push(`Elastic IP ${allocationId}, associated with ${instance.InstanceId}`);
}
