import { intToIpv4 } from "@/lib/cidr";
import { analyzePacketPath } from "./packet-path";
import { type DecidingStatement, evaluatePolicies, type NamedPolicy, type PolicyDecision, type PolicyType } from "./policy";
import type { BucketSnapshot, IndexedInterface, SnapshotIndex } from "./lab-snapshot";
import type { Hop, PacketVerdict } from "./types";

export interface S3Query {
  /** An instance in the snapshot, or a caller outside AWS (the console, a laptop). */
  from: { instanceId: string } | { outside: { sourceIp: string } };
  principalArn: string;
  /** The IAM action, e.g. "s3:ListBucket" (what `aws s3 ls s3://B` needs). */
  action: string;
  /** Absent for s3:ListAllMyBuckets. */
  bucket?: string;
  key?: string;
  /** The API operation the caller ran, for the CLI's wording; defaults from the action. */
  operation?: string;
}

export type S3Route =
  | { kind: "vpc-endpoint"; endpointId: string; vpcId: string }
  | { kind: "internet-gateway"; gatewayId: string; sourceIp: string }
  | { kind: "outside"; sourceIp: string }
  | { kind: "none" };

export type S3Outcome = "allowed" | "denied" | "timeout" | "no-such-bucket" | "unknown";

export interface S3Verdict {
  outcome: S3Outcome;
  allowed: boolean;
  route: S3Route;
  /** Network hops to S3 (from an instance), then one hop per policy evaluated. */
  hops: Hop[];
  network?: PacketVerdict;
  decidingPolicy?: DecidingStatement;
  deniedBy?: PolicyType;
  errorCode?: "AccessDenied" | "NoSuchBucket";
  /** S3's exact error message. */
  errorMessage?: string;
  /** What the AWS CLI prints for this call. */
  cliOutput?: string;
  /** One plain sentence: what decided. */
  explanation: string;
  fix?: string;
}

/** Used only when the snapshot lacks S3's prefix list: any public S3 address routes the same way then. */
const FALLBACK_S3_ADDRESS = "52.216.0.1";

const CLI_OPERATIONS: Record<string, string> = {
  "s3:ListBucket": "ListObjectsV2",
  "s3:ListAllMyBuckets": "ListBuckets",
  "s3:GetObject": "GetObject",
  "s3:PutObject": "PutObject",
  "s3:DeleteObject": "DeleteObject",
  "s3:GetBucketPolicy": "GetBucketPolicy",
  "s3:PutBucketPolicy": "PutBucketPolicy",
  "s3:DeleteBucketPolicy": "DeleteBucketPolicy",
};

/** Actions on an object (arn:aws:s3:::bucket/key); the others name the bucket. */
const OBJECT_ACTIONS = new Set([
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:GetObjectVersion",
  "s3:GetObjectVersionTagging",
  "s3:PutObjectVersionTagging",
  "s3:DeleteObjectVersionTagging",
  "s3:GetObjectVersionAcl",
  "s3:PutObjectVersionAcl",
  "s3:GetObjectTagging",
  "s3:PutObjectTagging",
  "s3:DeleteObjectTagging",
  "s3:GetObjectAcl",
  "s3:PutObjectAcl",
  "s3:GetObjectLegalHold",
  "s3:PutObjectLegalHold",
  "s3:GetObjectRetention",
  "s3:PutObjectRetention",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:GetObjectTorrent",
  "s3:GetObjectVersionTorrent",
  "s3:GetObjectAttributes",
  "s3:GetObjectVersionAttributes",
  "s3:RestoreObject",
]);

