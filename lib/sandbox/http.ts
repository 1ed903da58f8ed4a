/**
 * The sandbox's HTTP entry: reads the raw request, verifies SigV4, finds the account by access
 * key, dispatches by the credential scope's service, runs the operation on the account's state,
 * logs the call and answers in the service's own wire format.
 */
import "server-only";
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { callerFor, findAccessKey, type AccessKeyRecord } from "./accounts";
import { recordActivity, summarizeQueryParams } from "./core/activity";
import { authFailureError } from "./core/auth-errors";
import { checkDecodedLength, chunkedModeOf, decodeAwsChunked } from "./core/aws-chunked";
import { BodyTooLarge, openPayloadStream } from "./core/payload-stream";
import { AccountBusy, withFairShare } from "./core/fair-share";
import { verifyPayloadChecksums } from "./core/checksums";
import { recentlyCreatedIds, recordCreatedIds, withHiddenIds } from "./core/consistency";
import { AwsError, entityTooLarge, internalError, invalidAction, invalidRequestMissingContentSha256, missingAction, notImplementedService, serializationException, throttlingError, unknownOperationException } from "./core/errors";
import { renderError, xmlResponse, type WireResponse } from "./core/error-response";
import type { ErrorStyle } from "./core/error-style";
import { consistencyWindowMs, drawThrottle, injectLatency } from "./core/faults";
import { validateQueryInput } from "./core/inputs";
import { validateJsonInput } from "./core/json-inputs";
import { parseFormEncoded, parseQueryParams, serializeQueryResponse } from "./core/query-protocol";
import { sandboxDelays } from "./core/settings";
import { noteSandboxRequestServed } from "./core/serving";
import {
  checkPayloadHash,
  checkPayloadHashSyntax,
  checkRequestTime,
  headerValue,
  parseRawQuery,
  readSigV4Auth,
  signedPayloadHash,
  SigV4Error,
  verifySigV4,
  type SignedRequest,
  type SigV4Auth,
  type SigningContext,
} from "./core/sigv4";
import { isSigV2, isSigV2QueryParameter, readSigV2Auth, verifySigV2 } from "./core/sigv2";
import { isKnownRegion } from "./core/regions";
import { runOnState, stateKey } from "./core/state-store";
import { parseUntrustedJson } from "./core/untrusted-input";
import type { JsonInput, JsonService, QueryParams, QueryService, RequestContext, RestRequest, RestService } from "./core/types";
import { isFaultsApiRequest, serveFaultsApi } from "./faults-api";
import { FALLBACK_ERROR_STYLE, sandboxRegistry, type SandboxRegistry } from "./registry";
import { s3AddressOf, virtualHostBucket } from "./s3/protocol/address";

/**
 * Body caps, checked on the declared Content-Length before reading and on the bytes as they
 * arrive. AWS documents no request size for its Query and JSON APIs; their largest documented
 * parameters are far below 1 MiB (EC2 user data 16 KB, an IAM policy 10,240 characters, an SSM
 * command's parameters 8 KB a value). S3 accepts 5 GiB in one PUT or part: object bytes are
 * streamed to storage in chunks, never held whole, so the sandbox takes S3's own cap (the
 * account's storage quota usually stops an upload first). S3's other bodies are XML documents,
 * read whole: the largest (DeleteObjects' 1,000 keys, CompleteMultipartUpload's 10,000 parts)
 * stay under 8 MiB. See docs/limits.md.
 */
export const MAX_QUERY_BODY_BYTES = 1024 * 1024;
export const MAX_S3_BODY_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_S3_DOCUMENT_BYTES = 8 * 1024 * 1024;
/** aws-chunked framing around a payload: a chunk line and a signature a 64 KiB chunk at most. */
const chunkedFramingAllowance = (cap: number) => cap / 64;
/** Of a request that is not authenticated, only this much is read: enough to tell which service it meant. */
export const UNAUTHENTICATED_BODY_BYTES = 64 * 1024;

/**
 * Whether the request is for the sandbox: the path `/aws`, `/aws/…` or `/aws?…`, or any path on
 * a virtual-hosted S3 host (`<bucket>.s3.localhost`, see s3/protocol/address.ts).
 */
