/**
 * The valid calls the fuzzer draws from, one list per service, in each service's own shape:
 * Query parameters (EC2, IAM, STS), a JSON body and X-Amz-Target (SSM, EC2 Instance Connect),
 * or an S3 REST request. Ids come from what the tenants' earlier answers named (see IdPools),
 * sometimes from another tenant's resources, so cross-account references are tried all the time.
 */
import type { Random } from "./random";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";

export type ServiceName = "ec2" | "iam" | "sts" | "s3" | "ssm" | "ec2-instance-connect";

export interface QueryCall {
  protocol: "query";
  service: "ec2" | "iam" | "sts";
  params: [string, string][];
}

export interface JsonCall {
  protocol: "json";
  service: "ssm" | "ec2-instance-connect";
  target: string;
  /** The JSON text (mutations may make it anything). */
  body: string;
}

export interface S3Call {
  protocol: "s3";
  service: "s3";
  method: string;
  bucket?: string;
  /** The raw (already encoded) key. */
  key: string;
  /** Raw (already encoded) query pairs. */
  query: [string, string | undefined][];
  headers: Record<string, string>;
  body: Buffer;
  virtualHosted: boolean;
}

export type Call = QueryCall | JsonCall | S3Call;

export const QUERY_VERSIONS = { ec2: "2016-11-15", iam: "2010-05-08", sts: "2011-06-15" } as const;
export const JSON_TARGET_PREFIXES = { ssm: "AmazonSSM", "ec2-instance-connect": "AWSEC2InstanceConnectService" } as const;

/** Ids and names a tenant's answers revealed, by kind ("vpc", "subnet", "bucket", "role", "command"…). */
export class IdPools {
  private readonly pools = new Map<string, string[]>();
  private static readonly MAX_PER_KIND = 40;

  add(kind: string, id: string): void {
    const pool = this.pools.get(kind) ?? [];
    if (pool.includes(id)) return;
    pool.push(id);
    if (pool.length > IdPools.MAX_PER_KIND) pool.shift();
    this.pools.set(kind, pool);
  }

  remove(kind: string, id: string): void {
    const pool = this.pools.get(kind);
    if (pool) this.pools.set(kind, pool.filter((candidate) => candidate !== id));
  }

  list(kind: string): readonly string[] {
    return this.pools.get(kind) ?? [];
  }

  /** Reads every EC2 id, bucket, role name, command id and access key id out of an answer. */
  harvest(text: string, ownKeyId: string): void {
    for (const match of text.matchAll(/\b(vpc|subnet|igw|rtb|rtbassoc|sg|acl|aclassoc|i|pcx|eipalloc|eipassoc|vpce)-[0-9a-f]{8,17}\b/g)) this.add(match[1], match[0]);
    for (const match of text.matchAll(/<RoleName>([\w+=,.@-]{1,64})<\/RoleName>/g)) this.add("role", match[1]);
    for (const match of text.matchAll(/<Name>([a-z0-9.-]{3,63})<\/Name>/g)) this.add("bucket", match[1]);
    for (const match of text.matchAll(/"CommandId":"([0-9a-f-]{36})"/g)) this.add("command", match[1]);
    for (const match of text.matchAll(/\bAKIA[A-Z2-7]{16}\b/g)) if (match[0] !== ownKeyId) this.add("key", match[0]);
  }
}

/** A tenant as the calls see it: its account, what its answers named, and the other accounts' pools to borrow from. */
export interface CallContext {
  random: Random;
  accountId: string;
  own: IdPools;
  /** Other accounts' pools (the other fuzzed tenant, the bystander): cross-account ids. */
  others: { accountId: string; pools: IdPools }[];
  region: string;
}

/** An id of `kind`: mostly the tenant's own, sometimes another account's, sometimes made up. */
export function idOf(ctx: CallContext, kind: string): string {
  const { random } = ctx;
  const source = random.weighted<IdPools | "made-up">([
    [75, ctx.own],
    [20, random.pick(ctx.others).pools],
    [5, "made-up"],
  ]);
  const pool = source === "made-up" ? [] : source.list(kind);
  if (pool.length > 0) return random.pick(pool);
  return madeUpId(random, kind);
}