/** "an identity-based policy", "a resource-based policy", as AWS words its denials. */
function article(words: string): string {
  return /^[aeiou]/i.test(words) ? "an" : "a";
}
const BUCKET_POLICY_ACTIONS = new Set(["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]);

export function cliOperationFor(action: string): string {
  return CLI_OPERATIONS[action] ?? action.replace(/^s3:/, "");
}

function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/** The URL botocore (AWS CLI v2: virtual-hosted style, regional endpoint) names in a connect timeout. */
export function connectTimeoutUrl(region: string, operation: string, bucket?: string, key = ""): string {
  if (!bucket || operation === "ListBuckets") return `https://s3.${region}.amazonaws.com/`;
  const base = `https://${bucket}.s3.${region}.amazonaws.com/`;
  if (operation === "ListObjectsV2") return `${base}?list-type=2&prefix=${encodeURIComponent(key)}&delimiter=%2F&encoding-type=url`;
  if (operation.endsWith("BucketPolicy")) return `${base}?policy`;
  return key ? `${base}${encodeKey(key)}` : base;
}

function resourceArnOf(query: S3Query): string {
  if (!query.bucket) return "*";
  return OBJECT_ACTIONS.has(query.action) ? `arn:aws:s3:::${query.bucket}/${query.key ?? ""}` : `arn:aws:s3:::${query.bucket}`;
}

function s3Address(index: SnapshotIndex): string {
  const name = `com.amazonaws.${index.snapshot.region}.s3`;
  for (const { list, blocks } of index.prefixLists.values()) {
    if (list.PrefixListName === name && blocks[0]) return intToIpv4(blocks[0].network + 1);
  }
  return FALLBACK_S3_ADDRESS;
}

interface NetworkResult {
  route: S3Route;
  network?: PacketVerdict;
  sourceIp?: string;
}

function routeFromHops(verdict: PacketVerdict, eni: IndexedInterface): S3Route {
  const endpointHop = verdict.hops.find((hop) => hop.direction === "forward" && hop.componentType === "vpc-endpoint");
  if (endpointHop) return { kind: "vpc-endpoint", endpointId: endpointHop.componentId, vpcId: eni.vpcId };
  const gatewayHop = verdict.hops.find((hop) => hop.direction === "forward" && hop.componentType === "internet-gateway");
  return gatewayHop && eni.publicIp ? { kind: "internet-gateway", gatewayId: gatewayHop.componentId, sourceIp: eni.publicIp } : { kind: "none" };
}

function networkPath(index: SnapshotIndex, query: S3Query): NetworkResult {
  if ("outside" in query.from) return { route: { kind: "outside", sourceIp: query.from.outside.sourceIp }, sourceIp: query.from.outside.sourceIp };
  const eni = index.instances.get(query.from.instanceId);
  if (!eni) throw new Error(`Instance ${query.from.instanceId} is not in the snapshot`);
  const network = analyzePacketPath(index, { from: { instanceId: eni.instanceId }, to: { address: s3Address(index) }, protocol: "tcp", port: 443 });
  if (!network.reachable) return { route: { kind: "none" }, network };
  const route = routeFromHops(network, eni);
  return { route, network, sourceIp: route.kind === "vpc-endpoint" ? eni.privateIp : eni.publicIp };
}

function requestContext(query: S3Query, route: S3Route, sourceIp: string | undefined, principalAccount: string): Record<string, string> {
  const context: Record<string, string> = { "aws:PrincipalArn": query.principalArn, "aws:PrincipalAccount": principalAccount, "aws:SecureTransport": "true" };
  if (sourceIp) context["aws:SourceIp"] = sourceIp;
  if (route.kind === "vpc-endpoint") {
    context["aws:SourceVpce"] = route.endpointId;
    context["aws:SourceVpc"] = route.vpcId;
  }
  return context;
}

function accountOf(arn: string): string {
  return arn.split(":")[4] ?? "";
}

function isRootOf(principalArn: string, accountId: string): boolean {
  return principalArn === `arn:aws:iam::${accountId}:root`;
}

const ROOT_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

function identityPolicies(index: SnapshotIndex, principalArn: string): NamedPolicy[] {
  if (isRootOf(principalArn, accountOf(principalArn))) return [{ name: "root user", document: ROOT_POLICY }];
  const identity = index.identities.get(principalArn);
  return (identity?.policies ?? []).map((document, position) => ({ name: `${identity?.userName} policy ${position + 1}`, document }));
}

function permissionsBoundary(index: SnapshotIndex, principalArn: string): NamedPolicy | undefined {
  const identity = index.identities.get(principalArn);
  return identity?.permissionsBoundary ? { name: `${identity.userName} permissions boundary`, document: identity.permissionsBoundary } : undefined;
}

function endpointPolicy(index: SnapshotIndex, route: S3Route): NamedPolicy | undefined {
  if (route.kind !== "vpc-endpoint") return undefined;
  const document = index.vpcEndpoints.get(route.endpointId)?.PolicyDocument;
  return { name: route.endpointId, document: document ?? JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }) };
}

