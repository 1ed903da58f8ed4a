/**
 * Turns calls into requests on the wire: encoded per protocol, then signed correctly, signed
 * wrongly (bad signature, unknown key, skewed clock, made-up region, another service's scope…)
 * or not at all. Each request carries the error envelopes its answer may use.
 */
import crypto from "node:crypto";
import { type Call, type CallContext, type ServiceName, validCall, withContentMd5 } from "./calls";
import { mutateCall } from "./mutations";
import type { Random } from "./random";
import { type Credentials, type RawRequest, signRequest } from "./wire";

/** AWS's error envelopes: EC2's Response/Errors, IAM's and STS's ErrorResponse (each its xmlns), S3's Error, JSON's __type. */
export type ErrorFamily = "ec2" | "iam" | "sts" | "s3" | "json" | "fallback";

export const FAMILY_OF_SERVICE: Record<ServiceName, ErrorFamily> = {
  ec2: "ec2",
  iam: "iam",
  sts: "sts",
  s3: "s3",
  ssm: "json",
  "ec2-instance-connect": "json",
};

export const SERVICES: readonly ServiceName[] = ["ec2", "s3", "iam", "sts", "ssm", "ec2-instance-connect"];

const SERVICE_WEIGHTS: [number, ServiceName][] = [
  [40, "ec2"],
  [22, "s3"],
  [12, "iam"],
  [6, "sts"],
  [14, "ssm"],
  [6, "ec2-instance-connect"],
];

type AuthMode =
  | "signed"
  | "signed, other region"
  | "unsigned"
  | "bad signature"
  | "body changed after signing"
  | "unknown key"
  | "wrong secret"
  | "skewed clock"
  | "made-up region"
  | "other service's scope"
  | "garbage Authorization";

const AUTH_WEIGHTS: [number, AuthMode][] = [
  [60, "signed"],
  [5, "signed, other region"],
  [8, "unsigned"],
  [4, "bad signature"],
  [3, "body changed after signing"],
  [3, "unknown key"],
  [3, "wrong secret"],
  [3, "skewed clock"],
  [5, "made-up region"],
  [3, "other service's scope"],
  [3, "garbage Authorization"],
];

const MADE_UP_REGIONS = ["xx-fuzz-1", "us-east-1x", "__proto__", "constructor", "US-EAST-1", "toString", "r".repeat(64)];

export interface FuzzRequest {
  /** What was sent, for failure reports: service, operation, mutations, auth. */
  label: string;
  service: ServiceName;
  /** The envelopes an error answer may use. */
  families: ErrorFamily[];
  request: RawRequest;
  /** Signed correctly with the tenant's key, in a real region: the call is the tenant's, and logged as such. */
  authenticates: boolean;
}

export interface Tenant {
  accountId: string;
  credentials: Credentials;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes the UTF-8 of `text`; a lone surrogate (a mutation may cut a pair) becomes U+FFFD, as Buffer writes it. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, "\uFFFD"));
}

function formOf(params: [string, string][]): string {
  return params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join("&");
}

const MAX_URL_QUERY = 6_000;

/** Bodies above this may be refused before authentication (AWS's body caps): such calls need not be logged. */
const MAX_LOGGED_BODY = 64 * 1024;

