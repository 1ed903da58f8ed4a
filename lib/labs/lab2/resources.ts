/** Finding Lab 2's pieces in a snapshot: its VPC side, the S3 gateway endpoint, the bucket, the CLI's identity. */
import crypto from "node:crypto";
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import type { BucketSnapshot, LabSnapshot } from "@/lib/analysis";
import { type PublicSide, publicSideOf } from "@/lib/labs/shared/public-side";
import { identifyLabVpcs } from "@/lib/labs/lab-vpcs";
import type { LabFacts } from "@/lib/labs/steps";
import { BUCKET_PREFIX } from "./bucket-name";

/**
 * A new bucket name for the lab. S3 names are global: the account id alone could be taken first
 * by another student (CreateBucket would then answer BucketAlreadyExists), so a random part follows it.
 */
export function suggestedBucketName(accountId: string): string {
  return `${BUCKET_PREFIX}${accountId}-${crypto.randomBytes(4).toString("hex")}`;
}

export function s3ServiceName(region: string): string {
  return `com.amazonaws.${region}.s3`;
}

export function lab2Side(snapshot: LabSnapshot): PublicSide {
  return publicSideOf(snapshot, identifyLabVpcs(snapshot, "vpc-endpoints").lab2.vpc, { subnet: "subnet", instance: "instance" });
}

const GONE_ENDPOINT = /^(deleted|deleting|failed|rejected)$/i;

/** The S3 gateway endpoint in the lab's VPC. */
export function lab2Endpoint(snapshot: LabSnapshot, vpcId = lab2Side(snapshot).vpc?.VpcId): VpcEndpoint | undefined {
  if (!vpcId) return undefined;
  return snapshot.vpcEndpoints.find(
    (endpoint) => endpoint.VpcId === vpcId && endpoint.ServiceName === s3ServiceName(snapshot.region) && endpoint.VpcEndpointType === "Gateway" && !GONE_ENDPOINT.test(endpoint.State ?? ""),
  );
}

/**
 * The lab's bucket, by these rules in order: a bucket whose policy names the lab's endpoint;
 * a bucket named like do-it-for-me names it; the account's only bucket. `strict` (teardown)
 * keeps the first two only, so a student's other buckets are never deleted.
 */
export function lab2Bucket(snapshot: LabSnapshot, strict = false): BucketSnapshot | undefined {
  const endpointId = lab2Endpoint(snapshot)?.VpcEndpointId;
  const linked = endpointId ? snapshot.buckets.find((bucket) => bucket.policy?.includes(endpointId)) : undefined;
  const named = snapshot.buckets.find((bucket) => bucket.name.startsWith(BUCKET_PREFIX));
  if (linked ?? named) return linked ?? named;
  return !strict && snapshot.buckets.length === 1 ? snapshot.buckets[0] : undefined;
}

/** The IAM user whose access key the student configures on the instance: the first with an active key. */
/**
 * The IAM user and key the instance's CLI most likely signs with: the newest active key. The key a
 * student makes for `aws configure` is newer than the one the console signs with (whose secret they
 * never see); the write-up named the console's key when both were active.
 */
export function cliPrincipal(snapshot: LabSnapshot, facts: LabFacts): { userName: string; arn: string; accessKeyId: string } | undefined {
  const active = (facts.accessKeys ?? []).filter((candidate) => candidate.status === "Active");
  const key = active.reduce<(typeof active)[number] | undefined>((newest, candidate) => (!newest || (candidate.createdAt ?? "") > (newest.createdAt ?? "") ? candidate : newest), undefined);
  if (!key) return undefined;
  const identity = snapshot.identities.find((candidate) => candidate.userName === key.userName);
  return { userName: key.userName, arn: identity?.arn ?? `arn:aws:iam::${snapshot.accountId}:user/${key.userName}`, accessKeyId: key.accessKeyId };
}

interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
}

function statementsOf(document: string | undefined): PolicyStatement[] {
  if (!document) return [];
  try {
    const parsed = JSON.parse(document) as { Statement?: PolicyStatement | PolicyStatement[] };
    return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  } catch {
    return [];
  }
}

const isStar = (value: unknown) => value === "*" || (Array.isArray(value) && value.length === 1 && value[0] === "*");

/** AWS's default endpoint policy: one statement allowing everything to everyone. */
export function isFullAccessPolicy(document: string | undefined): boolean {
  if (!document) return true;
  const statements = statementsOf(document);
  return (
    statements.length === 1 &&
    statements[0].Effect === "Allow" &&
    isStar(statements[0].Action) &&
    isStar(statements[0].Resource) &&
    (isStar(statements[0].Principal) || isStar((statements[0].Principal as { AWS?: unknown })?.AWS))
  );
}

export function prettyPolicy(document: string | undefined): string {
  if (!document) return "(none)";
  try {
    return JSON.stringify(JSON.parse(document), null, 2);
  } catch {
    return document;
  }
}
