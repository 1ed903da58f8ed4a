/**
 * AWS Signature Version 4 verification, from the Authorization header or from presigned
 * query parameters, over the request exactly as it arrived on the wire.
 */
import crypto from "node:crypto";

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** Payload-hash values a client may put in x-amz-content-sha256 instead of a hex digest. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
export const STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
export const STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
const SPECIAL_PAYLOAD_HASHES = new Set([
  UNSIGNED_PAYLOAD,
  STREAMING_UNSIGNED_TRAILER,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
]);

/** The parts of an HTTP request SigV4 covers, as received. */
export interface SignedRequest {
  method: string;
  /** Raw path as the client sent it (percent-encoding untouched), without the query. */
  path: string;
  /** Raw query string without the "?"; "" when there is none. */
  query: string;
  /** Header values by lower-case name, in arrival order. */
  headers: ReadonlyMap<string, readonly string[]>;
}

export interface CredentialScope {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
}

export interface SigV4Auth {
  location: "header" | "query";
  scope: CredentialScope;
  signedHeaders: string[];
  signature: string;
  /** The request time as signed, yyyymmddThhmmssZ. */
  amzDate: string;
  /** Presigned URLs only: validity in seconds from amzDate. */
  expiresSeconds: number | null;
  /** Signed with S3's SigV2 (sigv2.ts): amzDate is the request's Date (header) or its arrival (query). */
  sigV2?: { expiresAtMs: number | null };
}

export type SigV4Failure =
  | { kind: "missing" }
  | { kind: "malformed"; message: string }
  | { kind: "unknownKey"; accessKeyId: string }
  /** canonicalRequest: SigV4 only (SigV2 signs a string of its own). */
  | { kind: "signatureMismatch"; canonicalRequest?: string; stringToSign: string }
  | { kind: "skewed"; requestTime: string; serverTime: string; future: boolean }
  | { kind: "presignExpired" }
  | { kind: "payloadHashMismatch"; claimed: string; computed: string }
  /** Temporary credentials without their session token, or with another one. */
  | { kind: "invalidToken" }
  /** Temporary credentials past their expiry. */
  | { kind: "expiredToken" }
  /** A credential scope naming a Region AWS does not have (core/regions.ts). */
  | { kind: "invalidRegion"; region: string }
  /** SigV2 (S3): a presigned URL without all its parameters or with a bad Expires, a header without a date; S3's AccessDenied wording. */
  | { kind: "sigV2Denied"; message: string }
  /** SigV2 (S3): an Authorization header S3 cannot split into key and signature; S3's InvalidArgument naming the header. */
  | { kind: "sigV2Invalid"; message: string; header: string };

export class SigV4Error extends Error {
  constructor(readonly failure: SigV4Failure) {
    super(`SigV4 verification failed: ${failure.kind}`);
  }
}

/** What later steps (signed chunks, signed trailers) need from a verified request. */
export interface SigningContext {
  signingKey: Buffer;
  /** "yyyymmdd/region/service/aws4_request" */
  scope: string;
  amzDate: string;
  signature: string;
}

function malformed(message: string): SigV4Error {
  return new SigV4Error({ kind: "malformed", message });
}

export function headerValue(request: SignedRequest, name: string): string | undefined {
  return request.headers.get(name)?.[0];
}

// ---------------------------------------------------------------- reading the auth

/** Finds and parses the SigV4 authentication of a request; throws SigV4Error (missing / malformed). */
export function readSigV4Auth(request: SignedRequest): SigV4Auth {
  const authorization = headerValue(request, "authorization");
  if (authorization !== undefined) return parseAuthorizationHeader(authorization, request);
  const query = parseRawQuery(request.query);
  if (query.some(([name]) => name === "X-Amz-Algorithm")) return parsePresignedQuery(query);
  throw new SigV4Error({ kind: "missing" });
}

function parseAuthorizationHeader(authorization: string, request: SignedRequest): SigV4Auth {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) throw malformed(`Unsupported Authorization Type`);
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields.get(name));
  if (missing.length > 0) {
    throw malformed(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" "));
  }
  return {
    location: "header",
    scope: parseCredential(fields.get("Credential")!),
    signedHeaders: parseSignedHeaders(fields.get("SignedHeaders")!),
    signature: fields.get("Signature")!,
    amzDate: requestTimeFromHeaders(request),
    expiresSeconds: null,
  };
}

