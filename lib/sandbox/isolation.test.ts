/**
 * Tenant isolation across every service: tenant A, holding B's ids, bucket names, role ARN and
 * command ids, can neither read, change nor learn anything of B's. Every answer A gets about B's
 * resource is the answer it gets about a resource that does not exist (AWS's NotFound errors), except
 * where AWS itself answers differently (S3's global bucket names: AccessDenied for another account's
 * bucket, NoSuchBucket for none; BucketAlreadyExists on creation), and B's stored data stays
 * byte-identical. The console's routes (SSE, terminal, write-ups) are covered in e2e/isolation.e2e.ts.
 */
import http from "node:http";
import type { LookupFunction } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AssociateAddressCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateTagsCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcEndpointsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type DeleteVpcEndpointsCommandOutput,
} from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from "@aws-sdk/client-ec2-instance-connect";
import { DeleteRoleCommand, GetRoleCommand, IAMClient, ListAccessKeysCommand, ListRolesCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { DescribeInstanceInformationCommand, GetCommandInvocationCommand, ListCommandInvocationsCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AMAZON_IMAGES } from "./ec2/model/catalog";
import { type SeededIds, seedAccount } from "./fuzz/seed";
import { prototypeChanges, restorePrototypes, takePrototypeSnapshot } from "./fuzz/prototypes";
import { accountSnapshot, firstDifference } from "./fuzz/account-dump";
import { startSandboxServer, type SandboxServer, type TestAccount } from "./testing";

/** An SDK error as a test compares it; `{ ok: true }` for a call that succeeded. */
type Answer = { ok: true } | { name: string; message: string; status: number | undefined };

async function answerOf(call: Promise<unknown>): Promise<Answer> {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
}

/** The answer about B's id must be the answer about an id nobody has (with the id swapped): nothing learned. */
async function expectNothingLearned(call: (id: string) => Promise<unknown>, bId: string, madeUpId: string, code: string): Promise<void> {
  const aboutB = await answerOf(call(bId));
  const aboutNobody = await answerOf(call(madeUpId));
  expect(aboutB).toMatchObject({ name: code });
  expect(aboutB).toEqual("message" in aboutNobody ? { ...aboutNobody, message: aboutNobody.message.replaceAll(madeUpId, bId) } : aboutNobody);
}

const IMAGE_ID = AMAZON_IMAGES[0].imageId;

let server: SandboxServer;
let tenantA: TestAccount;
let tenantB: TestAccount;
let a: SeededIds;
let b: SeededIds;
let bBefore: string;

function config(account: TestAccount) {
  return { endpoint: server.endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1 };
}

/** Node's resolver does not know *.localhost: send bucket hosts to loopback. */
const loopback: LookupFunction = (_host, options, callback) => {
  if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

function s3Clients(account: TestAccount): { style: string; s3: S3Client }[] {
  const port = new URL(server.endpoint).port;
  return [
    { style: "path-style", s3: new S3Client({ ...config(account), forcePathStyle: true }) },
    {
      style: "virtual-hosted",
      s3: new S3Client({
        ...config(account),
        endpoint: `http://s3.localhost:${port}/aws`,
        requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: loopback } as http.AgentOptions) }),
      }),
    },
  ];
}

beforeAll(async () => {
  process.env.VPCLAB_SANDBOX_DELAYS = "none";
  server = await startSandboxServer();
  tenantA = await server.newAccount();
  tenantB = await server.newAccount();
  a = (await seedAccount(server.endpoint, tenantA)).ids;
  b = (await seedAccount(server.endpoint, tenantB)).ids;
  bBefore = await accountSnapshot(tenantB.accountId);
}, 120_000);

afterAll(async () => {
  await server.close();
});

