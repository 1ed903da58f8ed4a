import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { cliEnv, runAwsCli } from "@/lib/sandbox/testing";
import { signedRequestOf } from "@/lib/sandbox/http";
import {
  canonicalQuery,
  canonicalUri,
  checkPayloadHash,
  checkRequestTime,
  parseAmzDate,
  readSigV4Auth,
  signedPayloadHash,
  SigV4Error,
  verifySigV4,
  type SignedRequest,
  type SigV4Failure,
} from "./sigv4";

const ACCESS_KEY_ID = "AKIAZ7EXAMPLEKEY2ID";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET };

interface Captured {
  request: SignedRequest;
  body: Buffer;
}

/** A server that records what clients send and answers every request with an error, so clients stop there. */
async function startCaptureServer() {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      captured.push({ request: signedRequestOf(req), body: Buffer.concat(chunks) });
      const body = "<Response><Errors><Error><Code>Stop</Code><Message>captured</Message></Error></Errors><RequestID>x</RequestID></Response>";
      res.writeHead(400, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/aws`,
    captured,
    last: () => captured[captured.length - 1],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type CaptureServer = Awaited<ReturnType<typeof startCaptureServer>>;

function verify({ request, body }: Captured, secret = SECRET, nowMs?: number) {
  const auth = readSigV4Auth(request);
  checkRequestTime(auth, nowMs ?? parseAmzDate(auth.amzDate)!);
  const payloadHash = signedPayloadHash(request, auth, body);
  const context = verifySigV4(request, auth, secret, payloadHash);
  if (request.headers.has("x-amz-content-sha256")) checkPayloadHash(payloadHash, body);
  return { auth, context };
}

function failureOf(action: () => unknown): SigV4Failure {
  try {
    action();
  } catch (error) {
    if (error instanceof SigV4Error) return error.failure;
    throw error;
  }
  throw new Error("expected a SigV4Error");
}

function withHeader(captured: Captured, name: string, value: string): Captured {
  const headers = new Map(captured.request.headers);
  headers.set(name, [value]);
  return { ...captured, request: { ...captured.request, headers } };
}

async function sendIgnoringError(send: () => Promise<unknown>) {
  await send().catch(() => undefined);
}

describe("SigV4 verification of requests signed by the JS SDK", () => {
  let capture: CaptureServer;
  beforeAll(async () => {
    capture = await startCaptureServer();
  });
  afterAll(async () => capture.close());

  const clientConfig = () => ({ endpoint: capture.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });

  it("accepts an EC2 Query call, which the SDK posts to /aws/ with a trailing slash", async () => {
    await sendIgnoringError(() => new EC2Client(clientConfig()).send(new DescribeVpcsCommand({ VpcIds: ["vpc-1"] })));
    const call = capture.last();
    expect(call.request.path).toBe("/aws/");
    const { auth } = verify(call);
    expect(auth.scope).toEqual({ accessKeyId: ACCESS_KEY_ID, date: auth.amzDate.slice(0, 8), region: "us-east-1", service: "ec2" });
    expect(auth.location).toBe("header");
  });

  it("accepts STS and IAM calls", async () => {
    await sendIgnoringError(() => new STSClient(clientConfig()).send(new GetCallerIdentityCommand({})));
    expect(verify(capture.last()).auth.scope.service).toBe("sts");
    await sendIgnoringError(() => new IAMClient(clientConfig()).send(new ListUsersCommand({})));
    expect(verify(capture.last()).auth.scope.service).toBe("iam");
  });

  it("accepts S3 calls whose keys need encoding (the path is signed as sent)", async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await sendIgnoringError(() => s3.send(new PutObjectCommand({ Bucket: "lab-bucket", Key: "dir/a b+c%d~é(1).txt", Body: "hello" })));
    const put = capture.last();
    expect(put.request.path).toBe("/aws/lab-bucket/dir/a%20b%2Bc%25d~%C3%A9%281%29.txt");
    expect(verify(put).auth.scope.service).toBe("s3");
    await sendIgnoringError(() => s3.send(new GetObjectCommand({ Bucket: "lab-bucket", Key: "k", Range: "bytes=0-1" })));
    verify(capture.last());
  });

  it("rejects a changed body, a changed signed header, a changed query and a wrong secret", async () => {
    await sendIgnoringError(() => new EC2Client(clientConfig()).send(new DescribeVpcsCommand({ VpcIds: ["vpc-1"] })));
    const call = capture.last();
    const tamperedBody = { ...call, body: Buffer.from(call.body.toString().replace("vpc-1", "vpc-2")) };
    // The SDK also sends x-amz-content-sha256 to EC2: the body no longer matches the signed hash.
    expect(failureOf(() => verify(tamperedBody)).kind).toBe("payloadHashMismatch");
    expect(failureOf(() => verify(withHeader(call, "host", "evil.example:80"))).kind).toBe("signatureMismatch");
    const tamperedQuery = { ...call, request: { ...call.request, query: "Action=DeleteVpc" } };
    expect(failureOf(() => verify(tamperedQuery)).kind).toBe("signatureMismatch");
    expect(failureOf(() => verify(call, "another-secret")).kind).toBe("signatureMismatch");
  });

  it("reports the canonical request and string to sign of a mismatch", async () => {
    await sendIgnoringError(() => new EC2Client(clientConfig()).send(new DescribeVpcsCommand({})));
    const failure = failureOf(() => verify(capture.last(), "another-secret"));
    if (failure.kind !== "signatureMismatch") throw new Error(failure.kind);
    expect(failure.canonicalRequest?.split("\n").slice(0, 3)).toEqual(["POST", "/aws/", ""]);
    expect(failure.stringToSign.startsWith("AWS4-HMAC-SHA256\n")).toBe(true);
  });

  it("rejects a hex x-amz-content-sha256 that does not match the body", async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await sendIgnoringError(() => s3.send(new GetObjectCommand({ Bucket: "b", Key: "k" })));
    const get = capture.last();
    const withBody = { ...get, body: Buffer.from("smuggled") };
    // The signature covers the header, not the body: only the hash check catches this.
    expect(failureOf(() => verify(withBody))).toMatchObject({ kind: "payloadHashMismatch" });
  });

  it("rejects requests signed more than 15 minutes from now, either way", async () => {
    await sendIgnoringError(() => new EC2Client(clientConfig()).send(new DescribeVpcsCommand({})));
    const call = capture.last();
    const signedAt = parseAmzDate(readSigV4Auth(call.request).amzDate)!;
    expect(() => verify(call, SECRET, signedAt + 14 * 60_000)).not.toThrow();
    expect(failureOf(() => verify(call, SECRET, signedAt + 16 * 60_000))).toMatchObject({ kind: "skewed", future: false });
    expect(failureOf(() => verify(call, SECRET, signedAt - 16 * 60_000))).toMatchObject({ kind: "skewed", future: true });
  });
});

describe("SigV4 verification of requests signed by the AWS CLI v2", () => {
  let capture: CaptureServer;
  beforeAll(async () => {
    capture = await startCaptureServer();
  });
  afterAll(async () => capture.close());

  const env = () => ({ ...cliEnv({ credentials }, capture.endpoint), AWS_MAX_ATTEMPTS: "1" });

  it("accepts an EC2 call, which the CLI posts to /aws without a trailing slash", async () => {
    await runAwsCli(["ec2", "describe-vpcs", "--vpc-ids", "vpc-1", "vpc-2"], env());
    const call = capture.last();
    expect(call.request.path).toBe("/aws");
    expect(call.body.toString()).toContain("VpcId.2=vpc-2");
    expect(verify(call).auth.scope.service).toBe("ec2");
    // The CLI signs the body's hash without sending it: a changed body breaks the signature itself.
    const tamperedBody = { ...call, body: Buffer.from(call.body.toString().replace("vpc-2", "vpc-3")) };
    expect(failureOf(() => verify(tamperedBody)).kind).toBe("signatureMismatch");
  });

  it("accepts an S3 upload of a key with spaces and a presigned URL made by `aws s3 presign`", async () => {
    await runAwsCli(["s3api", "put-object", "--bucket", "b", "--key", "a b/c.txt", "--body", "/etc/hostname"], env());
    const put = capture.last();
    expect(put.request.path).toBe("/aws/b/a%20b/c.txt");
    verify(put);

    const presign = await runAwsCli(["s3", "presign", "s3://b/some key.txt", "--expires-in", "600"], env());
    expect(presign.code).toBe(0);
    const url = new URL(presign.stdout.trim());
    const request: SignedRequest = {
      method: "GET",
      path: url.pathname,
      query: url.search.slice(1),
      headers: new Map([["host", [url.host]]]),
    };
    const { auth } = verify({ request, body: Buffer.alloc(0) });
    expect(auth).toMatchObject({ location: "query", expiresSeconds: 600 });
    const signedAt = parseAmzDate(auth.amzDate)!;
    expect(failureOf(() => verify({ request, body: Buffer.alloc(0) }, SECRET, signedAt + 601_000)).kind).toBe("presignExpired");
    const longer = { ...request, query: request.query.replace("X-Amz-Expires=600", "X-Amz-Expires=6000") };
    expect(failureOf(() => verify({ request: longer, body: Buffer.alloc(0) })).kind).toBe("signatureMismatch");
  });
});

describe("reading the authentication", () => {
  const base: SignedRequest = { method: "POST", path: "/aws", query: "", headers: new Map() };

  it("reports a request without Authorization header or X-Amz-Algorithm as missing", () => {
    expect(failureOf(() => readSigV4Auth(base))).toEqual({ kind: "missing" });
  });

  it("names the missing parts of an incomplete Authorization header", () => {
    const headers = new Map([
      ["authorization", [`AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240101/us-east-1/ec2/aws4_request`]],
      ["x-amz-date", ["20240101T000000Z"]],
    ]);
    expect(failureOf(() => readSigV4Auth({ ...base, headers }))).toEqual({
      kind: "malformed",
      message: "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    });
  });

  it("requires X-Amz-Date or Date", () => {
    const headers = new Map([
      ["authorization", [`AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00`]],
    ]);
    expect(failureOf(() => readSigV4Auth({ ...base, headers }))).toEqual({
      kind: "malformed",
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    });
  });

  it("rejects a credential scope without the aws4_request terminator or with a bad region", () => {
    const header = (credential: string) =>
      new Map([
        ["authorization", [`AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=00`]],
        ["x-amz-date", ["20240101T000000Z"]],
      ]);
    expect(failureOf(() => readSigV4Auth({ ...base, headers: header(`${ACCESS_KEY_ID}/20240101/us-east-1/ec2/aws5`) }))).toMatchObject({ kind: "malformed" });
    expect(failureOf(() => readSigV4Auth({ ...base, headers: header(`${ACCESS_KEY_ID}/20240101/Mars/ec2/aws4_request`) }))).toEqual({
      kind: "malformed",
      message: "Credential should be scoped to a valid region.",
    });
  });

  it("rejects SigV2 and other algorithms", () => {
    const headers = new Map([["authorization", [`AWS ${ACCESS_KEY_ID}:c2lnbmF0dXJl`]]]);
    expect(failureOf(() => readSigV4Auth({ ...base, headers }))).toEqual({ kind: "malformed", message: "Unsupported Authorization Type" });
  });

  it("parses only real ISO 8601 basic dates", () => {
    expect(parseAmzDate("20130524T000000Z")).toBe(Date.UTC(2013, 4, 24));
    expect(parseAmzDate("20130230T000000Z")).toBeNull();
    expect(parseAmzDate("2013-05-24T00:00:00Z")).toBeNull();
  });
});

describe("canonical forms", () => {
  it("keeps S3 paths as sent and encodes other services' paths once more after normalising them", () => {
    expect(canonicalUri("/aws/b/a%20b", "s3")).toBe("/aws/b/a%20b");
    expect(canonicalUri("/aws", "ec2")).toBe("/aws");
    expect(canonicalUri("/aws/", "ec2")).toBe("/aws/");
    expect(canonicalUri("/aws//x/./y/../z", "ec2")).toBe("/aws/x/z");
    expect(canonicalUri("/aws/a%20b", "sts")).toBe("/aws/a%2520b");
    expect(canonicalUri("", "ec2")).toBe("/");
  });

  it("sorts the query by name then value, RFC 3986-encoded, and drops X-Amz-Signature of presigned URLs", () => {
    expect(canonicalQuery("b=2&a=z&a=y&uploads", false)).toBe("a=y&a=z&b=2&uploads=");
    expect(canonicalQuery("k=a%20b*c&X-Amz-Signature=ff", true)).toBe("k=a%20b%2Ac");
    expect(canonicalQuery("k=a+b", false)).toBe("k=a%2Bb");
  });

  it("treats a broken percent-escape in the query as malformed", () => {
    expect(failureOf(() => canonicalQuery("a=%zz", false))).toEqual({ kind: "malformed", message: "The query string contains a syntax error." });
  });
});