function parsePresignedQuery(query: [string, string][]): SigV4Auth {
  const param = (name: string) => query.find(([key]) => key === name)?.[1];
  if (param("X-Amz-Algorithm") !== ALGORITHM) throw malformed("Unsupported Authorization Type");
  const required = ["X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date", "X-Amz-Expires"];
  const missing = required.filter((name) => !param(name));
  if (missing.length > 0) throw malformed(`Query-string authentication requires the ${missing.join(", ")} parameters`);
  const amzDate = param("X-Amz-Date")!;
  if (!parseAmzDate(amzDate)) throw malformed(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  const expires = Number(param("X-Amz-Expires"));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_EXPIRES_SECONDS) {
    throw malformed("X-Amz-Expires must be between 1 and 604800 seconds");
  }
  return {
    location: "query",
    scope: parseCredential(param("X-Amz-Credential")!),
    signedHeaders: parseSignedHeaders(param("X-Amz-SignedHeaders")!),
    signature: param("X-Amz-Signature")!,
    amzDate,
    expiresSeconds: expires,
  };
}

function parseCredential(credential: string): CredentialScope {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts.some((part) => part.length === 0)) {
    throw malformed(`Credential should be scoped to a valid region.`);
  }
  const [accessKeyId, date, region, service, terminator] = parts;
  if (terminator !== "aws4_request") throw malformed(`Credential should be scoped with a valid terminator: 'aws4_request'.`);
  if (!/^\d{8}$/.test(date)) throw malformed(`Credential should be scoped to a valid date.`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) throw malformed(`Credential should be scoped to a valid region.`);
  if (!/^[a-z0-9-]{1,64}$/.test(service)) throw malformed(`Credential should be scoped to correct service.`);
  return { accessKeyId, date, region, service };
}

function parseSignedHeaders(list: string): string[] {
  return list.split(";").map((name) => name.trim().toLowerCase());
}

/** X-Amz-Date (ISO 8601 basic) or, failing it, the Date header converted to that form. */
function requestTimeFromHeaders(request: SignedRequest): string {
  const amzDate = headerValue(request, "x-amz-date");
  if (amzDate !== undefined) {
    if (!parseAmzDate(amzDate)) throw malformed(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
    return amzDate;
  }
  const date = headerValue(request, "date");
  const parsed = date === undefined ? NaN : Date.parse(date);
  if (Number.isNaN(parsed)) {
    throw malformed(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  }
  return formatAmzDate(parsed);
}

/** "20130524T000000Z" -> epoch ms, or null. */
export function parseAmzDate(value: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return formatAmzDate(ms) === value ? ms : null;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

// ---------------------------------------------------------------- time

/** Rejects requests signed more than 15 minutes away from now, and presigned URLs past their expiry. */
export function checkRequestTime(auth: SigV4Auth, nowMs: number): void {
  const signedAt = parseAmzDate(auth.amzDate)!;
  if (auth.sigV2) {
    // A SigV2 presigned URL carries its expiry only; a signed header, its Date.
    if (auth.sigV2.expiresAtMs !== null) {
      if (nowMs > auth.sigV2.expiresAtMs) throw new SigV4Error({ kind: "presignExpired" });
      return;
    }
    if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) throw skewed(auth.amzDate, nowMs, signedAt > nowMs);
    return;
  }
  if (auth.scope.date !== auth.amzDate.slice(0, 8)) {
    throw malformed(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scope.date}' != '${auth.amzDate.slice(0, 8)}'`);
  }
  if (auth.expiresSeconds !== null) {
    if (nowMs > signedAt + auth.expiresSeconds * 1000) throw new SigV4Error({ kind: "presignExpired" });
    if (signedAt - nowMs > MAX_CLOCK_SKEW_MS) throw skewed(auth.amzDate, nowMs, true);
    return;
  }
  if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) throw skewed(auth.amzDate, nowMs, signedAt > nowMs);
}

function skewed(requestTime: string, nowMs: number, future: boolean): SigV4Error {
  return new SigV4Error({ kind: "skewed", requestTime, serverTime: formatAmzDate(nowMs), future });
}

// ---------------------------------------------------------------- payload

/** The payload hash the client signed: x-amz-content-sha256 when present, else the body's SHA-256. */
export function signedPayloadHash(request: SignedRequest, auth: SigV4Auth, body: Buffer): string {
  const claimed =
    headerValue(request, "x-amz-content-sha256") ??
    (auth.location === "query" ? parseRawQuery(request.query).find(([name]) => name === "X-Amz-Content-Sha256")?.[1] : undefined);
  if (claimed !== undefined) return claimed;
  // SigV2 signs no payload hash.
  if (auth.sigV2) return UNSIGNED_PAYLOAD;
  // S3 signs presigned URLs without the body (AWS documents UNSIGNED-PAYLOAD for them).
  if (auth.location === "query" && auth.scope.service === "s3") return UNSIGNED_PAYLOAD;
  return sha256Hex(body);
}

/** A hex x-amz-content-sha256 must match the body that arrived (S3's XAmzContentSHA256Mismatch). */
export function checkPayloadHash(payloadHash: string, body: Buffer): void {
  if (checkPayloadHashSyntax(payloadHash) === "special") return;
  checkPayloadSha256(payloadHash, sha256Hex(body));
}

/** A payload hash is one of the special values or 64 lower-case hex digits. */
export function checkPayloadHashSyntax(payloadHash: string): "special" | "sha256" {
  if (SPECIAL_PAYLOAD_HASHES.has(payloadHash)) return "special";
  if (!/^[0-9a-f]{64}$/.test(payloadHash)) throw malformed(`x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a valid sha256 value.`);
  return "sha256";
}

/** The SHA-256 of the body that arrived (computed as it streamed) against the one signed. */
export function checkPayloadSha256(payloadHash: string, computed: string): void {
  if (computed !== payloadHash) throw new SigV4Error({ kind: "payloadHashMismatch", claimed: payloadHash, computed });
}

// ---------------------------------------------------------------- signature

/** Checks the signature with the key's secret; returns what signed chunks need. Throws signatureMismatch. */
export function verifySigV4(request: SignedRequest, auth: SigV4Auth, secretAccessKey: string, payloadHash: string): SigningContext {
  const canonical = canonicalRequest(request, auth, payloadHash);
  const scope = `${auth.scope.date}/${auth.scope.region}/${auth.scope.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${auth.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const signingKey = deriveSigningKey(secretAccessKey, auth.scope.date, auth.scope.region, auth.scope.service);
  const expected = hmacHex(signingKey, stringToSign);
  if (!hexEquals(expected, auth.signature)) {
    throw new SigV4Error({ kind: "signatureMismatch", canonicalRequest: canonical, stringToSign });
  }
  return { signingKey, scope, amzDate: auth.amzDate, signature: auth.signature };
}

export function canonicalRequest(request: SignedRequest, auth: SigV4Auth, payloadHash: string): string {
  const signedHeaders = [...auth.signedHeaders].sort();
  const headerLines = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers.get(name))}`);
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path, auth.scope.service),
    canonicalQuery(request.query, auth.location === "query"),
    ...headerLines,
    "",
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