describe("EC2: A holding B's ids", () => {
  const ec2 = () => new EC2Client(config(tenantA));
  const madeUp = (prefix: string) => `${prefix}-0fedcba9876543210`;

  it("reads nothing of B's: Describe* with B's ids is NotFound, and unfiltered lists leave B out", async () => {
    await expectNothingLearned((id) => ec2().send(new DescribeVpcsCommand({ VpcIds: [id] })), b.vpcId, madeUp("vpc"), "InvalidVpcID.NotFound");
    await expectNothingLearned((id) => ec2().send(new DescribeSubnetsCommand({ SubnetIds: [id] })), b.subnetId, madeUp("subnet"), "InvalidSubnetID.NotFound");
    await expectNothingLearned((id) => ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [id] })), b.groupId, madeUp("sg"), "InvalidGroup.NotFound");
    await expectNothingLearned((id) => ec2().send(new DescribeInstancesCommand({ InstanceIds: [id] })), b.instanceId, madeUp("i"), "InvalidInstanceID.NotFound");
    const everything = JSON.stringify([await ec2().send(new DescribeVpcsCommand({})), await ec2().send(new DescribeInstancesCommand({})), await ec2().send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: [b.vpcId] }] }))]);
    for (const id of [b.vpcId, b.instanceId, tenantB.accountId]) expect(everything).not.toContain(id);
  });

  it("changes nothing of B's: writes naming B's resources fail as for resources that do not exist", async () => {
    await expectNothingLearned((id) => ec2().send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true } })), b.vpcId, madeUp("vpc"), "InvalidVpcID.NotFound");
    await expectNothingLearned((id) => ec2().send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: "Name", Value: "mine" }] })), b.vpcId, madeUp("vpc"), "InvalidVpcID.NotFound");
    await expectNothingLearned((id) => ec2().send(new CreateRouteCommand({ RouteTableId: a.rtbId, DestinationCidrBlock: "10.99.0.0/16", GatewayId: id })), b.igwId, madeUp("igw"), "InvalidGatewayID.NotFound");
    await expectNothingLearned((id) => ec2().send(new CreateRouteCommand({ RouteTableId: id, DestinationCidrBlock: "10.99.0.0/16", GatewayId: a.igwId })), b.rtbId, madeUp("rtb"), "InvalidRouteTableID.NotFound");
    await expectNothingLearned((id) => ec2().send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: a.vpcId })), b.igwId, madeUp("igw"), "InvalidInternetGatewayID.NotFound");
    await expectNothingLearned(
      (id) => ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] })),
      b.groupId,
      madeUp("sg"),
      "InvalidGroup.NotFound",
    );
    await expectNothingLearned(
      (id) => ec2().send(new RunInstancesCommand({ ImageId: IMAGE_ID, InstanceType: "t2.micro", MinCount: 1, MaxCount: 1, SubnetId: id })),
      b.subnetId,
      madeUp("subnet"),
      "InvalidSubnetID.NotFound",
    );
    await expectNothingLearned((id) => ec2().send(new TerminateInstancesCommand({ InstanceIds: [id] })), b.instanceId, madeUp("i"), "InvalidInstanceID.NotFound");
    await expectNothingLearned((id) => ec2().send(new AssociateAddressCommand({ AllocationId: a.allocationId, InstanceId: id, AllowReassociation: true })), b.instanceId, madeUp("i"), "InvalidInstanceID.NotFound");
    await expectNothingLearned((id) => ec2().send(new ReleaseAddressCommand({ AllocationId: id })), b.allocationId, madeUp("eipalloc"), "InvalidAllocationID.NotFound");
  });

  it("DeleteVpcEndpoints lists B's endpoint as unsuccessful, worded as for one that does not exist", async () => {
    const unsuccessful = async (id: string) => ((await ec2().send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }))) as DeleteVpcEndpointsCommandOutput).Unsuccessful;
    const aboutB = await unsuccessful(b.endpointId);
    const aboutNobody = await unsuccessful(madeUp("vpce"));
    expect(aboutB).toEqual(JSON.parse(JSON.stringify(aboutNobody).replaceAll(madeUp("vpce"), b.endpointId)));
    expect(aboutB?.[0]?.Error?.Code).toBe("InvalidVpcEndpoint.NotFound");
  });

  it("peers with B's VPC only as AWS allows: in A's own account it is NotFound, across accounts a request B has not accepted", async () => {
    await expectNothingLearned((id) => ec2().send(new CreateVpcPeeringConnectionCommand({ VpcId: a.vpcId, PeerVpcId: id })), b.vpcId, madeUp("vpc"), "InvalidVpcID.NotFound");
    const crossAccount = await ec2().send(new CreateVpcPeeringConnectionCommand({ VpcId: a.vpcId, PeerVpcId: b.vpcId, PeerOwnerId: tenantB.accountId }));
    expect(crossAccount.VpcPeeringConnection?.Status?.Code).not.toBe("active");
    expect(crossAccount.VpcPeeringConnection?.AccepterVpcInfo?.CidrBlock).toBeUndefined();
  });
});

