/**
 * Policy enforcement on every S3 request, through the analysis library: the caller's identity
 * policies (from IAM), the bucket's policy, and the request's context. Calls reaching `/aws` come
 * from outside AWS (the console's server, a laptop's CLI), so they carry no aws:SourceVpce —
 * exactly why Lab 2's "deny unless aws:SourceVpce" policy locks the console's bucket view out.
 */
import { analyzeS3Request, emptySnapshot, indexSnapshot, type BucketSnapshot, type IdentitySnapshot, type LabSnapshot, type S3Verdict } from "@/lib/analysis";
import { isRootCaller, type Caller } from "@/lib/sandbox/core/types";
import { parseUntrustedJson } from "@/lib/sandbox/core/untrusted-input";
import { roleSessionIdentity, userIdentity } from "@/lib/sandbox/iam/identities";
import type { S3PublicAccessBlock } from "@/lib/db/schema";
import { accessDenied } from "./model/errors";
import { denyStatementsOnly, isPublicPolicy, publicAccessBlockOf } from "./model/public-access";

export interface S3Authorization {
  caller: Caller;
  region: string;
  sourceIp: string;
  /** The IAM action, e.g. "s3:ListBucket". */
  action: string;
  /** The API operation, for the verdict's wording. */
  operation: string;
  bucket?: { name: string; ownerAccountId: string; policy: string | null; publicAccessBlock?: S3PublicAccessBlock | null };
  key?: string;
}

/** The bucket's policy, read only as the bucket's own field (never one found up a prototype chain). */
function bucketPolicyOf(bucket: NonNullable<S3Authorization["bucket"]>): string | null {
  return Object.hasOwn(bucket, "policy") && typeof bucket.policy === "string" ? bucket.policy : null;
}

/**
 * The bucket policy as it applies to this caller: RestrictPublicBuckets limits a bucket whose
 * policy is public to the owner's account and AWS services, so a caller of another account is
 * granted nothing by it (its Deny statements still hold).
 */
function policyInForce(request: S3Authorization): string | null {
  const policy = request.bucket ? bucketPolicyOf(request.bucket) : null;
  if (policy === null || request.caller.accountId === request.bucket!.ownerAccountId) return policy;
  if (!publicAccessBlockOf(request.bucket!).restrictPublicBuckets || !isPublicPolicy(policy)) return policy;
  return denyStatementsOnly(policy);
}

function snapshotFor(request: S3Authorization, identity: IdentitySnapshot | null): LabSnapshot {
  const policy = policyInForce(request);
  const buckets: BucketSnapshot[] = request.bucket
    ? [{ name: request.bucket.name, ownerAccountId: request.bucket.ownerAccountId, ...(policy ? { policy } : {}) }]
    : [];
  return { ...emptySnapshot(request.region, request.caller.accountId), buckets, identities: identity ? [identity] : [] };
}

/**
 * A policy document as the shortcut sees it, decided on the parsed JSON (so "\u0044eny" is a
 * Deny, as it is to the evaluator): whether every statement is a plain Allow, and whether one
 * allows every action on every resource without a condition.
 */
interface DocumentShape {
  onlyAllows: boolean;
  grantsEverything: boolean;
}

/** Statement elements the shortcut understands; a statement with any other (Principal, NotAction, …) goes to the evaluator. */
const PLAIN_STATEMENT_KEYS = new Set(["Sid", "Effect", "Action", "Resource", "Condition"]);
const NOT_PLAIN: DocumentShape = { onlyAllows: false, grantsEverything: false };
const shapes = new Map<string, DocumentShape>();
const MAX_CACHED_SHAPES = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStar(value: unknown): boolean {
  return value === "*" || (Array.isArray(value) && value.includes("*"));
}

function isPlainAllow(statement: unknown): statement is Record<string, unknown> {
  return isRecord(statement) && statement.Effect === "Allow" && Object.keys(statement).every((key) => PLAIN_STATEMENT_KEYS.has(key));
}

function shapeOfParsed(parsed: unknown): DocumentShape {
  if (!isRecord(parsed) || parsed.Version !== "2012-10-17" || !Object.hasOwn(parsed, "Statement")) return NOT_PLAIN;
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  if (statements.length === 0 || !statements.every(isPlainAllow)) return NOT_PLAIN;
  const grantsEverything = statements.some(
    (statement) => isStar(statement.Action) && isStar(statement.Resource) && !Object.hasOwn(statement, "Condition"),
  );
  return { onlyAllows: true, grantsEverything };
}

/** The document's shape, parsed once per distinct text. */
function shapeOf(document: string): DocumentShape {
  let shape = shapes.get(document);
  if (shape === undefined) {
    let parsed: unknown;
    try {
      parsed = parseUntrustedJson(document);
    } catch {
      parsed = undefined;
    }
    shape = shapeOfParsed(parsed);
    if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
    shapes.set(document, shape);
  }
  return shape;
}

/** A document that only allows, and allows every action on every resource (AdministratorAccess). */
function allowsEverythingAndDeniesNothing(document: string): boolean {
  const shape = shapeOf(document);
  return shape.onlyAllows && shape.grantsEverything;
}

/**
 * The exact shortcut for the everyday case: a caller of the bucket owner's account whose policies
 * only allow, one of them everything, under a boundary that does the same, on a bucket without a
 * policy — the evaluation could only say Allowed, so it is skipped (it costs milliseconds per
 * request). s3/authorize.test.ts checks it against the evaluator on generated policies.
 */
export function plainlyAllowed(request: S3Authorization, identity: IdentitySnapshot | null): boolean {
  if (request.bucket && (bucketPolicyOf(request.bucket) !== null || request.bucket.ownerAccountId !== request.caller.accountId)) return false;
  if (isRootCaller(request.caller)) return true;
  const policies = identity?.policies ?? [];
  const boundary = identity?.permissionsBoundary;
  if (boundary !== undefined && !allowsEverythingAndDeniesNothing(boundary)) return false;
  return policies.every((policy) => shapeOf(policy).onlyAllows) && policies.some(allowsEverythingAndDeniesNothing);
}

/** The caller's identity policies: its user's, its role's, or none for the root user. */
async function callerIdentity(caller: Caller): Promise<IdentitySnapshot | null> {
  if (caller.role) return roleSessionIdentity(caller.accountId, caller.role.roleName, caller.arn);
  return caller.userName === null ? null : userIdentity(caller.accountId, caller.userName);
}

/** The policy evaluator's verdict (iam-simulate, through the analysis library) on the request. */
export function evaluateS3Request(request: S3Authorization, identity: IdentitySnapshot | null): Promise<S3Verdict> {
  return analyzeS3Request(indexSnapshot(snapshotFor(request, identity)), {
    from: { outside: { sourceIp: request.sourceIp } },
    principalArn: request.caller.arn,
    action: request.action,
    bucket: request.bucket?.name,
    key: request.key,
    operation: request.operation,
  });
}

/** Throws S3's AccessDenied, with AWS's message, unless the policies allow the request. */
export async function authorizeS3(request: S3Authorization): Promise<void> {
  const identity = await callerIdentity(request.caller);
  if (plainlyAllowed(request, identity)) return;
  const verdict = await evaluateS3Request(request, identity);
  if (verdict.allowed) return;
  throw accessDenied(verdict.errorMessage ?? "Access Denied");
}