/**
 * S3 signs the path as sent. Every other service signs it normalised (no empty, "." or ".."
 * segments) and URI-encoded once more — the SDKs and the CLI encode their already-encoded path again.
 */
export function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === "" ? "/" : rawPath;
  if (service === "s3") return path;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailingSlash = segments.length > 0 && path.endsWith("/") ? "/" : "";
  const normalized = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${trailingSlash}`;
  return rfc3986Encode(normalized).replace(/%2F/g, "/");
}

/** Query parameters decoded, re-encoded per RFC 3986 and sorted; X-Amz-Signature left out of presigned URLs. */
export function canonicalQuery(rawQuery: string, presigned: boolean): string {
  return parseRawQuery(rawQuery)
    .filter(([name]) => !(presigned && name === "X-Amz-Signature"))
    .map(([name, value]) => [rfc3986Encode(name), rfc3986Encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

function canonicalHeaderValue(values: readonly string[] | undefined): string {
  return (values ?? []).map((value) => value.trim().replace(/\s+/g, " ")).join(",");
}

/** Splits "a=1&b&c=" into [name, value] pairs, each part decoded by `decode`. */
export function splitQueryPairs(text: string, decode: (part: string) => string): [string, string][] {
  if (text === "") return [];
  return text
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? "" : part.slice(eq + 1);
      return [decode(name), decode(value)];
    });
}

/** Splits a raw query into decoded [name, value] pairs ("+" stays "+", as SigV4 has it). */
export function parseRawQuery(rawQuery: string): [string, string][] {
  return splitQueryPairs(rawQuery, percentDecode);
}

function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw malformed("The query string contains a syntax error.");
  }
}

export function rfc3986Encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// ---------------------------------------------------------------- crypto

const signingKeyCache = new Map<string, Buffer>();
const SIGNING_KEY_CACHE_LIMIT = 1000;

/** kSigning = HMAC chain over date, region, service, "aws4_request"; cached (it changes once a day per key). */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secretAccessKey}\n${date}\n${region}\n${service}`;
  const cached = signingKeyCache.get(cacheKey);
  if (cached) return cached;
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const key = hmac(hmac(hmac(kDate, region), service), "aws4_request");
  if (signingKeyCache.size >= SIGNING_KEY_CACHE_LIMIT) signingKeyCache.clear();
  signingKeyCache.set(cacheKey, key);
  return key;
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return crypto.createHmac("sha256", key).update(data, "utf8").digest();
}

export function hmacHex(key: Buffer, data: string): string {
  return crypto.createHmac("sha256", key).update(data, "utf8").digest("hex");
}

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

export function hexEquals(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(actual, "utf8");
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