function encodeCall(call: Call, host: string, random: Random): RawRequest {
  if (call.protocol === "query") {
    const form = formOf(call.params);
    if (form.length < MAX_URL_QUERY && random.chance(0.25)) return { method: "GET", path: `/aws?${form}`, headers: {}, body: Buffer.alloc(0) };
    return { method: "POST", path: "/aws", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: Buffer.from(form) };
  }
  if (call.protocol === "json") {
    return { method: "POST", path: "/aws", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": call.target }, body: Buffer.from(call.body) };
  }
  const s3 = withContentMd5(call, (body) => crypto.createHash("md5").update(body).digest("base64"));
  const query = s3.query.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join("&");
  const search = query ? `?${query}` : "";
  if (s3.virtualHosted && s3.bucket !== undefined) {
    const prefix = random.chance(0.5) ? "/aws" : "";
    return { method: s3.method, path: `${prefix}/${s3.key}${search}`, headers: { ...s3.headers, host: `${s3.bucket}.s3.localhost:${host.split(":")[1]}` }, body: s3.body };
  }
  const path = s3.bucket === undefined ? "/aws/" : `/aws/${s3.bucket}/${s3.key}`;
  return { method: s3.method, path: `${path}${search}`, headers: s3.headers, body: s3.body };
}

/** Bytes that are not UTF-8 (a lone continuation byte, an overlong form, a truncated sequence). */
function withInvalidUtf8(request: RawRequest, random: Random): RawRequest {
  const bad = Buffer.from(random.pick([[0xff], [0xc0, 0xaf], [0xe0, 0xa4], [0xed, 0xa0, 0x80], [0x80]]));
  if (request.body.length === 0) {
    const separator = request.path.includes("?") ? "&" : "?";
    return { ...request, path: `${request.path}${separator}${random.pick(["Fuzz", "prefix", "VpcId.1"])}=%FF%FE` };
  }
  const at = random.int(request.body.length + 1);
  return { ...request, body: Buffer.concat([request.body.subarray(0, at), bad, request.body.subarray(at)]) };
}

/** An unsigned extra header named after the prototype chain (added after signing: the signer's own header map is a plain object). */
function withPrototypeHeader(request: RawRequest, random: Random): RawRequest {
  const name = random.pick(["__proto__", "constructor", "x-amz-meta-__proto__", "x-amz-__proto__", "hasOwnProperty", "toString"]);
  const headers = { ...request.headers };
  Object.defineProperty(headers, name, { value: random.pick(["1", "__proto__", "{}"]), enumerable: true, writable: true, configurable: true });
  return { ...request, headers };
}

function hostOf(request: RawRequest, defaultHost: string): string {
  return request.headers.host ?? defaultHost;
}

function withLength(request: RawRequest): RawRequest {
  return { ...request, headers: { ...request.headers, "content-length": String(request.body.length) } };
}

function otherService(random: Random, service: ServiceName): ServiceName {
  return random.pick(SERVICES.filter((candidate) => candidate !== service));
}

function flipLastChar(authorization: string): string {
  const last = authorization.at(-1) === "0" ? "1" : "0";
  return `${authorization.slice(0, -1)}${last}`;
}

const GARBAGE_AUTHORIZATION = [
  "AWS4-HMAC-SHA256",
  "AWS4-HMAC-SHA256 Credential=__proto__/20250101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00",
  "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20250101/constructor/constructor/aws4_request, SignedHeaders=host, Signature=00",
  "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/x/us-east-1/s3/aws4_request, SignedHeaders=__proto__;host, Signature=zz",
  "Bearer fuzz",
  "AWS AKIAFUZZ:c2lnbmF0dXJl",
  `AWS4-HMAC-SHA256 Credential=${"A".repeat(4000)}`,
];

interface SignPlan {
  service: ServiceName;
  region: string;
  credentials: Credentials;
  signingDate?: Date;
}

async function signWith(request: RawRequest, host: string, plan: SignPlan): Promise<RawRequest> {
  return signRequest(request, host, { service: plan.service, region: plan.region, credentials: plan.credentials, signingDate: plan.signingDate });
}

function unknownKey(random: Random): Credentials {
  return { accessKeyId: `AKIA${random.hex(16).toUpperCase().replace(/[0189]/g, "Q")}`, secretAccessKey: "x".repeat(40) };
}

/** Signs (or does not sign, or signs wrongly) `request` as `mode` says. */
async function authenticateAs(mode: AuthMode, request: RawRequest, host: string, service: ServiceName, tenant: Tenant, random: Random): Promise<{ request: RawRequest; signedAs: ServiceName }> {
  const plan: SignPlan = { service, region: "us-east-1", credentials: tenant.credentials };
  switch (mode) {
    case "unsigned":
      return { request, signedAs: service };
    case "garbage Authorization":
      return { request: { ...request, headers: { ...request.headers, authorization: random.pick(GARBAGE_AUTHORIZATION) } }, signedAs: service };
    case "signed, other region":
      plan.region = random.pick(["eu-west-1", "us-west-2"]);
      break;
    case "made-up region":
      plan.region = random.pick(MADE_UP_REGIONS);
      break;
    case "unknown key":
      plan.credentials = unknownKey(random);
      break;
    case "wrong secret":
      plan.credentials = { ...tenant.credentials, secretAccessKey: `${tenant.credentials.secretAccessKey.slice(1)}x` };
      break;
    case "skewed clock":
      plan.signingDate = new Date(Date.now() + random.pick([-1, 1]) * (20 + random.int(600)) * 60_000);
      break;
    case "other service's scope":
      plan.service = otherService(random, service);
      break;
  }
  const signed = await signWith(request, host, plan);
  if (mode === "bad signature") return { request: { ...signed, headers: { ...signed.headers, authorization: flipLastChar(signed.headers.authorization) } }, signedAs: service };
  if (mode === "body changed after signing") return { request: withLength({ ...signed, body: Buffer.concat([signed.body, Buffer.from("&x=1")]) }), signedAs: service };
  return { request: signed, signedAs: plan.service };
}

const FAMILY_OF_VERSION: Record<string, ErrorFamily> = { "2016-11-15": "ec2", "2010-05-08": "iam", "2011-06-15": "sts" };

function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}

