/**
 * The sandbox's S3 (REST-XML): routes a request to its operation, checks the bucket exists, runs
 * the policies through the analysis library, then the handler, whose result protocol/response.ts
 * writes as S3's XML. Storage is in its own tables.
 */
import type { RequestContext, RestCallInfo, RestRequest, RestService } from "@/lib/sandbox/core/types";
import { authorizeS3 } from "./authorize";
import { aclOperations } from "./handlers/acl";
import { bucketPolicyOperations } from "./handlers/bucket-policy";
import { bucketSettingOperations } from "./handlers/bucket-settings";
import { configurationOperations } from "./handlers/configurations";
import { namedConfigurationOperations } from "./handlers/named-configurations";
import { objectAttributeOperations } from "./handlers/object-attributes";
import { bucketOperations } from "./handlers/buckets";
import { deleteObjectsOperations } from "./handlers/delete-objects";
import { listingOperations } from "./handlers/listing";
import { versionListingOperations } from "./handlers/versions";
import { multipartOperations } from "./handlers/multipart";
import { objectTaggingOperations } from "./handlers/object-tagging";
import { objectOperations } from "./handlers/objects";
import { unconfiguredOperations } from "./handlers/unconfigured";
import { NEW_BUCKET_SETTINGS } from "./model/bucket-settings";
import type { S3BucketCall, S3Call, S3Operation } from "./handlers/operation";
import { invalidArgument, noSuchBucket } from "./model/errors";
import { findBucket, type BucketRow } from "./model/storage";
import { operationOf, streamsPayload } from "./protocol/routes";
import { hasQuery } from "./protocol/headers";
import { writeS3Response, type S3Result } from "./protocol/response";
import { notifyChange } from "@/lib/sandbox/core/state-store";
import { isStorableText } from "@/lib/sandbox/core/untrusted-input";

/** The operations by family (for coverage listings). */
export const S3_OPERATION_FAMILIES = {
  Buckets: bucketOperations,
  "Bucket policies": bucketPolicyOperations,
  "Bucket settings": bucketSettingOperations,
  "Bucket configurations": configurationOperations,
  "Analytics, metrics, inventory and Intelligent-Tiering configurations": namedConfigurationOperations,
  "Sub-resources never configured": unconfiguredOperations,
  ACLs: aclOperations,
  Objects: objectOperations,
  "Object tagging": objectTaggingOperations,
  "Object attributes and restores": objectAttributeOperations,
  "Deleting many objects": deleteObjectsOperations,
  Listing: listingOperations,
  "Object versions": versionListingOperations,
  "Multipart uploads": multipartOperations,
};

const OPERATIONS: Record<string, S3Operation> = Object.assign({}, ...Object.values(S3_OPERATION_FAMILIES));

function summaryOf(request: RestRequest): string {
  if (request.bucket === undefined) return "";
  return (request.key === "" ? request.bucket : `${request.bucket}/${request.key}`).slice(0, 400);
}

function baseCall(request: RestRequest, ctx: RequestContext, operation: string): S3Call {
  return {
    request,
    ctx,
    authorize: (action, target) =>
      authorizeS3({
        caller: ctx.caller,
        region: ctx.region,
        sourceIp: request.sourceIp,
        action,
        operation,
        bucket: target.bucket,
        key: target.key,
      }),
  };
}

async function existingBucket(request: RestRequest): Promise<BucketRow> {
  const bucket = await findBucket(request.bucket!);
  if (!bucket) throw noSuchBucket(request.bucket!);
  return bucket;
}

/** Naming a version makes GetObject (and HEAD) s3:GetObjectVersion, DeleteObject s3:DeleteObjectVersion and GetObjectAttributes s3:GetObjectVersionAttributes, as IAM evaluates them. */
const VERSION_ACTIONS: Record<string, string> = {
  "s3:GetObject": "s3:GetObjectVersion",
  "s3:DeleteObject": "s3:DeleteObjectVersion",
  "s3:GetObjectAttributes": "s3:GetObjectVersionAttributes",
};

function versionedAction(action: string, request: RestRequest): string {
  return request.key !== "" && hasQuery(request, "versionId") ? (VERSION_ACTIONS[action] ?? action) : action;
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/** Runs the operation; a successful change is announced like every other sandbox change (the console redraws). */
async function handle(request: RestRequest, ctx: RequestContext, info: RestCallInfo) {
  const response = writeS3Response(ctx.requestId, await runOperation(request, ctx, info));
  if (!READ_METHODS.has(request.method) && response.status < 300) {
    notifyChange({ accountId: ctx.accountId, service: "s3", action: info.action ?? "S3" });
  }
  return response;
}

/** A NUL (or a lone surrogate) in a query parameter (prefix, marker, start-after, …): S3's InvalidArgument, before any storage sees it. */
function checkQueryText(request: RestRequest): void {
  for (const [name, value] of request.query) {
    if (!isStorableText(name) || !isStorableText(value)) throw invalidArgument("Invalid Argument", name, value);
  }
}

async function runOperation(request: RestRequest, ctx: RequestContext, info: RestCallInfo): Promise<S3Result> {
  checkQueryText(request);
  info.summary = summaryOf(request);
  const name = operationOf(request);
  info.action = name;
  const operation = OPERATIONS[name];
  const call = baseCall(request, ctx, name);
  if (operation.scope === "service") {
    await call.authorize(operation.action, {});
    return operation.run(call);
  }
  if (operation.scope === "create-bucket") {
    // The bucket does not exist yet: the policies are evaluated as for a new bucket of the caller.
    await call.authorize(operation.action, {
      bucket: { name: request.bucket!, ownerAccountId: ctx.accountId, region: ctx.region, policy: null, createdAt: new Date(ctx.now), ...NEW_BUCKET_SETTINGS },
    });
    return operation.run(call);
  }
  const bucketCall: S3BucketCall = { ...call, bucket: await existingBucket(request) };
  if (operation.action !== null) {
    await call.authorize(versionedAction(operation.action, request), { bucket: bucketCall.bucket, key: operation.scope === "object" ? request.key : undefined });
  }
  return operation.run(bucketCall);
}

export const s3Service: RestService = { name: "s3", operations: OPERATIONS, operationName: operationOf, streamsPayload, handle };
