/**
 * Bucket and object ACLs. The sandbox keeps no grants: every bucket and object is its owner's
 * alone (FULL_CONTROL), which is what S3 shows for a bucket with ObjectOwnership
 * BucketOwnerEnforced — the default since April 2023 — where ACLs are off. On a bucket with ACLs
 * on, BlockPublicAcls refuses a public ACL as S3 does (AccessDenied).
 */
import type { RestRequest } from "@/lib/sandbox/core/types";
import { accessControlListNotSupported, accessDenied, noSuchKey, notImplemented } from "../model/errors";
import { isPublicCannedAcl, namesPublicGroup, publicAccessBlockOf } from "../model/public-access";
import { findObject, type BucketRow } from "../model/storage";
import type { S3Result } from "../protocol/response";
import { ownerOnlyAclFields, parseAclGrants } from "../protocol/settings-xml";
import { canonicalUserId, type S3BucketCall, type S3Operation } from "./operation";
import { TAGGING_INPUTS } from "../protocol/inputs";

/** Canned ACLs that grant the owner alone (the only ones a BucketOwnerEnforced bucket accepts). */
const OWNER_ONLY_CANNED = { bucket: ["private"], object: ["private", "bucket-owner-full-control"] } as const;
const GRANT_HEADERS = ["x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control"];

/** Whether an ACL request (canned header, grant headers, or the body of Put*Acl) grants the bucket owner alone. */
function grantsOwnerOnly(request: RestRequest, bucket: BucketRow, resource: "bucket" | "object", bodyIsAcl: boolean): boolean {
  const canned = request.header("x-amz-acl");
  if (canned !== undefined) return (OWNER_ONLY_CANNED[resource] as readonly string[]).includes(canned.trim());
  if (GRANT_HEADERS.some((name) => request.header(name) !== undefined)) return false;
  if (!bodyIsAcl || request.body.length === 0) return true;
  const owner = canonicalUserId(bucket.ownerAccountId);
  return parseAclGrants(request.body).every((grant) => grant.granteeId === owner && grant.permission === "FULL_CONTROL");
}

/** Whether an ACL request grants the AllUsers or AuthenticatedUsers group (a canned public ACL, a grant header or a Grantee URI). */
function grantsPublic(request: RestRequest, bodyIsAcl: boolean): boolean {
  const canned = request.header("x-amz-acl");
  if (canned !== undefined) return isPublicCannedAcl(canned);
  if (GRANT_HEADERS.some((name) => namesPublicGroup(request.header(name) ?? ""))) return true;
  return bodyIsAcl && request.body.length > 0 && parseAclGrants(request.body).some((grant) => grant.granteeUri !== null && namesPublicGroup(grant.granteeUri));
}

/**
 * An ACL write is accepted only when it grants the owner alone: S3's AccessControlListNotSupported
 * otherwise while ACLs are off; with ACLs turned on (ObjectWriter, BucketOwnerPreferred) a public
 * ACL meets BlockPublicAcls (AccessDenied), and any other the sandbox, which keeps no grants,
 * answers NotImplemented.
 */
export function checkAclWrite(request: RestRequest, bucket: BucketRow, resource: "bucket" | "object", bodyIsAcl = true): void {
  if (grantsOwnerOnly(request, bucket, resource, bodyIsAcl)) return;
  if (bucket.objectOwnership === "BucketOwnerEnforced") throw accessControlListNotSupported();
  if (publicAccessBlockOf(bucket).blockPublicAcls && grantsPublic(request, bodyIsAcl)) throw accessDenied("Access Denied");
  throw notImplemented();
}

function ownerAcl(call: S3BucketCall): S3Result {
  return { document: { root: "AccessControlPolicy", content: ownerOnlyAclFields(canonicalUserId(call.bucket.ownerAccountId)) } };
}

async function getObjectAcl(call: S3BucketCall): Promise<S3Result> {
  if (!(await findObject(call.bucket.name, call.request.key))) throw noSuchKey(call.request.key);
  return ownerAcl(call);
}

async function putBucketAcl(call: S3BucketCall): Promise<S3Result> {
  checkAclWrite(call.request, call.bucket, "bucket");
  return {};
}

async function putObjectAcl(call: S3BucketCall): Promise<S3Result> {
  checkAclWrite(call.request, call.bucket, "object");
  if (!(await findObject(call.bucket.name, call.request.key))) throw noSuchKey(call.request.key);
  return {};
}

export const aclOperations = {
  GetBucketAcl: { scope: "bucket", action: "s3:GetBucketAcl", run: async (call: S3BucketCall) => ownerAcl(call) },
  PutBucketAcl: { scope: "bucket", action: "s3:PutBucketAcl", input: TAGGING_INPUTS.PutBucketAcl, run: putBucketAcl },
  GetObjectAcl: { scope: "object", action: "s3:GetObjectAcl", run: getObjectAcl },
  PutObjectAcl: { scope: "object", action: "s3:PutObjectAcl", input: TAGGING_INPUTS.PutObjectAcl, run: putObjectAcl },
} satisfies Record<string, S3Operation>;
