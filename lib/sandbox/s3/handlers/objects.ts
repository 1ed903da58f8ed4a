/** Object operations: PutObject, GetObject, HeadObject, DeleteObject, CopyObject. */
import { isStorableText } from "@/lib/sandbox/core/untrusted-input";
import type { WireResponse } from "@/lib/sandbox/core/error-response";
import type { RestRequest } from "@/lib/sandbox/core/types";
import { invalidArgument, invalidRequest, keyTooLong, noSuchBucket, noSuchKey } from "../model/errors";
import { copyObject, deleteObject, findBucket, findObject, findObjectWithBody, putObject, readObjectBytes, type ObjectInfo } from "../model/storage";
import { byteRangeOf, checkConditions, encryptionHeaders, objectAttributesOf, objectResponseHeaders, responseOverrides, taggingHeaderOf } from "../protocol/headers";
import { elements, emptyResponse, isoSeconds, s3Headers, xmlDocument } from "../protocol/xml";
import { checkAclWrite } from "./acl";
import { etagOf, type S3BucketCall, type S3Operation } from "./operation";

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

async function putObjectHandler(call: S3BucketCall) {
  const { request, bucket, ctx } = call;
  checkKeyLength(request.key);
  const attributes = objectAttributesOf(request, true);
  await checkWriteExtras(call, attributes.tags);
  const etag = etagOf(request.body);
  await putObject(bucket.ownerAccountId, { bucket: bucket.name, key: request.key, body: request.body, etag, lastModified: new Date(ctx.now), ...attributes });
  const checksum = attributes.checksum ? { [`x-amz-checksum-${attributes.checksum.algorithm}`]: attributes.checksum.value } : {};
  return emptyResponse(ctx.requestId, 200, { ETag: etag, ...encryptionHeaders(bucket), ...checksum });
}

async function existingObject(call: S3BucketCall): Promise<ObjectInfo> {
  const object = await findObject(call.bucket.name, call.request.key);
  if (!object) throw noSuchKey(call.request.key);
  return object;
}

/** GET and HEAD: the same headers, conditions and ranges; HEAD sends no body but its Content-Length. */
async function readObject(call: S3BucketCall, withBody: boolean): Promise<WireResponse> {
  const { request, ctx } = call;
  // A plain GET reads attributes and bytes in one query; ranges and HEAD need the size first.
  const whole = withBody && request.header("range") === undefined ? await findObjectWithBody(call.bucket.name, request.key) : null;
  const object = whole ?? (await existingObject(call));
  if (checkConditions(request, object) === 304) {
    return emptyResponse(ctx.requestId, 304, { ETag: object.etag, "Last-Modified": objectResponseHeaders(object, false)["Last-Modified"] });
  }
  const range = byteRangeOf(request.header("range"), object.size);
  const checksumMode = range === null && request.header("x-amz-checksum-mode")?.toUpperCase() === "ENABLED";
  const headers: Record<string, string> = { ...s3Headers(ctx.requestId), ...objectResponseHeaders(object, checksumMode), ...encryptionHeaders(call.bucket), ...responseOverrides(request) };
  // GetObject counts the object's tags (HeadObject does not).
  if (withBody && object.tags.length > 0) headers["x-amz-tagging-count"] = String(object.tags.length);
  const length = range ? range.end - range.start + 1 : object.size;
  if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${object.size}`;
  headers["Content-Length"] = String(length);
  const status = range ? 206 : 200;
  if (!withBody) return { status, headers, body: "" };
  const body = whole?.body ?? (await readObjectBytes(object.bucket, object.key, range ? { start: range.start, length } : undefined));
  if (body === null) throw noSuchKey(request.key);
  return { status, headers, body };
}

async function deleteObjectHandler(call: S3BucketCall) {
  await deleteObject(call.bucket.name, call.request.key);
  return emptyResponse(call.ctx.requestId, 204);
}

/** x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, maybe with "?versionId=…". */
function copySourceOf(request: RestRequest): { bucket: string; key: string } {
  const raw = request.header("x-amz-copy-source") ?? "";
  const path = raw.split("?")[0].replace(/^\//, "");
  const slash = path.indexOf("/");
  const invalid = () => invalidArgument("Invalid copy source object key", "x-amz-copy-source", raw);
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  let source: { bucket: string; key: string };
  try {
    source = { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    throw invalid();
  }
  if (!isStorableText(source.bucket) || !isStorableText(source.key)) throw invalid();
  return source;
}

function directiveOf(request: RestRequest, kind: "metadata" | "tagging"): "COPY" | "REPLACE" {
  const header = `x-amz-${kind}-directive`;
  const directive = (request.header(header) ?? "COPY").toUpperCase();
  if (directive !== "COPY" && directive !== "REPLACE") throw invalidArgument(`Unknown ${kind} directive.`, header, directive);
  return directive;
}

async function copyObjectHandler(call: S3BucketCall) {
  const { request, bucket, ctx } = call;
  checkKeyLength(request.key);
  const from = copySourceOf(request);
  const sourceBucket = from.bucket === bucket.name ? bucket : await findBucket(from.bucket);
  if (!sourceBucket) throw noSuchBucket(from.bucket);
  await call.authorize("s3:GetObject", { bucket: sourceBucket, key: from.key });
  const source = await findObject(sourceBucket.name, from.key);
  if (!source) throw noSuchKey(from.key);
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
  await copyObject(bucket.ownerAccountId, source, { bucket: bucket.name, key: request.key, attributes, lastModified });
  return xmlDocument(ctx.requestId, "CopyObjectResult", elements({ ETag: source.etag, LastModified: isoSeconds(lastModified) }), encryptionHeaders(bucket));
}

export const objectOperations = {
  PutObject: { scope: "object", action: "s3:PutObject", run: putObjectHandler },
  GetObject: { scope: "object", action: "s3:GetObject", run: (call: S3BucketCall) => readObject(call, true) },
  HeadObject: { scope: "object", action: "s3:GetObject", run: (call: S3BucketCall) => readObject(call, false) },
  DeleteObject: { scope: "object", action: "s3:DeleteObject", run: deleteObjectHandler },
  CopyObject: { scope: "object", action: "s3:PutObject", run: copyObjectHandler },
} satisfies Record<string, S3Operation>;
