/** Object operations: PutObject, GetObject, HeadObject, DeleteObject, CopyObject, each version-aware. */
import { isStorableText } from "@/lib/sandbox/core/untrusted-input";
import type { RestRequest } from "@/lib/sandbox/core/types";
import { readBlobRange } from "../model/blobs";
import { deletedKey, deleteMarkerNotAllowed, invalidArgument, invalidRequest, keyTooLong, noSuchBucket, noSuchKey, noSuchVersion } from "../model/errors";
import {
  copyObject,
  deleteObject,
  deleteObjectVersion,
  findBucket,
  findObject,
  NULL_VERSION,
  putObject,
  replacedBy,
  segmentsOf,
  type ObjectInfo,
} from "../model/storage";
import { versioningStatusOf, type VersioningStatus } from "../model/versioning";
import { byteRangeOf, checkConditions, encryptionHeaders, objectAttributesOf, objectResponseHeaders, queryParam, responseOverrides, taggingHeaderOf, type ByteRange } from "../protocol/headers";
import type { S3Result } from "../protocol/response";
import { httpDate, isoSeconds } from "../protocol/xml";
import { checkAclWrite } from "./acl";
import type { S3BucketCall, S3Operation } from "./operation";
import { keepOrDiscard, payloadOf, receivePayload } from "./payload";
import { OBJECT_INPUTS } from "../protocol/inputs";

/** S3 keys are at most 1024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;
/** A write's ACL headers (x-amz-acl, x-amz-grant-*) and tags, each checked and authorized as S3 does. */
async function checkWriteExtras(call: S3BucketCall, tags: readonly unknown[]): Promise<void> {
  checkAclWrite(call.request, call.bucket, "object", false);
  if (tags.length > 0) await call.authorize("s3:PutObjectTagging", { bucket: call.bucket, key: call.request.key });
}

export function checkKeyLength(key: string): void {
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) throw keyTooLong();
}

/** x-amz-version-id is sent for objects of a bucket whose versioning was ever set. */
export function versionHeader(status: VersioningStatus, versionId: string): Record<string, string> {
  return status === undefined ? {} : { "x-amz-version-id": versionId };
}

/** S3's version ids (and the sandbox's) are 32 URL-safe characters; "null" names the null version. */
export const VERSION_ID_FORM = /^[A-Za-z0-9._-]{32}$/;

/** The versionId query parameter: undefined when absent; S3's InvalidArgument when empty or not an id S3 could have made. */
export function requestedVersionId(request: RestRequest): string | undefined {
  const versionId = queryParam(request, "versionId");
  if (versionId === undefined) return undefined;
  if (versionId === "") throw invalidArgument("Version id cannot be the empty string", "versionId", versionId);
  if (versionId !== NULL_VERSION && !VERSION_ID_FORM.test(versionId)) throw invalidArgument("Invalid version id specified", "versionId", versionId);
  return versionId;
}

async function putObjectHandler(call: S3BucketCall): Promise<S3Result> {
  const { request, bucket, ctx } = call;
  checkKeyLength(request.key);
  const attributes = objectAttributesOf(request, false);
  await checkWriteExtras(call, attributes.tags);
  const status = await versioningStatusOf(bucket);
  const received = await receivePayload(payloadOf(request), bucket.ownerAccountId, replacedBy({ bucket: bucket.name, key: request.key }, status));
  const stored = { ...attributes, checksum: received.checksum };
  const object = { bucket: bucket.name, key: request.key, etag: received.etag, lastModified: new Date(ctx.now), ...stored };
  const versionId = await keepOrDiscard(received, () => putObject(bucket.ownerAccountId, object, received.blob, status));
  const checksum = stored.checksum ? { [`x-amz-checksum-${stored.checksum.algorithm}`]: stored.checksum.value } : {};
  return { headers: { ETag: received.etag, ...encryptionHeaders(bucket), ...checksum, ...versionHeader(status, versionId) } };
}