export function isSandboxRequest(req: IncomingMessage): boolean {
  const url = req.url ?? "";
  if (url === "/aws" || url.startsWith("/aws/") || url.startsWith("/aws?")) return true;
  return virtualHostBucket(req.headers?.host) !== undefined;
}

/** What is known about a call as it goes through the pipeline; the activity log is written from it. */
interface CallRecord {
  requestId: string;
  receivedAt: number;
  style: ErrorStyle;
  signingName: string;
  key: AccessKeyRecord | null;
  action: string | null;
  summary: string;
  /** The signature the client sent (S3 echoes it in SignatureDoesNotMatch). */
  signature: string;
}

interface BodyRead {
  bytes: Buffer;
  /** The client sent more than the limit; the rest is left unread (the connection is then closed). */
  truncated: boolean;
}

/** Reads the body up to `limit` bytes and stops there, leaving the rest unread. */
function readBodyUpTo(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (truncated: boolean) => {
      req.off("data", onData).off("end", onEnd).off("error", reject).off("close", onClose);
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      resolve({ bytes, truncated });
    };
    const onData = (chunk: Buffer) => {
      const room = limit - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) {
        req.pause();
        finish(true);
      }
    };
    const onEnd = () => finish(false);
    const onClose = () => {
      if (!req.complete) reject(new Error("request aborted"));
    };
    req.on("data", onData).on("end", onEnd).on("error", reject).on("close", onClose);
  });
}

/** What a request's body may hold: `cap` bytes of payload, plus framing around them, as declared or as sent. */
interface BodyLimit {
  cap: number;
  framing: number;
  /** The payload size the client announced (x-amz-decoded-content-length, else Content-Length). */
  proposed?: number;
}

/** The whole body, refused with BodyTooLarge (before reading anything when the declared size says so). */
async function readBody(req: IncomingMessage, limit: BodyLimit): Promise<Buffer> {
  if (limit.proposed !== undefined && limit.proposed > limit.cap) throw new BodyTooLarge(limit.cap, limit.proposed);
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit.cap + limit.framing) throw new BodyTooLarge(limit.cap, declared);
  const read = await readBodyUpTo(req, limit.cap + limit.framing);
  if (read.truncated) throw new BodyTooLarge(limit.cap);
  return read.bytes;
}

/** The body cap of a protocol (undefined: a service the sandbox does not serve, whose body only needs authenticating). */
function bodyLimitOf(protocol: "query" | "json" | "rest" | undefined, request: SignedRequest): BodyLimit {
  if (protocol === undefined) return { cap: UNAUTHENTICATED_BODY_BYTES, framing: 0 };
  if (protocol !== "rest") return { cap: MAX_QUERY_BODY_BYTES, framing: 0 };
  const decoded = Number(headerValue(request, "x-amz-decoded-content-length") ?? Number.NaN);
  const cap = MAX_S3_DOCUMENT_BYTES;
  if (Number.isSafeInteger(decoded) && decoded >= 0) return { cap, framing: chunkedFramingAllowance(cap), proposed: decoded };
  return { cap, framing: 0 };
}

function headerMap(req: IncomingMessage): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const values = headers.get(name);
    if (values) values.push(raw[i + 1]);
    else headers.set(name, [raw[i + 1]]);
  }
  return headers;
}

/** The SigV4 view of an incoming request: raw path and query as sent, headers by lower-case name. */
export function signedRequestOf(req: IncomingMessage): SignedRequest {
  const url = req.url ?? "/";
  const mark = url.indexOf("?");
  return {
    method: req.method ?? "GET",
    path: mark < 0 ? url : url.slice(0, mark),
    query: mark < 0 ? "" : url.slice(mark + 1),
    headers: headerMap(req),
  };
}

/** Resolves when the response can take more bytes; false when the client has gone. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      res.off("drain", onDrain).off("close", onClose);
      resolve(open);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on("drain", onDrain).on("close", onClose);
  });
}

/**
 * A streamed body (an S3 object read chunk by chunk), written as fast as the client reads it. Its
 * Content-Length was sent first: a read that fails half-way cuts the connection, and the client
 * sees a short body, never a complete-looking wrong one.
 */
