/**
 * S3's older signature, "signature version 2" (HMAC-SHA1 over a string of the method, three
 * headers, the x-amz-* headers and the resource), as AWS documents it in "Signing and
 * authenticating REST requests". S3 still accepts it in us-east-1, and it is what boto3's
 * generate_presigned_url and the AWS CLI v1's `aws s3 presign` produce by default
 * (`?AWSAccessKeyId=…&Expires=…&Signature=…`), and what `signature_version='s3'` sends as an
 * `Authorization: AWS <key>:<signature>` header. Only S3 takes it: the auth names S3 as its service.
 */
import crypto from "node:crypto";
import { virtualHostBucket, withoutPrefix } from "@/lib/sandbox/s3/protocol/address";
import { formatAmzDate, headerValue, parseRawQuery, type SignedRequest, SigV4Error, type SigV4Auth, type SigningContext } from "./sigv4";

/** Where S3 answers a request signed this way (the Regions that predate SigV4 include us-east-1). */
const SIGV2_REGION = "us-east-1";
const HEADER_PREFIX = "AWS ";
const QUERY_PARAMETERS = ["AWSAccessKeyId", "Expires", "Signature"] as const;

/**
 * The query parameters that are part of the signed resource (S3's sub-resources and response
 * overrides): the list AWS documents, as botocore's HmacV1Auth signs it.
 */
const SIGNED_SUBRESOURCES = new Set([
  "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle", "location",
  "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "replication", "requestPayment",
  "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
  "response-content-type", "response-expires", "restore", "select", "select-type", "storageClass", "tagging",
  "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
]);

/**
 * Whether a request is signed with SigV2 rather than SigV4 (a header "AWS …", or AWSAccessKeyId in the
 * query). Read from the raw query: a query that does not decode is the operation's error to answer.
 */
export function isSigV2(request: SignedRequest): boolean {
  const authorization = headerValue(request, "authorization");
  if (authorization !== undefined) return authorization.trimStart().startsWith(HEADER_PREFIX);
  return request.query.split("&").some((part) => part === "AWSAccessKeyId" || part.startsWith("AWSAccessKeyId="));
}

/** The SigV2 auth of a request, in the form the rest of the pipeline reads (scope: the key, S3, us-east-1). */
export function readSigV2Auth(request: SignedRequest): SigV4Auth {
  const authorization = headerValue(request, "authorization");
  if (authorization !== undefined) return fromHeader(request, authorization.trim().slice(HEADER_PREFIX.length));
  return fromQuery(parseRawQuery(request.query));
}

function fromHeader(request: SignedRequest, credentials: string): SigV4Auth {
  const colon = credentials.lastIndexOf(":");
  if (colon <= 0 || colon === credentials.length - 1) {
    throw new SigV4Error({ kind: "sigV2Invalid", message: "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", header: `${HEADER_PREFIX}${credentials}` });
  }
  const signedAt = requestTime(request);
  return auth("header", credentials.slice(0, colon).trim(), credentials.slice(colon + 1).trim(), formatAmzDate(signedAt), null);
}