describe("S3: A on B's buckets, path-style and virtual-hosted", () => {
  it("gets AccessDenied for every read and write of B's bucket, whether or not the key exists", async () => {
    for (const { style, s3 } of s3Clients(tenantA)) {
      const calls: [string, () => Promise<unknown>][] = [
        ["GetObject", () => s3.send(new GetObjectCommand({ Bucket: b.bucket, Key: "a.txt" }))],
        ["GetObject (bucket without a policy)", () => s3.send(new GetObjectCommand({ Bucket: b.plainBucket, Key: "a.txt" }))],
        ["GetObject (no such key)", () => s3.send(new GetObjectCommand({ Bucket: b.bucket, Key: "missing.txt" }))],
        ["ListObjectsV2", () => s3.send(new ListObjectsV2Command({ Bucket: b.bucket }))],
        ["PutObject", () => s3.send(new PutObjectCommand({ Bucket: b.bucket, Key: "a.txt", Body: "overwritten" }))],
        ["DeleteObject", () => s3.send(new DeleteObjectCommand({ Bucket: b.bucket, Key: "a.txt" }))],
        ["GetBucketPolicy", () => s3.send(new GetBucketPolicyCommand({ Bucket: b.bucket }))],
        ["PutBucketPolicy", () => s3.send(new PutBucketPolicyCommand({ Bucket: b.bucket, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] }) }))],
        ["DeleteBucket", () => s3.send(new DeleteBucketCommand({ Bucket: b.bucket }))],
      ];
      for (const [name, call] of calls) {
        const answer = await answerOf(call());
        expect(answer, `${style} ${name}`).toMatchObject({ name: "AccessDenied", status: 403 });
      }
      const head = await answerOf(s3.send(new HeadObjectCommand({ Bucket: b.bucket, Key: "a.txt" })));
      const headMissing = await answerOf(s3.send(new HeadObjectCommand({ Bucket: b.bucket, Key: "missing.txt" })));
      expect(head, `${style} HeadObject`).toMatchObject({ status: 403 });
      expect(headMissing, `${style} HeadObject (no such key)`).toEqual(head);
    }
  });

  it("cannot open B's bucket through the prototype chain: an unsigned constructor.prototype.policy leaves B's objects AccessDenied", async () => {
    const allowAll = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] });
    const prototypes = takePrototypeSnapshot();
    try {
      await fetch(`${server.endpoint}?Action=DescribeVpcs&Version=2016-11-15&constructor.prototype.policy=${encodeURIComponent(allowAll)}`);
      for (const { style, s3 } of s3Clients(tenantA)) {
        for (const bucket of [b.bucket, b.plainBucket]) {
          expect(await answerOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "a.txt" }))), `${style} ${bucket}`).toMatchObject({ name: "AccessDenied", status: 403 });
          expect(await answerOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "overwritten" }))), `${style} ${bucket}`).toMatchObject({ name: "AccessDenied", status: 403 });
        }
      }
      expect(prototypeChanges(prototypes)).toEqual([]);
    } finally {
      restorePrototypes(prototypes);
    }
  });

  it("learns only what AWS tells anyone: the name is taken (BucketAlreadyExists), and ListBuckets shows only A's", async () => {
    const [{ s3 }] = s3Clients(tenantA);
    expect(await answerOf(s3.send(new CreateBucketCommand({ Bucket: b.bucket })))).toMatchObject({ name: "BucketAlreadyExists", status: 409 });
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((bucket) => bucket.Name).sort()).toEqual([a.plainBucket, a.bucket].sort());
  });
});