async function sendStream(res: ServerResponse, response: WireResponse, body: AsyncIterable<Buffer>): Promise<void> {
  res.writeHead(response.status, response.headers);
  const pieces = body[Symbol.asyncIterator]();
  try {
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) {
      if (!res.write(next.value) && !(await drained(res))) break;
    }
    res.end();
  } catch (error) {
    console.error("sandbox: a streamed response failed half-way", error);
    res.destroy();
  } finally {
    await pieces.return?.();
  }
}

async function send(res: ServerResponse, response: WireResponse): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  if (typeof response.body !== "string" && !Buffer.isBuffer(response.body)) return sendStream(res, response, response.body);
  const body = typeof response.body === "string" ? Buffer.from(response.body, "utf8") : response.body;
  res.writeHead(response.status, { "Content-Length": String(body.length), ...response.headers });
  res.end(body);
}

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const LINGER_MS = 1000;

/**
 * After answering a request whose body was left unread: what the client still sends is read and
 * dropped, never kept, for LINGER_MS, then the connection is closed. Closing at once would reset
 * the connection under a client still sending, and the reset can destroy the answer before the
 * client reads it (the "lingering close" of RFC 9112 section 9.6).
 */
function closeAfterLinger(req: IncomingMessage): void {
  let lingering = true;
  // After a long turn of the event loop the timer runs before the socket is read again: the body's
  // end (and the client's next request behind it) may have arrived in time and still wait in the
  // kernel. setImmediate runs after the poll phase has read them; a body that ended is not cut.
  const timer = setTimeout(() => setImmediate(() => lingering && req.socket.destroy()), LINGER_MS);
  timer.unref();
  // A keep-alive socket serves many requests: each leaves no listener behind on it.
  const stop = () => {
    lingering = false;
    clearTimeout(timer);
    req.off("end", stop);
    req.socket.off("close", stop);
  };
  req.once("end", stop);
  req.socket.once("close", stop);
  req.resume();
}

// ---------------------------------------------------------------- reading and authenticating

/** The Query parameters of a request: the URL's (minus presigning's X-Amz-*) and a form body's. */
function queryParamsOf(request: SignedRequest, body: Buffer): QueryParams {
  const pairs = parseFormEncoded(request.query).filter(([name]) => !name.startsWith("X-Amz-"));
  const contentType = headerValue(request, "content-type") ?? "";
  const formBody = contentType === "" || contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
  if (formBody && body.length > 0) pairs.push(...parseFormEncoded(body.toString("utf8")));
  return parseQueryParams(pairs);
}

/** S3 is the one service addressed by path (a bucket after /aws/) or by a bucket host. */
function looksLikeS3(request: SignedRequest): boolean {
  if (virtualHostBucket(headerValue(request, "host")) !== undefined) return true;
  return /^\/aws\/[^/]/.test(request.path);
}

function recogniseUnsigned(registry: SandboxRegistry, request: SignedRequest, body: Buffer): string | undefined {
  const target = headerValue(request, "x-amz-target");
  if (target !== undefined) return registry.recognise({ target });
  if (looksLikeS3(request)) return "s3";
  try {
    const version = queryParamsOf(request, body).Version;
    return registry.recognise({ queryVersion: typeof version === "string" ? version : undefined });
  } catch {
    return undefined;
  }
}

interface Authenticated {
  auth: SigV4Auth;
  key: AccessKeyRecord;
  signing: SigningContext;
  payloadHash: string;
}

/** Temporary credentials count only with their session token (header, or query when presigned), and only until they expire. */
function checkSessionToken(request: SignedRequest, key: AccessKeyRecord, now: number): void {
  if (!key.session) return;
  // SigV4 presigned URLs name it X-Amz-Security-Token; SigV2 ones (botocore), x-amz-security-token.
  const presigned = parseRawQuery(request.query).find(([name]) => name === "X-Amz-Security-Token" || name === "x-amz-security-token")?.[1];
  const token = headerValue(request, "x-amz-security-token") ?? presigned;
  if (token !== key.session.sessionToken) throw new SigV4Error({ kind: "invalidToken" });
  if (now >= key.session.expiresAt) throw new SigV4Error({ kind: "expiredToken" });
}

/**
 * Who is calling, before any of the body is read: the scope's Region must be one AWS has, the key
 * must exist, its session token match and the request time be current.
 */
