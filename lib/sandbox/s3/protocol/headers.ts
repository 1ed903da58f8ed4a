/** The HTTP headers of S3 objects: what a PUT stores, what GET/HEAD answer, ranges and conditions. */
import type { RestRequest } from "@/lib/sandbox/core/types";
import { invalidArgument, invalidRange, preconditionFailed, metadataTooLarge } from "../model/errors";
import { bucketEncryption, validateTagSet } from "../model/bucket-settings";
import type { BucketRow, ObjectAttributes, ObjectInfo } from "../model/storage";
import { parseTaggingHeader } from "./settings-xml";
import { httpDate } from "./xml";

/** S3's type for objects stored without a Content-Type. */
export const DEFAULT_CONTENT_TYPE = "binary/octet-stream";
/** Standard headers S3 stores with an object and returns on GET/HEAD. */
const STORED_HEADERS = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"];
const CHECKSUM_ALGORITHMS = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];
/** S3 allows 2 KB of user metadata (names and values). */
const MAX_METADATA_BYTES = 2048;

function storedHeaders(request: RestRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = request.header(name);
    // aws-chunked is transfer framing the core already removed, not the object's encoding.
    const kept = name === "content-encoding" ? value?.split(",").map((part) => part.trim()).filter((part) => part !== "aws-chunked").join(",") : value;
    if (kept) headers[name] = kept;
  }
  return headers;
}

function userMetadata(request: RestRequest): Record<string, string> {
  // Names come from the client (x-amz-meta-__proto__ is a valid header): collected in a Map,
  // turned into a record by fromEntries, which defines own keys and never calls a setter.
  const metadata = new Map<string, string>();
  let bytes = 0;
  for (const [name, values] of request.headers) {
    if (!name.startsWith("x-amz-meta-")) continue;
    const key = name.slice("x-amz-meta-".length);
    const value = values.join(",");
    metadata.set(key, value);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw metadataTooLarge(bytes, MAX_METADATA_BYTES);
  }
  return Object.fromEntries(metadata);
}

/** The checksum the client sent (header or aws-chunked trailer name), already verified by the core. */
function sentChecksum(request: RestRequest): ObjectAttributes["checksum"] {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = request.header(`x-amz-checksum-${algorithm}`);
    if (value) return { algorithm, value: value.trim() };
  }
  return null;
}

/** The tags of x-amz-tagging, checked as PutObjectTagging checks a tag set. */
export function taggingHeaderOf(request: RestRequest): ObjectAttributes["tags"] {
  const tags = parseTaggingHeader(request.header("x-amz-tagging"));
  validateTagSet(tags, "object");
  return tags;
}

/** What a PutObject (or CreateMultipartUpload, or CopyObject with REPLACE) stores with the bytes. */
export function objectAttributesOf(request: RestRequest, withChecksum: boolean): ObjectAttributes {
  return {
    contentType: request.header("content-type") || DEFAULT_CONTENT_TYPE,
    headers: storedHeaders(request),
    metadata: userMetadata(request),
    checksum: withChecksum ? sentChecksum(request) : null,
    tags: taggingHeaderOf(request),
  };
}

/**
 * S3 encrypts every object (SSE-S3 unless the bucket's default says otherwise) and says so on
 * every object response. The sandbox reports the bucket's current default.
 */
export function encryptionHeaders(bucket: Pick<BucketRow, "encryption">): Record<string, string> {
  const rule = bucketEncryption(bucket);
  return {
    "x-amz-server-side-encryption": rule.algorithm,
    ...(rule.kmsKeyId === undefined ? {} : { "x-amz-server-side-encryption-aws-kms-key-id": rule.kmsKeyId }),
    ...(rule.bucketKeyEnabled ? { "x-amz-server-side-encryption-bucket-key-enabled": "true" } : {}),
  };
}

const RESPONSE_NAMES: Record<string, string> = {
  "cache-control": "Cache-Control",
  "content-disposition": "Content-Disposition",
  "content-encoding": "Content-Encoding",
  "content-language": "Content-Language",
  expires: "Expires",
};

/** Headers of GET/HEAD for an object. */
export function objectResponseHeaders(object: ObjectInfo, checksumMode: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "Last-Modified": httpDate(object.lastModified),
    ETag: object.etag,
    "Accept-Ranges": "bytes",
    "Content-Type": object.contentType,
  };
  for (const [name, value] of Object.entries(object.headers)) headers[RESPONSE_NAMES[name] ?? name] = value;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  if (checksumMode && object.checksum) headers[`x-amz-checksum-${object.checksum.algorithm}`] = object.checksum.value;
  return headers;
}

const RESPONSE_OVERRIDES = new Map([
  ["response-content-type", "Content-Type"],
  ["response-content-language", "Content-Language"],
  ["response-expires", "Expires"],
  ["response-cache-control", "Cache-Control"],
  ["response-content-disposition", "Content-Disposition"],
  ["response-content-encoding", "Content-Encoding"],
]);

/** GetObject's response-* query parameters override the stored headers. */
export function responseOverrides(request: RestRequest): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of request.query) {
    const header = RESPONSE_OVERRIDES.get(name);
    if (header) overrides[header] = value;
  }
  return overrides;
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * The satisfiable range of a Range header, null when there is none or S3 ignores it (syntax it
 * does not understand, several ranges); throws InvalidRange when it starts past the end.
 */
export function byteRangeOf(header: string | undefined, size: number): ByteRange | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (size === 0 || suffix === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== "" && Number(match[2]) < start) return null;
  if (start >= size) throw invalidRange(header, size);
  return { start, end };
}

function etagMatches(list: string, etag: string): boolean {
  return list.split(",").some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === "*" || trimmed === etag || `"${trimmed}"` === etag;
  });
}

/**
 * If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304), in the order
 * S3 applies them. Returns 304 when the client's copy is current, null to go on.
 */
export function checkConditions(request: RestRequest, object: ObjectInfo): 304 | null {
  const seconds = Math.floor(object.lastModified.getTime() / 1000) * 1000;
  const ifMatch = request.header("if-match");
  const ifNoneMatch = request.header("if-none-match");
  const ifUnmodifiedSince = Date.parse(request.header("if-unmodified-since") ?? "");
  const ifModifiedSince = Date.parse(request.header("if-modified-since") ?? "");
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) throw preconditionFailed("If-Match");
  if (ifMatch === undefined && !Number.isNaN(ifUnmodifiedSince) && seconds > ifUnmodifiedSince) throw preconditionFailed("If-Unmodified-Since");
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, object.etag)) return 304;
  if (ifNoneMatch === undefined && !Number.isNaN(ifModifiedSince) && seconds <= ifModifiedSince) return 304;
  return null;
}

/** An integer query parameter within bounds, or S3's InvalidArgument. */
export function integerParam(request: RestRequest, name: string, fallback: number, min: number, max: number, message: string): number {
  const raw = request.query.find(([key]) => key === name)?.[1];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) throw invalidArgument(message, name, raw);
  return value;
}

export function queryParam(request: RestRequest, name: string): string | undefined {
  return request.query.find(([key]) => key === name)?.[1];
}

export function hasQuery(request: RestRequest, name: string): boolean {
  return request.query.some(([key]) => key === name);
}