/** The version a GET, HEAD or CopyObject reads: the latest, or the one named; S3's errors for a delete marker or none. */
export async function readableVersion(bucket: string, key: string, versionId: string | undefined, method: string): Promise<ObjectInfo> {
  const object = await findObject(bucket, key, versionId);
  if (!object) throw versionId === undefined ? noSuchKey(key) : noSuchVersion(key, versionId);
  if (object.deleteMarker) {
    throw versionId === undefined ? deletedKey(key, object.versionId) : deleteMarkerNotAllowed(method, object.versionId, httpDate(object.lastModified));
  }
  return object;
}

/** The object's bytes in `range`, read a chunk at a time from its segments, only the chunks the range needs. */
export async function* objectBytes(object: ObjectInfo, range: ByteRange): AsyncGenerator<Buffer> {
  for (const segment of await segmentsOf(object)) {
    const from = Math.max(range.start, segment.start);
    const to = Math.min(range.end, segment.start + segment.size - 1);
    if (from > to) continue;
    yield* readBlobRange({ blobId: segment.blobId, start: from - segment.start, end: to - segment.start });
  }
}

/** GET and HEAD: the same headers, conditions and ranges; HEAD sends no body but its Content-Length. */
async function readObject(call: S3BucketCall, withBody: boolean): Promise<S3Result> {
  const { request } = call;
  const status = await versioningStatusOf(call.bucket);
  const object = await readableVersion(call.bucket.name, request.key, requestedVersionId(request), withBody ? "GET" : "HEAD");
  if (checkConditions(request, object) === 304) {
    return { status: 304, headers: { ETag: object.etag, "Last-Modified": objectResponseHeaders(object, false)["Last-Modified"] } };
  }
  const range = byteRangeOf(request.header("range"), object.size);
  const checksumMode = range === null && request.header("x-amz-checksum-mode")?.toUpperCase() === "ENABLED";
  const headers: Record<string, string> = {
    ...objectResponseHeaders(object, checksumMode),
    ...encryptionHeaders(call.bucket),
    ...versionHeader(status, object.versionId),
    ...responseOverrides(request),
  };
  // GetObject counts the object's tags (HeadObject does not).
  if (withBody && object.tags.length > 0) headers["x-amz-tagging-count"] = String(object.tags.length);
  const length = range ? range.end - range.start + 1 : object.size;
  if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${object.size}`;
  headers["Content-Length"] = String(length);
  const httpStatus = range ? 206 : 200;
  if (!withBody || length === 0) return { status: httpStatus, headers };
  return { status: httpStatus, headers, body: objectBytes(object, range ?? { start: 0, end: object.size - 1 }) };
}

async function deleteObjectHandler(call: S3BucketCall): Promise<S3Result> {
  const { request, bucket, ctx } = call;
  const versionId = requestedVersionId(request);
  if (versionId !== undefined) {
    const removed = await deleteObjectVersion(bucket.name, request.key, versionId);
    const marker: Record<string, string> = removed?.deleteMarker ? { "x-amz-delete-marker": "true" } : {};
    return { status: 204, headers: { "x-amz-version-id": versionId, ...marker } };
  }
  const status = await versioningStatusOf(bucket);
  const outcome = await deleteObject(bucket.name, request.key, status, new Date(ctx.now));
  const headers: Record<string, string> = outcome.deleteMarker ? { "x-amz-delete-marker": "true", "x-amz-version-id": outcome.versionId! } : {};
  return { status: 204, headers };
}

/** x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, maybe with "?versionId=…". */
function copySourceOf(request: RestRequest): { bucket: string; key: string; versionId?: string } {
  const raw = request.header("x-amz-copy-source") ?? "";
  const [pathPart, queryPart] = raw.split("?", 2);
  const path = pathPart.replace(/^\//, "");
  const slash = path.indexOf("/");
  const invalid = () => invalidArgument("Invalid copy source object key", "x-amz-copy-source", raw);
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  let source: { bucket: string; key: string; versionId?: string };
  try {
    source = { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
    const versionId = queryPart === undefined ? undefined : new URLSearchParams(queryPart).get("versionId");
    if (versionId !== undefined && versionId !== null) source.versionId = versionId;
  } catch {
    throw invalid();
  }
  if (!isStorableText(source.bucket) || !isStorableText(source.key)) throw invalid();
  if (source.versionId !== undefined && source.versionId !== NULL_VERSION && !VERSION_ID_FORM.test(source.versionId)) {
    throw invalidArgument("Invalid version id specified", "x-amz-copy-source", raw);
  }
  return source;
}

function directiveOf(request: RestRequest, kind: "metadata" | "tagging"): "COPY" | "REPLACE" {
  const header = `x-amz-${kind}-directive`;
  const directive = (request.header(header) ?? "COPY").toUpperCase();
  if (directive !== "COPY" && directive !== "REPLACE") throw invalidArgument(`Unknown ${kind} directive.`, header, directive);
  return directive;
}

async function copyObjectHandler(call: S3BucketCall): Promise<S3Result> {
  const { request, bucket, ctx } = call;
  checkKeyLength(request.key);
  const from = copySourceOf(request);
  const sourceBucket = from.bucket === bucket.name ? bucket : await findBucket(from.bucket);
  if (!sourceBucket) throw noSuchBucket(from.bucket);
  await call.authorize(from.versionId === undefined ? "s3:GetObject" : "s3:GetObjectVersion", { bucket: sourceBucket, key: from.key });
  const source = await readableVersion(sourceBucket.name, from.key, from.versionId, "GET");
  const directive = directiveOf(request, "metadata");
  if (directive === "COPY" && source.bucket === bucket.name && source.key === request.key) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const kept = directive === "REPLACE" ? objectAttributesOf(request, false) : { contentType: source.contentType, headers: source.headers, metadata: source.metadata, checksum: source.checksum };
  // Tags follow their own directive: the source's by default, x-amz-tagging with REPLACE.
  const attributes = { ...kept, tags: directiveOf(request, "tagging") === "REPLACE" ? taggingHeaderOf(request) : source.tags };
  await checkWriteExtras(call, attributes.tags);
  const lastModified = new Date(ctx.now);
  const status = await versioningStatusOf(bucket);
  const versionId = await copyObject(bucket.ownerAccountId, source, { bucket: bucket.name, key: request.key, attributes, lastModified }, status);
  if (versionId === null) throw noSuchKey(from.key);
  const sourceVersion: Record<string, string> = from.versionId === undefined ? {} : { "x-amz-copy-source-version-id": source.versionId };
  const headers = { ...encryptionHeaders(bucket), ...versionHeader(status, versionId), ...sourceVersion };
  return { headers, document: { root: "CopyObjectResult", content: { ETag: source.etag, LastModified: isoSeconds(lastModified) } } };
}

export const objectOperations = {
  PutObject: { scope: "object", action: "s3:PutObject", input: OBJECT_INPUTS.PutObject, run: putObjectHandler },
  GetObject: { scope: "object", action: "s3:GetObject", input: OBJECT_INPUTS.GetObject, run: (call: S3BucketCall) => readObject(call, true) },
  HeadObject: { scope: "object", action: "s3:GetObject", input: OBJECT_INPUTS.HeadObject, run: (call: S3BucketCall) => readObject(call, false) },
  DeleteObject: { scope: "object", action: "s3:DeleteObject", input: OBJECT_INPUTS.DeleteObject, run: deleteObjectHandler },
  CopyObject: { scope: "object", action: "s3:PutObject", input: OBJECT_INPUTS.CopyObject, run: copyObjectHandler },
} satisfies Record<string, S3Operation>;
