/**
 * Gives an account something of everything before the run, through the SDK as a student would:
 * a VPC with a subnet, an attached internet gateway, a route table with a default route, a security
 * group with a rule, an instance with an Elastic IP, an S3 endpoint, two buckets with objects (one
 * with a policy, one without), an IAM role, an SSM command. The ids go into the account's pool, so the fuzzer's calls
 * (its own and the other tenants') aim at real resources.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkAclsCommand,
  EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import type { TestAccount } from "@/lib/sandbox/testing";
import { IdPools } from "./calls";

function clientConfig(endpoint: string, account: TestAccount) {
  return { endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1 };
}

/** The ids of what seedAccount made. */
export interface SeededIds {
  vpcId: string;
  subnetId: string;
  igwId: string;
  rtbId: string;
  rtbAssociationId: string;
  groupId: string;
  instanceId: string;
  allocationId: string;
  eipAssociationId: string;
  endpointId: string;
  /** A bucket with a policy (a Deny), and one without any: a policy-less bucket is what a polluted Object.prototype.policy would open. */
  bucket: string;
  plainBucket: string;
  roleName: string;
  commandId: string;
}

type Ec2Ids = Omit<SeededIds, "bucket" | "plainBucket" | "roleName" | "commandId">;

async function seedEc2(ec2: EC2Client, pools: IdPools): Promise<Ec2Ids> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.20.0.0/16" }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.20.1.0/24" }))).Subnet!.SubnetId!;
  const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const rtbId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  const association = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtbId, SubnetId: subnetId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }));
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "seed", Description: "seed", VpcId: vpcId }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] }));
  const run = await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [groupId] }));
  const instanceId = run.Instances![0].InstanceId!;
  const allocationId = (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId!;
  const eipAssociation = (await ec2.send(new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: instanceId }))).AssociationId!;
  const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3", RouteTableIds: [rtbId] }))).VpcEndpoint!.VpcEndpointId!;
  const acls = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  for (const acl of acls.NetworkAcls ?? []) {
    pools.add("acl", acl.NetworkAclId!);
    for (const aclAssociation of acl.Associations ?? []) pools.add("aclassoc", aclAssociation.NetworkAclAssociationId!);
  }
  const ids: Ec2Ids = { vpcId, subnetId, igwId, rtbId, rtbAssociationId: association.AssociationId!, groupId, instanceId, allocationId, eipAssociationId: eipAssociation, endpointId };
  const kinds: [string, string][] = [
    ["vpc", vpcId],
    ["subnet", subnetId],
    ["igw", igwId],
    ["rtb", rtbId],
    ["rtbassoc", ids.rtbAssociationId],
    ["sg", groupId],
    ["i", instanceId],
    ["eipalloc", allocationId],
    ["eipassoc", eipAssociation],
    ["vpce", endpointId],
  ];
  for (const [kind, id] of kinds) pools.add(kind, id);
  return ids;
}

async function seedBucket(s3: S3Client, bucket: string, account: TestAccount, pools: IdPools): Promise<string> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ["a.txt", "dir/b.txt"]) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `seed object ${key} of ${account.accountId}` }));
  pools.add("bucket", bucket);
  return bucket;
}

async function seedS3(s3: S3Client, account: TestAccount, pools: IdPools): Promise<{ bucket: string; plainBucket: string }> {
  const bucket = await seedBucket(s3, `seed-${account.accountId}`, account, pools);
  const policy = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: `arn:aws:s3:::${bucket}/*` }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  return { bucket, plainBucket: await seedBucket(s3, `plain-${account.accountId}`, account, pools) };
}

const TRUST_EC2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

async function seedSsm(ssm: SSMClient, instanceId: string, pools: IdPools): Promise<string> {
  const command = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands: ["echo seed > /tmp/seed && cat /tmp/seed"] } }));
  const commandId = command.Command!.CommandId!;
  pools.add("command", commandId);
  // The command runs after the call returns: wait for its end, so the account's rows are final.
  for (let attempt = 0; attempt < 100; attempt++) {
    const invocation = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId })).catch(() => undefined);
    if (invocation && !["Pending", "InProgress", "Delayed"].includes(invocation.Status ?? "")) return commandId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the seed command ${commandId} did not finish`);
}

export const SEED_ROLE = "seed-role";

/** Seeds `account`; returns what it made, and the same ids as a pool for the fuzzer. */
export async function seedAccount(endpoint: string, account: TestAccount): Promise<{ ids: SeededIds; pools: IdPools }> {
  const pools = new IdPools();
  const config = clientConfig(endpoint, account);
  const ec2 = await seedEc2(new EC2Client(config), pools);
  const buckets = await seedS3(new S3Client({ ...config, forcePathStyle: true }), account, pools);
  await new IAMClient(config).send(new CreateRoleCommand({ RoleName: SEED_ROLE, AssumeRolePolicyDocument: TRUST_EC2 }));
  pools.add("role", SEED_ROLE);
  const commandId = await seedSsm(new SSMClient(config), ec2.instanceId, pools);
  return { ids: { ...ec2, ...buckets, roleName: SEED_ROLE, commandId }, pools };
}