async function identifyCaller(call: CallRecord, request: SignedRequest, auth: SigV4Auth): Promise<AccessKeyRecord> {
  if (!isKnownRegion(auth.scope.region)) throw new SigV4Error({ kind: "invalidRegion", region: auth.scope.region });
  const key = await findAccessKey(auth.scope.accessKeyId);
  if (!key) throw new SigV4Error({ kind: "unknownKey", accessKeyId: auth.scope.accessKeyId });
  call.key = key;
  checkSessionToken(request, key, call.receivedAt);
  checkRequestTime(auth, call.receivedAt);
  return key;
}

/** The signature over the request and its body, with the caller's secret. */
function authenticate(request: SignedRequest, body: Buffer, auth: SigV4Auth, key: AccessKeyRecord): Authenticated {
  const payloadHash = signedPayloadHash(request, auth, body);
  const signing = verifySignature(request, auth, key.secretAccessKey, payloadHash);
  if (headerValue(request, "x-amz-content-sha256") !== undefined) checkPayloadHash(payloadHash, body);
  return { auth, key, signing, payloadHash };
}

/**
 * The signature of a request whose payload is streamed: checked before any of the body is read,
 * over the payload hash the client declared (the payload is checked against it as it arrives).
 */
function authenticateBeforeBody(request: SignedRequest, auth: SigV4Auth, key: AccessKeyRecord): Authenticated {
  const claimed = headerValue(request, "x-amz-content-sha256");
  if (claimed === undefined && auth.location !== "query" && !auth.sigV2) {
    throw invalidRequestMissingContentSha256();
  }
  const payloadHash = signedPayloadHash(request, auth, Buffer.alloc(0));
  const signing = verifySignature(request, auth, key.secretAccessKey, payloadHash);
  checkPayloadHashSyntax(payloadHash);
  return { auth, key, signing, payloadHash };
}

function verifySignature(request: SignedRequest, auth: SigV4Auth, secretAccessKey: string, payloadHash: string): SigningContext {
  return auth.sigV2 ? verifySigV2(request, auth, secretAccessKey) : verifySigV4(request, auth, secretAccessKey, payloadHash);
}

/** The request's SigV4 (or S3's SigV2) auth, or the reason there is none (thrown once the service's error style is known). */
function readAuthOrFailure(request: SignedRequest): SigV4Auth | SigV4Error {
  try {
    return isSigV2(request) ? readSigV2Auth(request) : readSigV4Auth(request);
  } catch (error) {
    if (error instanceof SigV4Error) return error;
    throw error;
  }
}

/** The signing name of an Authorization header too malformed to parse fully, to answer in the right format. */
function lenientSigningName(request: SignedRequest): string | undefined {
  const credential = /Credential=([^,\s]+)/.exec(headerValue(request, "authorization") ?? "")?.[1];
  return credential?.split("/")[3];
}

/** Undoes aws-chunked framing and checks Content-MD5 / x-amz-checksum-*: the payload the operation sees. */
function decodedPayload(request: SignedRequest, body: Buffer, authenticated: Authenticated): Buffer {
  const mode = chunkedModeOf(authenticated.payloadHash);
  const header = (name: string) => headerValue(request, name);
  if (mode === null) {
    verifyPayloadChecksums(header, new Map(), body);
    return body;
  }
  const decoded = decodeAwsChunked(body, mode, authenticated.signing);
  checkDecodedLength(decoded.payload, header("x-amz-decoded-content-length"));
  verifyPayloadChecksums(header, decoded.trailers, decoded.payload);
  return decoded.payload;
}

/** How a streamed payload is read: S3's cap, the framing mode and the digests the client declared. */
function streamOptionsOf(request: SignedRequest, authenticated: Authenticated) {
  return {
    cap: MAX_S3_BODY_BYTES,
    framing: chunkedFramingAllowance(MAX_S3_BODY_BYTES),
    mode: chunkedModeOf(authenticated.payloadHash),
    signing: authenticated.signing,
    payloadHash: authenticated.payloadHash,
    header: (name: string) => headerValue(request, name),
  };
}

// ---------------------------------------------------------------- dispatch

/** The state, context and bookkeeping every operation runs with, whatever its protocol. */
interface ServiceShape<S> {
  name: string;
  regional: boolean;
  initialState(ctx: RequestContext): S;
  initialStateIsFixed?: boolean;
  advance?(state: S, now: number, delays: RequestContext["delays"]): boolean;
  transitionsDue?(state: S, now: number): boolean;
  trackedResourceIds?(state: S): Iterable<string>;
}

