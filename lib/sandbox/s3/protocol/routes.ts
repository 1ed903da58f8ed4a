/** Which S3 operation a request is: method, whether it names a bucket and key, and its subresource. */
import type { RestRequest } from "@/lib/sandbox/core/types";
import { methodNotAllowed, notImplemented } from "../model/errors";
import { hasQuery } from "./headers";

/** Subresources of S3 the sandbox does not serve: answered NotImplemented rather than misread as another call. */
const UNSERVED_SUBRESOURCES = [
  "acl", "accelerate", "analytics", "cors", "encryption", "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "logging",
  "metrics", "notification", "object-lock", "ownershipControls", "policyStatus", "publicAccessBlock", "replication", "requestPayment",
  "restore", "retention", "select", "tagging", "torrent", "versioning", "website", "attributes",
];

function unservedSubresource(request: RestRequest): boolean {
  return UNSERVED_SUBRESOURCES.some((name) => hasQuery(request, name));
}

function bucketOperation(request: RestRequest): string {
  const q = (name: string) => hasQuery(request, name);
  switch (request.method) {
    case "GET":
      if (q("policy")) return "GetBucketPolicy";
      if (q("location")) return "GetBucketLocation";
      if (q("uploads")) return "ListMultipartUploads";
      if (q("versions")) return "ListObjectVersions";
      if (unservedSubresource(request)) throw notImplemented();
      return q("list-type") ? "ListObjectsV2" : "ListObjects";
    case "HEAD":
      return "HeadBucket";
    case "PUT":
      if (q("policy")) return "PutBucketPolicy";
      if (unservedSubresource(request)) throw notImplemented();
      return "CreateBucket";
    case "DELETE":
      if (q("policy")) return "DeleteBucketPolicy";
      if (unservedSubresource(request)) throw notImplemented();
      return "DeleteBucket";
    case "POST":
      if (q("delete")) return "DeleteObjects";
      throw methodNotAllowed(request.method, "BUCKET");
    default:
      throw methodNotAllowed(request.method, "BUCKET");
  }
}

function objectOperation(request: RestRequest): string {
  const q = (name: string) => hasQuery(request, name);
  if (unservedSubresource(request)) throw notImplemented();
  switch (request.method) {
    case "GET":
      return q("uploadId") ? "ListParts" : "GetObject";
    case "HEAD":
      return "HeadObject";
    case "PUT":
      if (q("uploadId") || q("partNumber")) {
        if (request.header("x-amz-copy-source") !== undefined) throw notImplemented();
        return "UploadPart";
      }
      return request.header("x-amz-copy-source") !== undefined ? "CopyObject" : "PutObject";
    case "DELETE":
      return q("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
    case "POST":
      if (q("uploads")) return "CreateMultipartUpload";
      if (q("uploadId")) return "CompleteMultipartUpload";
      throw methodNotAllowed(request.method, "OBJECT");
    default:
      throw methodNotAllowed(request.method, "OBJECT");
  }
}

/** The operations whose payload is object bytes, streamed to storage as it arrives. */
const STREAMED_OPERATIONS = new Set(["PutObject", "UploadPart"]);

export function streamsPayload(request: RestRequest): boolean {
  return STREAMED_OPERATIONS.has(operationOf(request));
}

/** The S3 API operation a request calls; throws MethodNotAllowed / NotImplemented for the others. */
export function operationOf(request: RestRequest): string {
  if (request.bucket === undefined) {
    if (request.method === "GET") return "ListBuckets";
    throw methodNotAllowed(request.method, "SERVICE");
  }
  return request.key === "" ? bucketOperation(request) : objectOperation(request);
}
