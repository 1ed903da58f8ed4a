/**
 * Reads a LabSnapshot through the AWS SDK: the same calls work against real AWS and the sandbox.
 * Fetching (I/O) and assembling (pure, tested from recorded outputs) are kept apart.
 */
import {
  DescribeAddressesCommand,
  type EC2Client,
  type Instance,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNetworkAcls,
  paginateDescribePrefixLists,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type Reservation,
} from "@aws-sdk/client-ec2";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListAttachedUserPolicies,
  paginateListUserPolicies,
  paginateListUsers,
} from "@aws-sdk/client-iam";
import { GetBucketPolicyCommand, paginateListBuckets, type S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { BucketSnapshot, IdentitySnapshot, LabSnapshot } from "@/lib/analysis";

export interface SnapshotClients {
  ec2: EC2Client;
  /** Without it the snapshot lists no buckets (a reader that needs only the network skips S3). */
  s3?: S3Client;
  iam?: IAMClient;
  sts?: STSClient;
  region?: string;
}

export interface SnapshotOptions {
  region?: string;
  /** Skips STS when the caller already knows it. */
  accountId?: string;
  /** false: no VPC endpoints and no prefix lists (the way to S3), for a reader that judges the network alone. */
  endpoints?: boolean;
}

/** What the Describe, List and Get calls returned, before assembly. */
export type RecordedOutputs = Omit<LabSnapshot, "instances"> & { reservations: Reservation[] };

async function collect<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => Item[] | undefined): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

async function readBucketPolicy(s3: S3Client, name: string, ownerAccountId: string): Promise<BucketSnapshot> {
  try {
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: name }));
    return { name, ownerAccountId, policy: Policy };
  } catch (error) {
    // Lab 2 Step 6 locks the console out of its own bucket: that is a fact to show, not a crash.
    if (errorName(error) === "NoSuchBucketPolicy") return { name, ownerAccountId };
    return { name, ownerAccountId, policyError: errorName(error) };
  }
}

export async function readBuckets(s3: S3Client, accountId: string): Promise<BucketSnapshot[]> {
  const buckets = await collect(paginateListBuckets({ client: s3 }, {}), (page) => page.Buckets);
  return Promise.all(buckets.flatMap((bucket) => (bucket.Name ? [readBucketPolicy(s3, bucket.Name, accountId)] : [])));
}

/** IAM returns policy documents URL-encoded. */
function decodePolicy(document: string | undefined): string[] {
  return document ? [decodeURIComponent(document)] : [];
}

async function readUserPolicies(iam: IAMClient, userName: string): Promise<string[]> {
  const attached = await collect(paginateListAttachedUserPolicies({ client: iam }, { UserName: userName }), (page) => page.AttachedPolicies);
  const inlineNames = await collect(paginateListUserPolicies({ client: iam }, { UserName: userName }), (page) => page.PolicyNames);
  const attachedDocuments = await Promise.all(
    attached.map(async ({ PolicyArn }) => {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
      const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy?.DefaultVersionId }));
      return decodePolicy(PolicyVersion?.Document);
    }),
  );
  const inlineDocuments = await Promise.all(
    inlineNames.map(async (PolicyName) => decodePolicy((await iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName }))).PolicyDocument)),
  );
  return [...attachedDocuments.flat(), ...inlineDocuments.flat()];
}

export async function readIdentities(iam: IAMClient, accountId: string): Promise<IdentitySnapshot[]> {
  const users = await collect(paginateListUsers({ client: iam }, {}), (page) => page.Users);
  return Promise.all(
    users.flatMap((user) => (user.Arn && user.UserName ? [{ arn: user.Arn, userName: user.UserName }] : [])).map(async ({ arn, userName }) => ({
      arn,
      accountId,
      userName,
      policies: await readUserPolicies(iam, userName),
    })),
  );
}

async function resolveAccountId(clients: SnapshotClients, options: SnapshotOptions): Promise<string> {
  if (options.accountId) return options.accountId;
  if (!clients.sts) throw new Error("buildLabSnapshot needs an STS client or options.accountId");
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!Account) throw new Error("GetCallerIdentity returned no account");
  return Account;
}

/** What EC2's Describe calls list of the network: what a packet crosses. */
export async function readNetwork(ec2: EC2Client) {
  const client = { client: ec2 };
  const [vpcs, subnets, routeTables, internetGateways, peeringConnections, securityGroups, networkAcls, reservations, addresses] = await Promise.all([
    collect(paginateDescribeVpcs(client, {}), (page) => page.Vpcs),
    collect(paginateDescribeSubnets(client, {}), (page) => page.Subnets),
    collect(paginateDescribeRouteTables(client, {}), (page) => page.RouteTables),
    collect(paginateDescribeInternetGateways(client, {}), (page) => page.InternetGateways),
    collect(paginateDescribeVpcPeeringConnections(client, {}), (page) => page.VpcPeeringConnections),
    collect(paginateDescribeSecurityGroups(client, {}), (page) => page.SecurityGroups),
    collect(paginateDescribeNetworkAcls(client, {}), (page) => page.NetworkAcls),
    collect(paginateDescribeInstances(client, {}), (page) => page.Reservations),
    ec2.send(new DescribeAddressesCommand({})).then((output) => output.Addresses ?? []),
  ]);
  return { vpcs, subnets, routeTables, internetGateways, peeringConnections, securityGroups, networkAcls, reservations, addresses };
}

/** The way to S3 EC2 lists: VPC endpoints and the prefix lists routes to them name. */
export async function readEndpoints(ec2: EC2Client) {
  const client = { client: ec2 };
  const [vpcEndpoints, prefixLists] = await Promise.all([
    collect(paginateDescribeVpcEndpoints(client, {}), (page) => page.VpcEndpoints),
    collect(paginateDescribePrefixLists(client, {}), (page) => page.PrefixLists),
  ]);
  return { vpcEndpoints, prefixLists };
}

async function readEc2(ec2: EC2Client, { endpoints = true }: Pick<SnapshotOptions, "endpoints">) {
  const [network, way] = await Promise.all([readNetwork(ec2), endpoints ? readEndpoints(ec2) : { vpcEndpoints: [], prefixLists: [] }]);
  return { ...network, ...way };
}

/** Pure: turns recorded outputs into a snapshot (instances flattened from reservations). */
export function assembleLabSnapshot(recorded: RecordedOutputs): LabSnapshot {
  const { reservations, ...rest } = recorded;
  const instances: Instance[] = reservations.flatMap((reservation) => reservation.Instances ?? []);
  return { ...rest, instances };
}

export async function buildLabSnapshot(clients: SnapshotClients, options: SnapshotOptions = {}): Promise<LabSnapshot> {
  const region = options.region ?? clients.region ?? (await clients.ec2.config.region());
  const accountId = await resolveAccountId(clients, options);
  const [ec2, buckets, identities] = await Promise.all([
    readEc2(clients.ec2, options),
    clients.s3 ? readBuckets(clients.s3, accountId) : Promise.resolve([]),
    clients.iam ? readIdentities(clients.iam, accountId) : Promise.resolve([]),
  ]);
  return assembleLabSnapshot({ region, accountId, ...ec2, buckets, identities });
}