/** Injected throttling (core/faults.ts): the call is refused with its service's error before it touches any state. */
function throttleByFault(call: CallRecord): void {
  if (drawThrottle()) throw throttlingError(call.style);
}

/**
 * Injected eventual consistency (core/consistency.ts): the call runs blind to what was created
 * within the window, and what it creates itself is noted. Only for services that track ids.
 */
function withConsistencyWindow<S>(
  service: ServiceShape<S>,
  scope: string,
  mutates: boolean,
  respond: (state: S, ctx: RequestContext) => WireResponse | Promise<WireResponse>,
): (state: S, ctx: RequestContext) => Promise<WireResponse> {
  return async (state, ctx) => {
    const windowMs = consistencyWindowMs();
    const tracked = service.trackedResourceIds;
    if (windowMs <= 0 || !tracked) return respond(state, ctx);
    const hidden = recentlyCreatedIds(scope, ctx.now, windowMs);
    if (!mutates) return withHiddenIds(hidden, () => respond(state, ctx));
    const before = new Set(tracked(state));
    const response = await withHiddenIds(hidden, () => respond(state, ctx));
    recordCreatedIds(scope, [...tracked(state)].filter((id) => !before.has(id)), ctx.now);
    return response;
  };
}

function runOperation<S>(
  call: CallRecord,
  service: ServiceShape<S>,
  operation: { mutates: boolean },
  authenticated: Authenticated,
  respond: (state: S, ctx: RequestContext) => WireResponse | Promise<WireResponse>,
): Promise<WireResponse> {
  const { key, auth } = authenticated;
  const ctx: RequestContext = {
    accountId: key.accountId,
    region: auth.scope.region,
    requestId: call.requestId,
    now: call.receivedAt,
    caller: callerFor(key),
    delays: sandboxDelays(),
  };
  const access = {
    accountId: key.accountId,
    service: service.name,
    region: service.regional ? auth.scope.region : null,
    action: call.action ?? "-",
    mutates: operation.mutates,
    initialState: () => service.initialState(ctx),
    initialStateIsFixed: service.initialStateIsFixed,
    advance: service.advance ? (state: S) => service.advance!(state, ctx.now, ctx.delays) : undefined,
    transitionsDue: service.transitionsDue ? (state: S) => service.transitionsDue!(state, ctx.now) : undefined,
  };
  const scope = `${key.accountId}\n${stateKey(service.name, access.region)}`;
  const run = withConsistencyWindow(service, scope, operation.mutates, respond);
  return runOnState(access, (state) => run(state, ctx));
}

function runQueryCall(
  call: CallRecord,
  service: QueryService<unknown>,
  request: SignedRequest,
  payload: Buffer,
  authenticated: Authenticated,
): Promise<WireResponse> {
  const params = queryParamsOf(request, payload);
  const action = params.Action;
  if (typeof action !== "string" || action === "") {
    throw missingAction(service.errorFormat);
  }
  call.action = action;
  call.summary = summarizeQueryParams(params);
  const operation = Object.hasOwn(service.operations, action) ? service.operations[action] : undefined;
  if (!operation) throw invalidAction(action);
  // Throttling is AWS's front door: a throttled call is refused before its parameters are read.
  throttleByFault(call);
  validateQueryInput(params, operation.input, service.inputDialect);
  return runOperation(call, service, operation, authenticated, async (state, ctx) => {
    const xml = serializeQueryResponse(service, action, await operation.run(params, ctx, state), call.requestId);
    return xmlResponse(200, xml, { "x-amzn-RequestId": call.requestId });
  });
}

/** AWS JSON 1.1: the operation is named by X-Amz-Target ("AmazonSSM.SendCommand"), the input is the JSON body. */
function jsonInputOf(payload: Buffer): JsonInput {
  if (payload.length === 0) return {};
  let input: unknown;
  try {
    input = parseUntrustedJson(payload.toString("utf8"));
  } catch {
    throw serializationException();
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw serializationException();
  }
  return input as JsonInput;
}