function madeUpId(random: Random, kind: string): string {
  if (kind === "bucket") return `fuzz-nobody-${random.hex(8)}`;
  if (kind === "role") return `fuzz-role-${random.hex(6)}`;
  if (kind === "command") return `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
  if (kind === "key") return `AKIA${"ABCDEFGHIJKLMNOP".slice(0, 16)}`;
  return `${kind}-${random.hex(17)}`;
}

function accountOf(ctx: CallContext): string {
  return ctx.random.chance(0.8) ? ctx.accountId : ctx.random.pick(ctx.others).accountId;
}

const IMAGE_ID = AMAZON_IMAGES[0].imageId;
const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
const READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const ALLOW_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

function cidr(random: Random, prefix: number): string {
  return `10.${random.int(256)}.${prefix >= 24 ? random.int(256) : 0}.0/${prefix}`;
}

type QueryBuilder = (ctx: CallContext) => [string, string][];

const describe = (action: string, extra?: (ctx: CallContext) => [string, string][]): [string, QueryBuilder] => [
  action,
  (ctx) => [["Action", action], ...(extra?.(ctx) ?? [])],
];

/** EC2 calls, reads and writes, with ids drawn from the pools. */
const EC2_CALLS: [number, QueryBuilder][] = [
  [6, describe("DescribeVpcs")[1]],
  [3, describe("DescribeVpcs", (ctx) => [["VpcId.1", idOf(ctx, "vpc")]])[1]],
  [2, describe("DescribeSubnets", (ctx) => [["Filter.1.Name", "vpc-id"], ["Filter.1.Value.1", idOf(ctx, "vpc")]])[1]],
  [2, describe("DescribeRouteTables")[1]],
  [2, describe("DescribeSecurityGroups", (ctx) => [["GroupId.1", idOf(ctx, "sg")]])[1]],
  [1, describe("DescribeSecurityGroupRules")[1]],
  [2, describe("DescribeInstances")[1]],
  [1, describe("DescribeInternetGateways")[1]],
  [1, describe("DescribeVpcPeeringConnections")[1]],
  [1, describe("DescribeNetworkAcls")[1]],
  [1, describe("DescribeAddresses")[1]],
  [1, describe("DescribeVpcEndpoints")[1]],
  [1, describe("DescribeTags", (ctx) => [["Filter.1.Name", "resource-id"], ["Filter.1.Value.1", idOf(ctx, "vpc")]])[1]],
  [1, describe("DescribeAvailabilityZones")[1]],
  [1, describe("DescribeRegions")[1]],
  [1, describe("DescribeImages", () => [["ImageId.1", IMAGE_ID]])[1]],
  [1, describe("DescribePrefixLists")[1]],
  [3, (ctx) => [["Action", "CreateVpc"], ["CidrBlock", cidr(ctx.random, 16)]]],
  [2, (ctx) => [["Action", "DeleteVpc"], ["VpcId", idOf(ctx, "vpc")]]],
  [3, (ctx) => [["Action", "CreateSubnet"], ["VpcId", idOf(ctx, "vpc")], ["CidrBlock", cidr(ctx.random, 24)]]],
  [1, (ctx) => [["Action", "DeleteSubnet"], ["SubnetId", idOf(ctx, "subnet")]]],
  [1, (ctx) => [["Action", "ModifySubnetAttribute"], ["SubnetId", idOf(ctx, "subnet")], ["MapPublicIpOnLaunch.Value", "true"]]],
  [1, (ctx) => [["Action", "ModifyVpcAttribute"], ["VpcId", idOf(ctx, "vpc")], ["EnableDnsHostnames.Value", "true"]]],
  [2, () => [["Action", "CreateInternetGateway"]]],
  [2, (ctx) => [["Action", "AttachInternetGateway"], ["InternetGatewayId", idOf(ctx, "igw")], ["VpcId", idOf(ctx, "vpc")]]],
  [1, (ctx) => [["Action", "DetachInternetGateway"], ["InternetGatewayId", idOf(ctx, "igw")], ["VpcId", idOf(ctx, "vpc")]]],
  [1, (ctx) => [["Action", "DeleteInternetGateway"], ["InternetGatewayId", idOf(ctx, "igw")]]],
  [2, (ctx) => [["Action", "CreateRouteTable"], ["VpcId", idOf(ctx, "vpc")]]],
  [1, (ctx) => [["Action", "DeleteRouteTable"], ["RouteTableId", idOf(ctx, "rtb")]]],
  [2, (ctx) => [["Action", "AssociateRouteTable"], ["RouteTableId", idOf(ctx, "rtb")], ["SubnetId", idOf(ctx, "subnet")]]],
  [1, (ctx) => [["Action", "DisassociateRouteTable"], ["AssociationId", idOf(ctx, "rtbassoc")]]],
  [2, (ctx) => [["Action", "CreateRoute"], ["RouteTableId", idOf(ctx, "rtb")], ["DestinationCidrBlock", "0.0.0.0/0"], ["GatewayId", idOf(ctx, "igw")]]],
  [1, (ctx) => [["Action", "CreateRoute"], ["RouteTableId", idOf(ctx, "rtb")], ["DestinationCidrBlock", cidr(ctx.random, 16)], ["VpcPeeringConnectionId", idOf(ctx, "pcx")]]],
  [1, (ctx) => [["Action", "CreateRoute"], ["RouteTableId", idOf(ctx, "rtb")], ["DestinationCidrBlock", cidr(ctx.random, 24)], ["InstanceId", idOf(ctx, "i")]]],
  [1, (ctx) => [["Action", "DeleteRoute"], ["RouteTableId", idOf(ctx, "rtb")], ["DestinationCidrBlock", "0.0.0.0/0"]]],
  [2, (ctx) => [["Action", "CreateSecurityGroup"], ["GroupName", `fuzz-${ctx.random.hex(6)}`], ["GroupDescription", "fuzz"], ["VpcId", idOf(ctx, "vpc")]]],
  [1, (ctx) => [["Action", "DeleteSecurityGroup"], ["GroupId", idOf(ctx, "sg")]]],
  [
    3,
    (ctx) => [
      ["Action", ctx.random.pick(["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress"])],
      ["GroupId", idOf(ctx, "sg")],
      ["IpPermissions.1.IpProtocol", ctx.random.pick(["tcp", "udp", "icmp", "-1"])],
      ["IpPermissions.1.FromPort", String(ctx.random.int(1024))],
      ["IpPermissions.1.ToPort", String(1024 + ctx.random.int(1024))],
      ["IpPermissions.1.IpRanges.1.CidrIp", cidr(ctx.random, 24)],
    ],
  ],
  [1, (ctx) => [["Action", "AuthorizeSecurityGroupIngress"], ["GroupId", idOf(ctx, "sg")], ["IpPermissions.1.IpProtocol", "tcp"], ["IpPermissions.1.FromPort", "22"], ["IpPermissions.1.ToPort", "22"], ["IpPermissions.1.Groups.1.GroupId", idOf(ctx, "sg")]]],
  [1, (ctx) => [["Action", "CreateNetworkAcl"], ["VpcId", idOf(ctx, "vpc")]]],
  [
    1,
    (ctx) => [
      ["Action", "CreateNetworkAclEntry"],
      ["NetworkAclId", idOf(ctx, "acl")],
      ["RuleNumber", String(1 + ctx.random.int(32766))],
      ["Protocol", "6"],
      ["RuleAction", "allow"],
      ["Egress", ctx.random.pick(["true", "false"])],
      ["CidrBlock", cidr(ctx.random, 24)],
      ["PortRange.From", "80"],
      ["PortRange.To", "80"],
    ],
  ],
  [1, (ctx) => [["Action", "ReplaceNetworkAclAssociation"], ["AssociationId", idOf(ctx, "aclassoc")], ["NetworkAclId", idOf(ctx, "acl")]]],
  [1, (ctx) => [["Action", "DeleteNetworkAcl"], ["NetworkAclId", idOf(ctx, "acl")]]],
  [
    2,
    (ctx) => [
      ["Action", "RunInstances"],
      ["ImageId", IMAGE_ID],
      ["InstanceType", "t2.micro"],
      ["MinCount", "1"],
      ["MaxCount", "1"],
      ["SubnetId", idOf(ctx, "subnet")],
      ...(ctx.random.chance(0.5) ? ([["SecurityGroupId.1", idOf(ctx, "sg")]] as [string, string][]) : []),
    ],
  ],
  [1, (ctx) => [["Action", ctx.random.pick(["StopInstances", "StartInstances", "TerminateInstances"])], ["InstanceId.1", idOf(ctx, "i")]]],
  [1, () => [["Action", "AllocateAddress"], ["Domain", "vpc"]]],
  [1, (ctx) => [["Action", "AssociateAddress"], ["AllocationId", idOf(ctx, "eipalloc")], ["InstanceId", idOf(ctx, "i")]]],
  [1, (ctx) => [["Action", "DisassociateAddress"], ["AssociationId", idOf(ctx, "eipassoc")]]],
  [1, (ctx) => [["Action", "ReleaseAddress"], ["AllocationId", idOf(ctx, "eipalloc")]]],
  [2, (ctx) => [["Action", "CreateVpcPeeringConnection"], ["VpcId", idOf(ctx, "vpc")], ["PeerVpcId", idOf(ctx, "vpc")], ...(ctx.random.chance(0.3) ? ([["PeerOwnerId", accountOf(ctx)]] as [string, string][]) : [])]],
  [1, (ctx) => [["Action", ctx.random.pick(["AcceptVpcPeeringConnection", "RejectVpcPeeringConnection", "DeleteVpcPeeringConnection"])], ["VpcPeeringConnectionId", idOf(ctx, "pcx")]]],
  [1, (ctx) => [["Action", "CreateVpcEndpoint"], ["VpcId", idOf(ctx, "vpc")], ["ServiceName", `com.amazonaws.${ctx.region}.s3`], ["RouteTableId.1", idOf(ctx, "rtb")]]],
  [1, (ctx) => [["Action", "ModifyVpcEndpoint"], ["VpcEndpointId", idOf(ctx, "vpce")], ["AddRouteTableId.1", idOf(ctx, "rtb")]]],
  [1, (ctx) => [["Action", "DeleteVpcEndpoints"], ["VpcEndpointId.1", idOf(ctx, "vpce")]]],
  [1, (ctx) => [["Action", "CreateTags"], ["ResourceId.1", idOf(ctx, ctx.random.pick(["vpc", "subnet", "sg", "i"]))], ["Tag.1.Key", "Name"], ["Tag.1.Value", `fuzz-${ctx.random.hex(4)}`]]],
  [1, (ctx) => [["Action", "DeleteTags"], ["ResourceId.1", idOf(ctx, "vpc")], ["Tag.1.Key", "Name"]]],
];

function roleArnOf(ctx: CallContext): string {
  const account = accountOf(ctx);
  const pools = account === ctx.accountId ? ctx.own : (ctx.others.find((other) => other.accountId === account)?.pools ?? ctx.own);
  const names = pools.list("role");
  return `arn:aws:iam::${account}:role/${names.length ? ctx.random.pick(names) : "fuzz-role"}`;
}

/** IAM calls; none takes the tenant's own key or lab-user's AdministratorAccess away (that would end the run's signed coverage). */
const IAM_CALLS: [number, QueryBuilder][] = [
  [2, () => [["Action", "GetUser"]]],
  [1, () => [["Action", "ListUsers"]]],
  [1, () => [["Action", "ListAccessKeys"]]],
  [2, () => [["Action", "ListRoles"]]],
  [2, (ctx) => [["Action", "CreateRole"], ["RoleName", `fuzz-role-${ctx.random.int(20)}`], ["AssumeRolePolicyDocument", TRUST_POLICY]]],
  [2, (ctx) => [["Action", "GetRole"], ["RoleName", idOf(ctx, "role")]]],
  [1, (ctx) => [["Action", "DeleteRole"], ["RoleName", idOf(ctx, "role")]]],
  [1, (ctx) => [["Action", "PutRolePolicy"], ["RoleName", idOf(ctx, "role")], ["PolicyName", "fuzz"], ["PolicyDocument", ALLOW_POLICY]]],
  [1, (ctx) => [["Action", "GetRolePolicy"], ["RoleName", idOf(ctx, "role")], ["PolicyName", "fuzz"]]],
  [1, (ctx) => [["Action", "DeleteRolePolicy"], ["RoleName", idOf(ctx, "role")], ["PolicyName", "fuzz"]]],
  [1, (ctx) => [["Action", ctx.random.pick(["AttachRolePolicy", "DetachRolePolicy"])], ["RoleName", idOf(ctx, "role")], ["PolicyArn", READ_ONLY_ARN]]],
  [1, (ctx) => [["Action", "TagRole"], ["RoleName", idOf(ctx, "role")], ["Tags.member.1.Key", "k"], ["Tags.member.1.Value", "v"]]],
  [1, (ctx) => [["Action", "ListRoleTags"], ["RoleName", idOf(ctx, "role")]]],
  [1, () => [["Action", "PutUserPolicy"], ["UserName", "lab-user"], ["PolicyName", "fuzz"], ["PolicyDocument", ALLOW_POLICY]]],
  [1, () => [["Action", "ListAttachedUserPolicies"], ["UserName", "lab-user"]]],
  [1, () => [["Action", "GetPolicy"], ["PolicyArn", ADMIN_ARN]]],
  [1, () => [["Action", "CreateAccessKey"]]],
  [1, (ctx) => [["Action", "DeleteAccessKey"], ["AccessKeyId", idOf(ctx, "key")]]],
];

const STS_CALLS: [number, QueryBuilder][] = [
  [2, () => [["Action", "GetCallerIdentity"]]],
  [2, (ctx) => [["Action", "AssumeRole"], ["RoleArn", roleArnOf(ctx)], ["RoleSessionName", "fuzz"]]],
];

type JsonBuilder = (ctx: CallContext) => [string, unknown];

const SSM_CALLS: [number, JsonBuilder][] = [
  [2, () => ["DescribeInstanceInformation", {}]],
  [2, (ctx) => ["SendCommand", { DocumentName: "AWS-RunShellScript", InstanceIds: [idOf(ctx, "i")], Parameters: { commands: [ctx.random.pick(["echo hi", "hostname", "ls /", "echo fuzz > /tmp/f && cat /tmp/f"])] } }]],
  [2, () => ["ListCommands", {}]],
  [2, (ctx) => ["GetCommandInvocation", { CommandId: idOf(ctx, "command"), InstanceId: idOf(ctx, "i") }]],
  [1, (ctx) => ["ListCommandInvocations", { CommandId: idOf(ctx, "command"), Details: true }]],
  [1, () => ["DescribeInstanceInformation", { Filters: [{ Key: "PingStatus", Values: ["Online"] }] }]],
];

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZ1enpmdXp6ZnV6emZ1enpmdXp6ZnV6emZ1enpmdXp6 fuzz";

const EIC_CALLS: [number, JsonBuilder][] = [[1, (ctx) => ["SendSSHPublicKey", { InstanceId: idOf(ctx, "i"), InstanceOSUser: "ec2-user", SSHPublicKey: SSH_KEY }]]];

function bucketName(ctx: CallContext): string {
  return ctx.random.chance(0.3) ? `fuzz-${ctx.accountId}-${ctx.random.int(6)}` : idOf(ctx, "bucket");
}

function s3Call(ctx: CallContext, method: string, bucket: string | undefined, key: string, query: [string, string | undefined][] = [], body = "", headers: Record<string, string> = {}): S3Call {
  return { protocol: "s3", service: "s3", method, bucket, key, query, headers, body: Buffer.from(body), virtualHosted: bucket !== undefined && ctx.random.chance(0.4) };
}

const OBJECT_KEYS = ["a.txt", "dir/b.txt", "c", "deep/er/d.json"];

type S3Builder = (ctx: CallContext) => S3Call;

const S3_CALLS: [number, S3Builder][] = [
  [2, (ctx) => s3Call(ctx, "GET", undefined, "")],
  [2, (ctx) => s3Call(ctx, "PUT", bucketName(ctx), "")],
  [1, (ctx) => s3Call(ctx, "DELETE", bucketName(ctx), "")],
  [1, (ctx) => s3Call(ctx, "HEAD", bucketName(ctx), "")],
  [4, (ctx) => s3Call(ctx, "PUT", bucketName(ctx), ctx.random.pick(OBJECT_KEYS), [], `fuzz ${ctx.random.hex(16)}`, { "content-type": "text/plain" })],
  [4, (ctx) => s3Call(ctx, "GET", bucketName(ctx), ctx.random.pick(OBJECT_KEYS))],
  [1, (ctx) => s3Call(ctx, "HEAD", bucketName(ctx), ctx.random.pick(OBJECT_KEYS))],
  [1, (ctx) => s3Call(ctx, "DELETE", bucketName(ctx), ctx.random.pick(OBJECT_KEYS))],
  [2, (ctx) => s3Call(ctx, "GET", bucketName(ctx), "", [["list-type", "2"], ["prefix", "dir/"]])],
  [1, (ctx) => s3Call(ctx, "GET", bucketName(ctx), "", [["marker", "a"], ["max-keys", "2"]])],
  [1, (ctx) => s3Call(ctx, "GET", bucketName(ctx), "", [["policy", ""]])],
  [1, (ctx) => s3Call(ctx, "PUT", bucketName(ctx), "", [["policy", ""]], JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` }, Action: "s3:GetObject", Resource: "*" }] }))],
  [1, (ctx) => s3Call(ctx, "DELETE", bucketName(ctx), "", [["policy", ""]])],
  [1, (ctx) => s3Call(ctx, "POST", bucketName(ctx), "", [["delete", ""]], `<Delete><Object><Key>${ctx.random.pick(OBJECT_KEYS)}</Key></Object></Delete>`, { "content-md5": "" })],
  [1, (ctx) => s3Call(ctx, "PUT", bucketName(ctx), "copy.txt", [], "", { "x-amz-copy-source": `/${bucketName(ctx)}/${ctx.random.pick(OBJECT_KEYS)}` })],
  [1, (ctx) => s3Call(ctx, "GET", bucketName(ctx), "", [["location", ""]])],
  [1, (ctx) => s3Call(ctx, "PUT", bucketName(ctx), "", [["metrics", ""], ["id", "m1"]], '<MetricsConfiguration><Id>m1</Id><Filter><Prefix>dir/</Prefix></Filter></MetricsConfiguration>')],
  [1, (ctx) => s3Call(ctx, "GET", bucketName(ctx), "", [[ctx.random.pick(["analytics", "metrics", "inventory", "intelligent-tiering"]), ""]])],
  [1, (ctx) => s3Call(ctx, "GET", bucketName(ctx), ctx.random.pick(OBJECT_KEYS), [["attributes", ""]], "", { "x-amz-object-attributes": "ETag,ObjectSize,StorageClass" })],
  [1, (ctx) => s3Call(ctx, "POST", bucketName(ctx), ctx.random.pick(OBJECT_KEYS), [["restore", ""]], "<RestoreRequest><Days>1</Days></RestoreRequest>")],
];