/**
 * Without a usable signature the sandbox can only go by what the request says: the service of a
 * half-readable Credential, else an X-Amz-Target, an S3 path or host, or the Query Version; with
 * none of these, AWS's generic fault envelope.
 */
function unsignedFamilies(call: Call, request: RawRequest): ErrorFamily[] {
  const families = new Set<ErrorFamily>(["fallback"]);
  const credentialService = /Credential=([^,\s]+)/.exec(request.headers.authorization ?? "")?.[1].split("/")[3];
  if (credentialService !== undefined) families.add(isServiceName(credentialService) ? FAMILY_OF_SERVICE[credentialService] : "fallback");
  if (call.protocol === "json" || call.protocol === "s3") families.add(FAMILY_OF_SERVICE[call.service]);
  if (call.protocol === "s3") families.add("s3");
  if (call.protocol === "query") {
    const version = call.params.find(([name]) => name === "Version")?.[1] ?? "";
    if (Object.hasOwn(FAMILY_OF_VERSION, version)) families.add(FAMILY_OF_VERSION[version]);
  }
  return [...families];
}

function operationOf(call: Call): string {
  if (call.protocol === "query") return call.params.find(([name]) => name === "Action")?.[1].slice(0, 40) ?? "(no Action)";
  if (call.protocol === "json") return call.target.slice(0, 60) || "(no target)";
  const names = call.query.map(([name]) => name.slice(0, 20)).join("&");
  return `${call.method} ${call.bucket === undefined ? "/" : call.key ? "object" : "bucket"}${names ? `?${names}` : ""}`;
}

/** Draws the next request of a tenant: a service, a valid call, perhaps mutated, then signed one way or another. */
export async function drawRequest(ctx: CallContext, tenant: Tenant, host: string): Promise<FuzzRequest> {
  const { random } = ctx;
  const service = random.weighted(SERVICE_WEIGHTS);
  let call = validCall(ctx, service);
  let mutations: string[] = [];
  if (random.chance(0.55)) ({ call, names: mutations } = mutateCall(call, random));
  let request = encodeCall(call, host, random);
  if (mutations.length > 0 && random.chance(0.1)) {
    request = withInvalidUtf8(request, random);
    mutations.push("invalid UTF-8");
  }
  request = withLength(request);
  const mode = random.weighted(AUTH_WEIGHTS);
  const signed = await authenticateAs(mode, request, hostOf(request, host), service, tenant, random);
  if (mutations.length > 0 && random.chance(0.1)) {
    signed.request = withPrototypeHeader(signed.request, random);
    mutations.push("prototype header name");
  }
  const unsignedLike = mode === "unsigned" || mode === "garbage Authorization";
  const families = unsignedLike ? unsignedFamilies(call, signed.request) : [FAMILY_OF_SERVICE[signed.signedAs]];
  const label = [service, operationOf(call), ...mutations, mode].join(" · ");
  const signedCorrectly = mode === "signed" || mode === "signed, other region";
  return { label, service, families, request: signed.request, authenticates: signedCorrectly && request.body.length <= MAX_LOGGED_BODY };
}
