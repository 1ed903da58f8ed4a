/** Which S3 operation a request is: method, whether it names a bucket and key, and its subresource. */
import type { RestRequest } from "@/lib/sandbox/core/types";
import { methodNotAllowed, notImplemented } from "../model/errors";
import { hasQuery } from "./headers";

type Method = "GET" | "PUT" | "DELETE" | "POST";
/** An operation name, or one that depends on the query (a named configuration or the list of them). */
type Route = string | ((request: RestRequest) => string);
type SubresourceRoutes = ReadonlyMap<string, Partial<Record<Method, Route>>>;

/** Sub-resources the sandbox does not model, by method: answered with S3's 501 NotImplemented. */
const UNSERVED = "-";

/** `Get<name>` for ?<sub>&id=…, `List<plural>` without an id, as S3 names the pairs. */
function byId(single: string, list: string): Route {
  return (request) => (hasQuery(request, "id") ? single : list);
}

/** Bucket sub-resources, in the order S3 gives them precedence when a request names several. */
const BUCKET_SUBRESOURCES: SubresourceRoutes = new Map<string, Partial<Record<Method, Route>>>([
  ["policy", { GET: "GetBucketPolicy", PUT: "PutBucketPolicy", DELETE: "DeleteBucketPolicy" }],
  ["policyStatus", { GET: "GetBucketPolicyStatus" }],
  ["location", { GET: "GetBucketLocation" }],
  ["uploads", { GET: "ListMultipartUploads" }],
  ["delete", { POST: "DeleteObjects" }],
  ["tagging", { GET: "GetBucketTagging", PUT: "PutBucketTagging", DELETE: "DeleteBucketTagging" }],
  ["versioning", { GET: "GetBucketVersioning", PUT: "PutBucketVersioning" }],
  ["versions", { GET: "ListObjectVersions" }],
  ["acl", { GET: "GetBucketAcl", PUT: "PutBucketAcl" }],
  ["encryption", { GET: "GetBucketEncryption", PUT: "PutBucketEncryption", DELETE: "DeleteBucketEncryption" }],
  ["publicAccessBlock", { GET: "GetPublicAccessBlock", PUT: "PutPublicAccessBlock", DELETE: "DeletePublicAccessBlock" }],
  ["ownershipControls", { GET: "GetBucketOwnershipControls", PUT: "PutBucketOwnershipControls", DELETE: "DeleteBucketOwnershipControls" }],
  ["cors", { GET: "GetBucketCors", PUT: "PutBucketCors", DELETE: "DeleteBucketCors" }],
  ["website", { GET: "GetBucketWebsite", PUT: "PutBucketWebsite", DELETE: "DeleteBucketWebsite" }],
  ["lifecycle", { GET: "GetBucketLifecycleConfiguration", PUT: "PutBucketLifecycleConfiguration", DELETE: "DeleteBucketLifecycle" }],
  ["logging", { GET: "GetBucketLogging", PUT: "PutBucketLogging" }],
  ["replication", { GET: "GetBucketReplication", PUT: "PutBucketReplication", DELETE: "DeleteBucketReplication" }],
  ["object-lock", { GET: "GetObjectLockConfiguration", PUT: "PutObjectLockConfiguration" }],
  ["accelerate", { GET: "GetBucketAccelerateConfiguration", PUT: "PutBucketAccelerateConfiguration" }],
  ["requestPayment", { GET: "GetBucketRequestPayment", PUT: "PutBucketRequestPayment" }],
  ["notification", { GET: "GetBucketNotificationConfiguration", PUT: "PutBucketNotificationConfiguration" }],
  ["analytics", { GET: byId("GetBucketAnalyticsConfiguration", "ListBucketAnalyticsConfigurations"), PUT: "PutBucketAnalyticsConfiguration", DELETE: "DeleteBucketAnalyticsConfiguration" }],
  ["metrics", { GET: byId("GetBucketMetricsConfiguration", "ListBucketMetricsConfigurations"), PUT: "PutBucketMetricsConfiguration", DELETE: "DeleteBucketMetricsConfiguration" }],
  ["inventory", { GET: byId("GetBucketInventoryConfiguration", "ListBucketInventoryConfigurations"), PUT: "PutBucketInventoryConfiguration", DELETE: "DeleteBucketInventoryConfiguration" }],
  [
    "intelligent-tiering",
    {
      GET: byId("GetBucketIntelligentTieringConfiguration", "ListBucketIntelligentTieringConfigurations"),
      PUT: "PutBucketIntelligentTieringConfiguration",
      DELETE: "DeleteBucketIntelligentTieringConfiguration",
    },
  ],
]);

const OBJECT_SUBRESOURCES: SubresourceRoutes = new Map<string, Partial<Record<Method, Route>>>([
  ["tagging", { GET: "GetObjectTagging", PUT: "PutObjectTagging", DELETE: "DeleteObjectTagging" }],
  ["acl", { GET: "GetObjectAcl", PUT: "PutObjectAcl" }],
  ["legal-hold", { GET: "GetObjectLegalHold", PUT: "PutObjectLegalHold" }],
  ["retention", { GET: "GetObjectRetention", PUT: "PutObjectRetention" }],
  ["attributes", { GET: "GetObjectAttributes" }],
  ["torrent", { GET: "GetObjectTorrent" }],
  ["restore", { POST: "RestoreObject" }],
  ["select", { POST: UNSERVED }],
]);

/** What the sandbox answers NotImplemented to, for the coverage document. */
export function unservedRequests(): string[] {
  const rows: string[] = [];
  for (const [scope, table] of [["bucket", BUCKET_SUBRESOURCES], ["object", OBJECT_SUBRESOURCES]] as const) {
    for (const [name, methods] of table) {
      for (const [method, route] of Object.entries(methods)) if (route === UNSERVED) rows.push(`${method} ${scope}?${name}`);
    }
  }
  return rows;
}

/**
 * The operation of a sub-resource request, or undefined when the request names none. HEAD on a
 * sub-resource runs its GET (the status and headers, without a body).
 */
function subresourceOperation(request: RestRequest, table: SubresourceRoutes, resourceType: "BUCKET" | "OBJECT"): string | undefined {
  for (const [name, methods] of table) {
    if (!hasQuery(request, name)) continue;
    const method = (request.method === "HEAD" ? "GET" : request.method) as Method;
    const route = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (route === undefined) throw methodNotAllowed(request.method, resourceType);
    if (route === UNSERVED) throw notImplemented();
    return typeof route === "function" ? route(request) : route;
  }
  return undefined;
}

function bucketOperation(request: RestRequest): string {
  const sub = subresourceOperation(request, BUCKET_SUBRESOURCES, "BUCKET");
  if (sub !== undefined) return sub;
  switch (request.method) {
    case "GET":
      return hasQuery(request, "list-type") ? "ListObjectsV2" : "ListObjects";
    case "HEAD":
      return "HeadBucket";
    case "PUT":
      return "CreateBucket";
    case "DELETE":
      return "DeleteBucket";
    default:
      throw methodNotAllowed(request.method, "BUCKET");
  }
}

function objectOperation(request: RestRequest): string {
  const q = (name: string) => hasQuery(request, name);
  const sub = subresourceOperation(request, OBJECT_SUBRESOURCES, "OBJECT");
  if (sub !== undefined) return sub;
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