function runJsonCall(
  call: CallRecord,
  service: JsonService<unknown>,
  request: SignedRequest,
  payload: Buffer,
  authenticated: Authenticated,
): Promise<WireResponse> {
  const target = headerValue(request, "x-amz-target") ?? "";
  const action = target.startsWith(`${service.targetPrefix}.`) ? target.slice(service.targetPrefix.length + 1) : "";
  call.action = action || target || "-";
  const operation = action && Object.hasOwn(service.operations, action) ? service.operations[action] : undefined;
  if (!operation) throw unknownOperationException(target);
  const input = jsonInputOf(payload);
  call.summary = Object.keys(input).join(", ");
  throttleByFault(call);
  validateJsonInput(input, operation.input, service.inputDialect);
  return runOperation(call, service, operation, authenticated, async (state, ctx) => ({
    status: 200,
    headers: { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": call.requestId },
    body: JSON.stringify((await operation.run(input, ctx, state)) ?? {}),
  }));
}

/** The operation a REST request names, or "-" when it names none (the service then answers why). */
function restOperationName(service: RestService, request: RestRequest): string {
  try {
    return service.operationName?.(request) ?? "-";
  } catch {
    return "-";
  }
}

/** A REST request as the service sees it: the address from the raw path, its query, headers and caller's address; the body comes later. */
function restRequestOf(request: SignedRequest, sourceIp: string): RestRequest {
  const address = s3AddressOf(request.path, headerValue(request, "host"));
  return {
    method: request.method.toUpperCase(),
    ...address,
    query: parseRawQuery(request.query).filter(([name]) => !name.startsWith("X-Amz-") && name !== "x-id" && !isSigV2QueryParameter(name)),
    header: (name) => headerValue(request, name),
    headers: request.headers,
    body: Buffer.alloc(0),
    sourceIp,
  };
}

/** Whether a REST operation takes its payload as a stream (a request that does not parse as one is read whole, and answered). */
function streamsPayload(service: RestService, rest: RestRequest): boolean {
  try {
    return service.streamsPayload?.(rest) ?? false;
  } catch {
    return false;
  }
}

/** S3 and other REST services: the caller, and the service does the rest. */
async function runRestCall(call: CallRecord, service: RestService, rest: RestRequest, authenticated: Authenticated): Promise<WireResponse> {
  const { key, auth } = authenticated;
  const ctx: RequestContext = {
    accountId: key.accountId,
    region: auth.scope.region,
    requestId: call.requestId,
    now: call.receivedAt,
    caller: callerFor(key),
    delays: sandboxDelays(),
  };
  const info = { action: "-", summary: "" };
  try {
    info.action = restOperationName(service, rest);
    throttleByFault(call);
    return await service.handle(rest, ctx, info);
  } finally {
    call.action = info.action;
    call.summary = info.summary;
  }
}

/** The caller's address without the IPv4-mapped prefix ("::ffff:127.0.0.1" -> "127.0.0.1"). */
function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "0.0.0.0";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/**
 * A request without usable SigV4 auth: at most UNAUTHENTICATED_BODY_BYTES of its body are read,
 * only to tell which service it meant (a Query body's Version), then its service's error is thrown.
 */
async function refuseUnauthenticated(registry: SandboxRegistry, call: CallRecord, req: IncomingMessage, request: SignedRequest, failure: SigV4Error): Promise<never> {
  call.signingName = lenientSigningName(request) ?? "";
  if (!call.signingName) {
    // A body announced as larger than the peek is not waited for: the answer comes in the fallback style.
    const declared = Number(req.headers["content-length"] ?? 0);
    const { bytes } = declared <= UNAUTHENTICATED_BODY_BYTES ? await readBodyUpTo(req, UNAUTHENTICATED_BODY_BYTES) : { bytes: Buffer.alloc(0) };
    call.signingName = recogniseUnsigned(registry, request, bytes) ?? "";
  }
  call.style = registry.errorStyle(call.signingName);
  throw failure;
}

async function processRequest(registry: SandboxRegistry, call: CallRecord, req: IncomingMessage): Promise<WireResponse> {
  const request = signedRequestOf(req);
  await injectLatency();
  const auth = readAuthOrFailure(request);
  if (auth instanceof SigV4Error) return refuseUnauthenticated(registry, call, req, request, auth);
  call.signature = auth.signature;
  call.signingName = auth.scope.service;
  call.style = registry.errorStyle(call.signingName);
  const key = await identifyCaller(call, request, auth);
  return withFairShare(key.accountId, () => processAuthorisedRequest(registry, call, req, request, auth, key));
}

/** The rest of a call whose key is known: one of its account's fair share of calls in progress (core/fair-share.ts). */
async function processAuthorisedRequest(
  registry: SandboxRegistry,
  call: CallRecord,
  req: IncomingMessage,
  request: SignedRequest,
  auth: SigV4Auth,
  key: AccessKeyRecord,
): Promise<WireResponse> {
  const implementation = registry.implementation(call.signingName);
  if (implementation?.protocol === "rest") {
    const rest = restRequestOf(request, sourceIpOf(req));
    if (streamsPayload(implementation.service, rest)) {
      const authenticated = authenticateBeforeBody(request, auth, key);
      rest.payload = openPayloadStream(req, streamOptionsOf(request, authenticated));
      return runRestCall(call, implementation.service, rest, authenticated);
    }
  }
  const body = await readBody(req, bodyLimitOf(implementation?.protocol, request));
  const authenticated = authenticate(request, body, auth, key);
  const payload = decodedPayload(request, body, authenticated);
  if (!implementation) {
    throw notImplementedService(call.signingName);
  }
  if (implementation.protocol === "json") return runJsonCall(call, implementation.service, request, payload, authenticated);
  if (implementation.protocol === "rest") return runRestCall(call, implementation.service, { ...restRequestOf(request, sourceIpOf(req)), body: payload }, authenticated);
  return runQueryCall(call, implementation.service, request, payload, authenticated);
}

// ---------------------------------------------------------------- entry

function logCall(call: CallRecord, req: IncomingMessage, status: number, errorCode: string | null): void {
  if (!call.key) return;
  recordActivity({
    at: new Date(call.receivedAt),
    accountId: call.key.accountId,
    requestId: call.requestId,
    caller: callerFor(call.key).arn,
    accessKeyId: call.key.accessKeyId,
    service: call.signingName,
    action: call.action ?? "-",
    summary: call.summary,
    httpStatus: status,
    errorCode,
    sourceIp: req.socket.remoteAddress ?? null,
    userAgent: req.headers["user-agent"]?.slice(0, 500) ?? null,
  });
}

function awsErrorOf(call: CallRecord, error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof BodyTooLarge) return entityTooLarge(error.maxBytes, error.proposedBytes);
  if (error instanceof AccountBusy) return throttlingError(call.style);
  if (error instanceof SigV4Error) {
    return authFailureError(call.style, error.failure, {
      service: call.signingName,
      accessKeyId: call.key?.accessKeyId,
      signature: call.signature,
      serverTimeMs: call.receivedAt,
    });
  }
  console.error(`sandbox: ${call.signingName || "?"}:${call.action ?? "?"} failed (request ${call.requestId})`, error);
  return internalError(call.style);
}