/** The bucket owner's root user may always read, replace or delete the bucket policy: how students recover. */
function bucketPolicyApplies(query: S3Query, bucket: BucketSnapshot): boolean {
  return !(BUCKET_POLICY_ACTIONS.has(query.action) && isRootOf(query.principalArn, bucket.ownerAccountId));
}

const POLICY_WORDS: Record<PolicyType, string> = {
  "vpc-endpoint": "VPC endpoint policy",
  identity: "identity-based policy",
  "permissions-boundary": "permissions boundary",
  resource: "resource-based policy",
};

export function accessDeniedMessage(query: S3Query, decision: PolicyDecision): string {
  const resource = query.bucket ? ` on resource: "${resourceArnOf(query)}"` : "";
  const head = `User: ${query.principalArn} is not authorized to perform: ${query.action}${resource}`;
  const words = POLICY_WORDS[decision.deniedBy ?? "identity"];
  return decision.result === "ExplicitlyDenied" ? `${head} with an explicit deny in ${article(words)} ${words}` : `${head} because no ${words} allows the ${query.action} action`;
}

function cliError(operation: string, code: string, message: string): string {
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}

function policyHops(query: S3Query, route: S3Route, decision: PolicyDecision, withBoundary: boolean, bucket?: BucketSnapshot): Hop[] {
  const hop = (componentId: string, componentType: Hop["componentType"], type: PolicyType, what: string): Hop => {
    const refused = decision.deniedBy === type;
    const statement = decision.deciding?.type === type ? ` (statement ${decision.deciding.statement})` : "";
    return { componentId, componentType, direction: "forward", verdict: refused ? "deny" : "allow", detail: `${what} ${refused ? "denies" : "allows"}${statement}` };
  };
  const hops: Hop[] = [];
  if (route.kind === "vpc-endpoint") hops.push(hop(route.endpointId, "vpc-endpoint", "vpc-endpoint", "endpoint policy"));
  if (bucket) hops.push(hop(bucket.name, "s3-bucket", "resource", "bucket policy"));
  hops.push(hop(query.principalArn, "iam-identity", "identity", "identity policies"));
  if (withBoundary) hops.push(hop(query.principalArn, "iam-identity", "permissions-boundary", "permissions boundary"));
  const firstDeny = hops.findIndex((candidate) => candidate.verdict === "deny");
  return firstDeny === -1 ? hops : hops.slice(0, firstDeny + 1);
}

function denialExplanation(query: S3Query, decision: PolicyDecision, route: S3Route, bucket?: BucketSnapshot): Pick<S3Verdict, "explanation" | "fix"> {
  const statement = decision.deciding ? ` (statement ${decision.deciding.statement})` : "";
  switch (decision.deniedBy) {
    case "resource": {
      const via = route.kind === "vpc-endpoint" ? `through ${route.endpointId}` : route.kind === "internet-gateway" ? "over the internet" : "from outside AWS";
      const fix = route.kind === "internet-gateway" ? "Add the S3 gateway endpoint to the subnet's route table so the request carries aws:SourceVpce." : `Change the bucket policy of ${bucket?.name} to allow this request.`;
      return { explanation: `The bucket policy of ${bucket?.name} denies ${query.action} for requests arriving ${via}${statement}.`, fix };
    }
    case "vpc-endpoint": {
      const explicit = decision.result === "ExplicitlyDenied";
      return {
        explanation: explicit ? `The policy of endpoint ${decision.deciding?.policy} denies ${query.action}${statement}.` : `The policy of the VPC endpoint does not allow ${query.action}.`,
        fix: `Edit the endpoint's policy to allow ${query.action} on ${resourceArnOf(query)}.`,
      };
    }
    case "permissions-boundary":
      return decision.result === "ExplicitlyDenied"
        ? { explanation: `The permissions boundary of ${query.principalArn} denies ${query.action}${statement}.`, fix: `Remove the deny for ${query.action} from the role's permissions boundary.` }
        : { explanation: `The permissions boundary of ${query.principalArn} does not allow ${query.action}, whatever its policies grant.`, fix: `Choose a permissions boundary that allows ${query.action}, or remove it.` };
    default:
      return decision.result === "ExplicitlyDenied"
        ? { explanation: `An identity policy of ${query.principalArn} denies ${query.action}${statement}.`, fix: `Remove the deny for ${query.action} from the user's policies.` }
        : { explanation: `No policy attached to ${query.principalArn} allows ${query.action}.`, fix: `Attach a policy allowing ${query.action} on ${resourceArnOf(query)} to the user.` };
  }
}