function fromQuery(query: [string, string][]): SigV4Auth {
  const param = (name: string) => query.find(([key]) => key === name)?.[1];
  if (QUERY_PARAMETERS.some((name) => !param(name))) {
    throw denied("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
  }
  const expires = param("Expires")!;
  if (!/^\d{1,12}$/.test(expires)) throw denied(`Invalid date (should be seconds since epoch): ${expires}`);
  const expiresAtMs = Number(expires) * 1000;
  return auth("query", param("AWSAccessKeyId")!, param("Signature")!, formatAmzDate(Date.now()), expiresAtMs);
}

function auth(location: "header" | "query", accessKeyId: string, signature: string, amzDate: string, expiresAtMs: number | null): SigV4Auth {
  return {
    location,
    scope: { accessKeyId, date: amzDate.slice(0, 8), region: SIGV2_REGION, service: "s3" },
    signedHeaders: [],
    signature,
    amzDate,
    expiresSeconds: null,
    sigV2: { expiresAtMs },
  };
}

function denied(message: string): SigV4Error {
  return new SigV4Error({ kind: "sigV2Denied", message });
}

/** x-amz-date when present (then the Date line of the string to sign is empty), else Date. */
function requestTime(request: SignedRequest): number {
  const value = headerValue(request, "x-amz-date") ?? headerValue(request, "date");
  const parsed = value === undefined ? NaN : Date.parse(value);
  if (Number.isNaN(parsed)) throw denied("AWS authentication requires a valid Date or x-amz-date header");
  return parsed;
}

/** Checks the HMAC-SHA1 signature with the key's secret. Throws signatureMismatch with S3's StringToSign. */
export function verifySigV2(request: SignedRequest, auth: SigV4Auth, secretAccessKey: string): SigningContext {
  const signed = stringToSign(request, auth);
  const expected = crypto.createHmac("sha1", secretAccessKey).update(signed, "utf8").digest("base64");
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
    throw new SigV4Error({ kind: "signatureMismatch", stringToSign: signed });
  }
  // Nothing after the request is signed under SigV2 (no signed chunks or trailers): no key to hand on.
  return { signingKey: Buffer.alloc(0), scope: "", amzDate: auth.amzDate, signature: auth.signature };
}

export function stringToSign(request: SignedRequest, auth: SigV4Auth): string {
  const query = parseRawQuery(request.query);
  const date =
    auth.location === "query" ? (query.find(([name]) => name === "Expires")?.[1] ?? "") : headerValue(request, "x-amz-date") !== undefined ? "" : (headerValue(request, "date") ?? "");
  return [
    request.method.toUpperCase(),
    headerValue(request, "content-md5")?.trim() ?? "",
    headerValue(request, "content-type")?.trim() ?? "",
    date,
    `${amzHeaderLines(request, auth.location === "query" ? query : [])}${canonicalResource(request)}`,
  ].join("\n");
}

/** The x-amz-* headers (and, in a presigned URL, the x-amz-* parameters the client moved there), "name:value\n" sorted. */
function amzHeaderLines(request: SignedRequest, query: [string, string][]): string {
  const values = new Map<string, string[]>();
  for (const [name, list] of request.headers) {
    if (name.startsWith("x-amz-")) values.set(name, list.map((value) => value.trim()));
  }
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (lower.startsWith("x-amz-")) values.set(lower, [...(values.get(lower) ?? []), value.trim()]);
  }
  return [...values.keys()]
    .sort()
    .map((name) => `${name}:${values.get(name)!.join(",")}\n`)
    .join("");
}

/** "/bucket/key" as sent (the sandbox's /aws prefix left out), "/bucket/" for the bucket itself, and the signed sub-resources. */
function canonicalResource(request: SignedRequest): string {
  const path = withoutPrefix(request.path);
  const hostBucket = virtualHostBucket(headerValue(request, "host"));
  let resource = hostBucket !== undefined ? `/${hostBucket}${path}` : path;
  if (/^\/[^/]+$/.test(resource)) resource += "/";
  const subresources = rawPairs(request.query)
    .filter(([name]) => SIGNED_SUBRESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === undefined ? name : `${name}=${value}`));
  return subresources.length > 0 ? `${resource}?${subresources.join("&")}` : resource;
}

/** [name, decoded value or undefined when the pair had no "="], names as sent. */
function rawPairs(rawQuery: string): [string, string | undefined][] {
  return rawQuery
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      if (eq < 0) return [part, undefined];
      return [part.slice(0, eq), decodeValue(part.slice(eq + 1))];
    });
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SigV4Error({ kind: "malformed", message: "The query string contains a syntax error." });
  }
}

/** The names a SigV2 presigned URL adds to the query: not parameters of the operation. */
export function isSigV2QueryParameter(name: string): boolean {
  return (QUERY_PARAMETERS as readonly string[]).includes(name) || name === "x-amz-security-token";
}