function newCallRecord(): CallRecord {
  return {
    requestId: crypto.randomUUID(),
    receivedAt: Date.now(),
    style: FALLBACK_ERROR_STYLE,
    signingName: "",
    key: null,
    action: null,
    summary: "",
    signature: "",
  };
}

/** Builds the /aws handler over a registry (tests pass their own services). */
export function createSandboxHandler(registry: SandboxRegistry) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (isFaultsApiRequest(req)) return serveFaultsApi(req, res);
    noteSandboxRequestServed();
    const call = newCallRecord();
    let response: WireResponse;
    let errorCode: string | null = null;
    try {
      response = await processRequest(registry, call, req);
    } catch (error) {
      if (req.destroyed && !req.complete) return;
      const awsError = awsErrorOf(call, error);
      response = renderError(call.style, awsError, call.requestId);
      errorCode = awsError.code;
    }
    // A body left unread (refused before authentication, or over the cap) is dropped, then the connection closed.
    if (!req.complete) closeAfterLinger(req);
    try {
      await send(res, response);
    } catch (error) {
      console.error(`sandbox: could not send the response to request ${call.requestId}`, error);
      res.destroy();
    }
    logCall(call, req, response.status, errorCode);
  };
}

/** The /aws endpoint of the app (server.ts routes every sandbox request here). Never throws. */
export const handleSandboxRequest = createSandboxHandler(sandboxRegistry);