describe("IAM and STS: A and B's users, keys and roles", () => {
  const iam = () => new IAMClient(config(tenantA));

  it("sees only A's own roles and keys; B's role name and key id are NoSuchEntity in A's account", async () => {
    const roles = await iam().send(new ListRolesCommand({}));
    expect(JSON.stringify(roles)).not.toContain(tenantB.accountId);
    const keys = await iam().send(new ListAccessKeysCommand({}));
    expect(keys.AccessKeyMetadata?.map((key) => key.AccessKeyId)).not.toContain(tenantB.credentials.accessKeyId);
    await expectNothingLearned((id) => iam().send(new UpdateAccessKeyCommand({ AccessKeyId: id, Status: "Inactive" })), tenantB.credentials.accessKeyId, "AKIAAAAAAAAAAAAAAAAA", "NoSuchEntityException");
    await iam().send(new DeleteRoleCommand({ RoleName: a.roleName }));
    await expectNothingLearned((name) => iam().send(new GetRoleCommand({ RoleName: name })), b.roleName, "no-such-role", "NoSuchEntityException");
  });

  it("cannot assume B's role that does not trust A, and learns no more than for a role that does not exist", async () => {
    const sts = new STSClient(config(tenantA));
    const assume = (name: string) => sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${tenantB.accountId}:role/${name}`, RoleSessionName: "tenant-a" }));
    await expectNothingLearned(assume, b.roleName, "no-such-role", "AccessDenied");
  });
});

describe("SSM and EC2 Instance Connect: A with B's instance and command ids", () => {
  const ssm = () => new SSMClient(config(tenantA));

  it("cannot run commands on B's instance nor read B's command results", async () => {
    const madeUpInstance = "i-0fedcba9876543210";
    await expectNothingLearned(
      (id) => ssm().send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [id], Parameters: { commands: ["cat /etc/hostname"] } })),
      b.instanceId,
      madeUpInstance,
      "InvalidInstanceId",
    );
    await expectNothingLearned((id) => ssm().send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: b.instanceId })), b.commandId, "00000000-1111-2222-3333-444444444444", "InvocationDoesNotExist");
    await expectNothingLearned((id) => ssm().send(new ListCommandInvocationsCommand({ CommandId: id, Details: true })), b.commandId, "00000000-1111-2222-3333-444444444444", "InvalidCommandId");
    const fleet = await ssm().send(new DescribeInstanceInformationCommand({}));
    expect(fleet.InstanceInformationList?.map((instance) => instance.InstanceId)).toEqual([a.instanceId]);
  });

  it("cannot push a key to B's instance", async () => {
    const eic = new EC2InstanceConnectClient(config(tenantA));
    const push = (id: string) => eic.send(new SendSSHPublicKeyCommand({ InstanceId: id, InstanceOSUser: "ec2-user", SSHPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZ1enpmdXp6ZnV6emZ1enpmdXp6ZnV6emZ1enpmdXp6 a" }));
    await expectNothingLearned(push, b.instanceId, "i-0fedcba9876543210", "EC2InstanceNotFoundException");
  });
});

describe("B after all of A's attempts", () => {
  it("has its stored data byte-identical: state documents, keys, commands, buckets, policies and objects", async () => {
    expect(firstDifference(bBefore, await accountSnapshot(tenantB.accountId))).toBeUndefined();
  });
});
