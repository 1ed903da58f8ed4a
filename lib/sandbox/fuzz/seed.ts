/**
 * Gives an account something of everything before the run, through the SDK as a student would:
 * a VPC with a subnet, an attached internet gateway, a route table with a default route, a security
 * group with a rule, an instance with an Elastic IP, an S3 endpoint, a bucket with objects and a
 * policy, an IAM role, an SSM command. The ids go into the account's pool, so the fuzzer's calls
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

async function seedEc2(ec2: EC2Client, pools: IdPools): Promise<{ instanceId: string }> {
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
  const ids: [string, string][] = [
    ["vpc", vpcId],
    ["subnet", subnetId],
    ["igw", igwId],
    ["rtb", rtbId],
    ["rtbassoc", association.AssociationId!],
    ["sg", groupId],
    ["i", instanceId],
    ["eipalloc", allocationId],
    ["eipassoc", eipAssociation],
    ["vpce", endpointId],
  ];
  for (const [kind, id] of ids) pools.add(kind, id);
  return { instanceId };
}

async function seedS3(s3: S3Client, account: TestAccount, pools: IdPools): Promise<void> {
  const bucket = `seed-${account.accountId}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ["a.txt", "dir/b.txt"]) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `seed object ${key} of ${account.accountId}` }));
  const policy = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: `arn:aws:s3:::${bucket}/*` }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  pools.add("bucket", bucket);
}

const TRUST_EC2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

async function seedSsm(ssm: SSMClient, instanceId: string, pools: IdPools): Promise<void> {
  const command = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands: ["echo seed > /tmp/seed && cat /tmp/seed"] } }));
  const commandId = command.Command!.CommandId!;
  pools.add("command", commandId);
  // The command runs after the call returns: wait for its end, so the account's rows are final.
  for (let attempt = 0; attempt < 100; attempt++) {
    const invocation = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId })).catch(() => undefined);
    if (invocation && !["Pending", "InProgress", "Delayed"].includes(invocation.Status ?? "")) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the seed command ${commandId} did not finish`);
}

/** Seeds `account` and returns the pool of its ids. */
export async function seedAccount(endpoint: string, account: TestAccount): Promise<IdPools> {
  const pools = new IdPools();
  const config = clientConfig(endpoint, account);
  const { instanceId } = await seedEc2(new EC2Client(config), pools);
  await seedS3(new S3Client({ ...config, forcePathStyle: true }), account, pools);
  await new IAMClient(config).send(new CreateRoleCommand({ RoleName: "seed-role", AssumeRolePolicyDocument: TRUST_EC2 }));
  pools.add("role", "seed-role");
  await seedSsm(new SSMClient(config), instanceId, pools);
  return pools;
}