function drawQuery(ctx: CallContext, service: QueryCall["service"], calls: [number, QueryBuilder][]): QueryCall {
  const params = ctx.random.weighted(calls)(ctx);
  return { protocol: "query", service, params: [...params.slice(0, 1), ["Version", QUERY_VERSIONS[service]], ...params.slice(1)] };
}

function drawJson(ctx: CallContext, service: JsonCall["service"], calls: [number, JsonBuilder][]): JsonCall {
  const [operation, input] = ctx.random.weighted(calls)(ctx);
  return { protocol: "json", service, target: `${JSON_TARGET_PREFIXES[service]}.${operation}`, body: JSON.stringify(input) };
}

/** DeleteObjects needs Content-MD5; filled in once the body is final. */
export function withContentMd5(call: S3Call, md5: (body: Buffer) => string): S3Call {
  if (!("content-md5" in call.headers)) return call;
  return { ...call, headers: { ...call.headers, "content-md5": md5(call.body) } };
}

/** One valid call of `service` for the tenant in `ctx`. */
export function validCall(ctx: CallContext, service: ServiceName): Call {
  switch (service) {
    case "ec2":
      return drawQuery(ctx, "ec2", EC2_CALLS);
    case "iam":
      return drawQuery(ctx, "iam", IAM_CALLS);
    case "sts":
      return drawQuery(ctx, "sts", STS_CALLS);
    case "ssm":
      return drawJson(ctx, "ssm", SSM_CALLS);
    case "ec2-instance-connect":
      return drawJson(ctx, "ec2-instance-connect", EIC_CALLS);
    case "s3": {
      const call = ctx.random.weighted(S3_CALLS)(ctx);
      return call;
    }
  }
}
