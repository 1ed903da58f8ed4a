/**
 * Policy enforcement on every S3 request, through the analysis library: the caller's identity
 * policies (from IAM), the bucket's policy, and the request's context. Calls reaching `/aws` come
 * from outside AWS (the console's server, a laptop's CLI), so they carry no aws:SourceVpce —
 * exactly why Lab 2's "deny unless aws:SourceVpce" policy locks the console's bucket view out.
 */
import { analyzeS3Request, emptySnapshot, indexSnapshot, type BucketSnapshot, type IdentitySnapshot, type LabSnapshot } from "@/lib/analysis";
import { isRootCaller, type Caller } from "@/lib/sandbox/core/types";
import { roleSessionIdentity, userIdentity } from "@/lib/sandbox/iam/world";
import { accessDenied } from "./model/errors";

export interface S3Authorization {
  caller: Caller;
  region: string;
  sourceIp: string;
  /** The IAM action, e.g. "s3:ListBucket". */
  action: string;
  /** The API operation, for the verdict's wording. */
  operation: string;
  bucket?: { name: string; ownerAccountId: string; policy: string | null };
  key?: string;
}

function snapshotFor(request: S3Authorization, identity: IdentitySnapshot | null): LabSnapshot {
  const buckets: BucketSnapshot[] = request.bucket
    ? [{ name: request.bucket.name, ownerAccountId: request.bucket.ownerAccountId, ...(request.bucket.policy ? { policy: request.bucket.policy } : {}) }]
    : [];
  return { ...emptySnapshot(request.region, request.caller.accountId), buckets, identities: identity ? [identity] : [] };
}

const allowsEverything = new Map<string, boolean>();

/** A document with no Deny and an unconditional Allow of every action on every resource (AdministratorAccess). */
function grantsEverything(document: string): boolean {
  let cached = allowsEverything.get(document);
  if (cached === undefined) {
    let parsed: { Statement?: unknown } | null = null;
    try {
      parsed = JSON.parse(document);
    } catch {
      parsed = null;
    }
    const statements = (Array.isArray(parsed?.Statement) ? parsed.Statement : [parsed?.Statement]) as Record<string, unknown>[];
    const isStar = (value: unknown) => value === "*" || (Array.isArray(value) && value.includes("*"));
    cached =
      statements.every((statement) => statement?.Effect === "Allow") &&
      statements.some((statement) => isStar(statement.Action) && isStar(statement.Resource) && statement.Condition === undefined);
    if (allowsEverything.size > 1000) allowsEverything.clear();
    allowsEverything.set(document, cached);
  }
  return cached;
}

function isDeny(document: string): boolean {
  return document.includes('"Deny"');
}

/**
 * The exact shortcut for the everyday case: a caller of the bucket owner's account whose policies
 * allow everything and deny nothing, on a bucket without a policy — the evaluation could only
 * say Allowed, so it is skipped (it costs milliseconds per request).
 */
function plainlyAllowed(request: S3Authorization, identity: IdentitySnapshot | null): boolean {
  if (request.bucket && (request.bucket.policy !== null || request.bucket.ownerAccountId !== request.caller.accountId)) return false;
  if (isRootCaller(request.caller)) return true;
  const policies = identity?.policies ?? [];
  const boundary = identity?.permissionsBoundary;
  if (boundary !== undefined && (isDeny(boundary) || !grantsEverything(boundary))) return false;
  return !policies.some(isDeny) && policies.some(grantsEverything);
}

/** The caller's identity policies: its user's, its role's, or none for the root user. */
async function callerIdentity(caller: Caller): Promise<IdentitySnapshot | null> {
  if (caller.role) return roleSessionIdentity(caller.accountId, caller.role.roleName, caller.arn);
  return caller.userName === null ? null : userIdentity(caller.accountId, caller.userName);
}

/** Throws S3's AccessDenied, with AWS's message, unless the policies allow the request. */
export async function authorizeS3(request: S3Authorization): Promise<void> {
  const { caller } = request;
  const identity = await callerIdentity(caller);
  if (plainlyAllowed(request, identity)) return;
  const verdict = await analyzeS3Request(indexSnapshot(snapshotFor(request, identity)), {
    from: { outside: { sourceIp: request.sourceIp } },
    principalArn: caller.arn,
    action: request.action,
    bucket: request.bucket?.name,
    key: request.key,
    operation: request.operation,
  });
  if (verdict.allowed) return;
  throw accessDenied(verdict.errorMessage ?? "Access Denied");
}