function timeoutVerdict(index: SnapshotIndex, query: S3Query, network: PacketVerdict): S3Verdict {
  const operation = query.operation ?? cliOperationFor(query.action);
  const url = connectTimeoutUrl(index.snapshot.region, operation, query.bucket, query.action === "s3:ListBucket" ? "" : query.key);
  return {
    outcome: "timeout",
    allowed: false,
    route: { kind: "none" },
    hops: network.hops,
    network,
    cliOutput: `Connect timeout on endpoint URL: "${url}"`,
    explanation: `The request never reaches S3: ${network.explanation?.message ?? "no path leaves the subnet."}`,
    fix: network.explanation?.fix,
  };
}

function missingBucketVerdict(query: S3Query, route: S3Route, hops: Hop[]): S3Verdict {
  const message = "The specified bucket does not exist";
  const operation = query.operation ?? cliOperationFor(query.action);
  return { outcome: "no-such-bucket", allowed: false, route, hops, errorCode: "NoSuchBucket", errorMessage: message, cliOutput: cliError(operation, "NoSuchBucket", message), explanation: `Bucket ${query.bucket} is not in this account.` };
}

/**
 * Follows an S3 request: which way it leaves the subnet (gateway endpoint, internet gateway, or
 * nowhere: a connect timeout), then the endpoint, bucket and identity policies with the request's
 * context (aws:SourceVpce, aws:SourceVpc, aws:SourceIp, aws:PrincipalArn).
 */
export async function analyzeS3Request(index: SnapshotIndex, query: S3Query): Promise<S3Verdict> {
  const { route, network, sourceIp } = networkPath(index, query);
  if (network && !network.reachable) return timeoutVerdict(index, query, network);
  const networkHops = network?.hops ?? [];
  const bucket = query.bucket ? index.buckets.get(query.bucket) : undefined;
  if (query.bucket && !bucket) return missingBucketVerdict(query, route, networkHops);
  const unreadablePolicy = Boolean(bucket?.policyError && !bucket.policy);
  const resourcePolicy = bucket?.policy && bucketPolicyApplies(query, bucket) ? { name: bucket.name, document: bucket.policy } : undefined;
  const boundary = permissionsBoundary(index, query.principalArn);
  const decision = await evaluatePolicies({
    principalArn: query.principalArn,
    action: query.action,
    resourceArn: resourceArnOf(query),
    resourceAccountId: bucket?.ownerAccountId ?? accountOf(query.principalArn),
    context: requestContext(query, route, sourceIp, accountOf(query.principalArn)),
    identityPolicies: identityPolicies(index, query.principalArn),
    permissionsBoundary: boundary,
    resourcePolicy,
    endpointPolicy: endpointPolicy(index, route),
  });
  // An explicit deny in the endpoint policy decides (and is what AWS reports) whatever the bucket policy says.
  if (unreadablePolicy && !(decision.result === "ExplicitlyDenied" && decision.deniedBy === "vpc-endpoint")) {
    return { outcome: "unknown", allowed: false, route, hops: networkHops, network, explanation: `The bucket policy of ${bucket!.name} could not be read (${bucket!.policyError}), so whether it denies this request is unknown.` };
  }
  const hops = [...networkHops, ...policyHops(query, route, decision, Boolean(boundary), resourcePolicy ? bucket : undefined)];
  const base = { route, hops, network, decidingPolicy: decision.deciding };
  if (decision.result === "Allowed") {
    const by = decision.deciding ? ` by ${decision.deciding.type} policy ${decision.deciding.policy} (statement ${decision.deciding.statement})` : "";
    return { ...base, outcome: "allowed", allowed: true, explanation: `${query.action} is allowed${by}.` };
  }
  const message = accessDeniedMessage(query, decision);
  const operation = query.operation ?? cliOperationFor(query.action);
  return {
    ...base,
    outcome: "denied",
    allowed: false,
    deniedBy: decision.deniedBy,
    errorCode: "AccessDenied",
    errorMessage: message,
    cliOutput: cliError(operation, "AccessDenied", message),
    ...denialExplanation(query, decision, route, bucket),
  };
}
