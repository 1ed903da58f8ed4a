import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CreateVpcCommand, DeleteVpcCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { sandboxActivity, sandboxState } from "@/lib/db/schema";
import { testDatabaseKinds } from "@/lib/db/testing";
import { forgetCachedAccessKeys } from "./accounts";
import { flushActivity, listActivity } from "./core/activity";
import { AwsError } from "./core/errors";
import { NodeSha256 } from "./fuzz/wire";
import { forgetCachedStates } from "./core/state-store";
import type { QueryParams, QueryService } from "./core/types";
import { coralInputDialect } from "./core/validation-errors";
import { ec2InputDialect } from "./ec2/protocol/input-errors";
import { ec2Service } from "./ec2/service";
import { isSandboxRequest } from "./http";
import { createRegistry } from "./registry";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "./testing";

// ---------------------------------------------------------------- test services

interface TestVpc {
  vpcId: string;
  cidrBlock: string;
  state: "pending" | "available";
}

interface TestEc2State {
  vpcs: TestVpc[];
  /**
   * Stored as "ec2", this state is also read by the real EC2 model's subscribers (the SSM fleet
   * and Instance Connect syncs run after every EC2 change): it carries the empty collections they read.
   */
  instances: Record<string, never>;
  peeringConnections: Record<string, never>;
  tags: Record<string, never>;
}

function requireVpc(state: TestEc2State, vpcId: string): TestVpc {
  const vpc = state.vpcs.find((candidate) => candidate.vpcId === vpcId);
  if (!vpc) throw new AwsError("InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
  return vpc;
}

function vpcItem(vpc: TestVpc) {
  return { vpcId: vpc.vpcId, state: vpc.state, cidrBlock: vpc.cidrBlock };
}

/** Enough of EC2 for the SDK's and the CLI's EC2 clients to talk to, to test the core around it. */
const testEc2: QueryService<TestEc2State> = {
  name: "ec2",
  version: "2016-11-15",
  xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/",
  regional: true,
  errorFormat: "ec2",
  inputDialect: ec2InputDialect,
  initialState: () => ({ vpcs: [], instances: {}, peeringConnections: {}, tags: {} }),
  advance(state) {
    const pending = state.vpcs.filter((vpc) => vpc.state === "pending");
    for (const vpc of pending) vpc.state = "available";
    return pending.length > 0;
  },
  operations: {
    DescribeVpcs: {
      input: ec2Service.operations.DescribeVpcs.input,
      mutates: false,
      run(params: QueryParams, _ctx, state) {
        const ids = (params.VpcId as string[] | undefined) ?? [];
        const vpcs = ids.length > 0 ? ids.map((id) => requireVpc(state, id)) : state.vpcs;
        return { vpcSet: vpcs.map(vpcItem) };
      },
    },
    CreateVpc: {
      input: ec2Service.operations.CreateVpc.input,
      mutates: true,
      run(params, _ctx, state) {
        if (typeof params.CidrBlock !== "string") {
          throw new AwsError("MissingParameter", "The request must contain the parameter cidrBlock");
        }
        const vpc: TestVpc = { vpcId: `vpc-${crypto.randomBytes(9).toString("hex").slice(0, 17)}`, cidrBlock: params.CidrBlock, state: "pending" };
        state.vpcs.push(vpc);
        return { vpc: vpcItem(vpc) };
      },
    },
    DeleteVpc: {
      input: ec2Service.operations.DeleteVpc.input,
      mutates: true,
      run(params, _ctx, state) {
        const vpc = requireVpc(state, String(params.VpcId));
        state.vpcs.splice(state.vpcs.indexOf(vpc), 1);
        return { return: true };
      },
    },
    /** Changes the state, then fails: nothing of it may remain. */
    CreateTags: {
      input: ec2Service.operations.CreateTags.input,
      mutates: true,
      run(_params, _ctx, state) {
        state.vpcs.push({ vpcId: "vpc-halfmade", cidrBlock: "10.9.0.0/16", state: "available" });
        throw new AwsError("InvalidID", "The ID 'vpc-halfmade' is not valid");
      },
    },
    /** A bug in an operation: must become EC2's InternalError, never a bare 500. */
    DescribeRegions: {
      input: ec2Service.operations.DescribeRegions.input,
      mutates: false,
      run() {
        throw new TypeError("Cannot read properties of undefined (reading 'regionName')");
      },
    },
  },
};

/** STS's GetCallerIdentity, to test IAM/STS-style envelopes and errors. */
const testSts: QueryService<Record<string, never>> = {
  name: "sts",
  version: "2011-06-15",
  xmlns: "https://sts.amazonaws.com/doc/2011-06-15/",
  regional: false,
  errorFormat: "query",
  inputDialect: coralInputDialect,
  initialState: () => ({}),
  operations: {
    GetCallerIdentity: {
      input: {},
      mutates: false,
      run: (_params, ctx) => ({ UserId: ctx.caller.accessKeyId, Account: ctx.accountId, Arn: ctx.caller.arn }),
    },
  },
};

const registry = createRegistry([testEc2 as QueryService<unknown>, testSts as QueryService<unknown>]);

// ---------------------------------------------------------------- helpers

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function rawRequest(endpoint: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? "POST", path: options.path ?? url.pathname, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

interface SignedCall {
  service: string;
  body: string;
  method?: "GET" | "POST";
  query?: Record<string, string>;
  credentials: TestAccount["credentials"];
  signingDate?: Date;
  path?: string;
  headers?: Record<string, string>;
}

/** A request signed by the SDK's own signer, sent as-is: for requests no SDK command would make. */
async function signedRequest(endpoint: string, call: SignedCall): Promise<RawResponse> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: call.service, region: "us-east-1", credentials: call.credentials, sha256: NodeSha256, uriEscapePath: call.service !== "s3" });
  const query = call.query ?? {};
  const signed = await signer.sign(
    {
      method: call.method ?? "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: call.path ?? url.pathname,
      query,
      headers: { host: url.host, "content-type": "application/x-www-form-urlencoded", ...call.headers },
      body: call.body,
    },
    { signingDate: call.signingDate ?? new Date() },
  );
  const search = Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  const path = `${call.path ?? url.pathname}${search ? `?${search}` : ""}`;
  return rawRequest(endpoint, { method: call.method, path, headers: signed.headers, body: call.body });
}

async function sdkError(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; requestId?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId };
  }
  throw new Error("expected the call to fail");
}

/** The auth headers of a call signed with `account`'s key (or an unknown one), over nothing in particular: for calls refused before the signature is checked. */
function signedHeaderFor(account: TestAccount | undefined, service: string, region: string): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const keyId = account?.credentials.accessKeyId ?? "AKIAAAAAAAAAAAAAAAAA";
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${keyId}/${amzDate.slice(0, 8)}/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
    "x-amz-date": amzDate,
  };
}

interface UploadOptions {
  authorization?: Record<string, string>;
  total: number;
  chunked: boolean;
  /** Pause between 1 MiB writes. */
  paceMs?: number;
}

/** Streams a large form body on a raw socket until the server answers; returns the answer and how much had been sent by then. */
function bigUpload(endpoint: string, options: UploadOptions): Promise<{ response: string; sentWhenAnswered: number }> {
  const url = new URL(endpoint);
  const socket = net.connect(Number(url.port), url.hostname);
  const framing = options.chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${options.total}`;
  const extra = Object.entries(options.authorization ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}${framing}\r\n\r\n`);
  let sent = 0;
  let answeredAt: number | undefined;
  let response = "";
  socket.on("data", (data: Buffer) => {
    answeredAt ??= sent;
    response += data.toString();
  });
  socket.on("error", () => undefined);
  const chunk = Buffer.alloc(1024 * 1024, "a");
  return new Promise((resolve) => {
    const done = () => resolve({ response, sentWhenAnswered: answeredAt ?? sent });
    socket.on("close", done);
    const writeNext = () => {
      if (answeredAt !== undefined || socket.destroyed) return void setTimeout(() => socket.destroy(), 50);
      if (sent >= options.total) return void (options.chunked && socket.write("0\r\n\r\n"));
      const payload = options.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
      socket.write(payload, () => {
        sent += chunk.length;
        setTimeout(writeNext, options.paceMs ?? 0);
      });
    };
    writeNext();
  });
}

const EC2_AUTH_FAILURE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors>';

// ---------------------------------------------------------------- tests

describe("isSandboxRequest", () => {
  it("takes /aws, /aws/… and /aws?… and nothing else", () => {
    const is = (url: string) => isSandboxRequest({ url } as http.IncomingMessage);
    expect([is("/aws"), is("/aws/"), is("/aws/b/k"), is("/aws?Action=X")]).toEqual([true, true, true, true]);
    expect([is("/awsx"), is("/"), is("/api/aws"), is("/AWS")]).toEqual([false, false, false, false]);
  });
});

describe.each(testDatabaseKinds())("the sandbox endpoint (%s)", (database) => {
  let sandbox: SandboxServer;
  let alice: TestAccount;
  let bob: TestAccount;
  const ec2 = (account: TestAccount, extra: object = {}) =>
    new EC2Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1, ...extra });

  beforeAll(async () => {
    sandbox = await startSandboxServer({ database, registry });
    alice = await sandbox.newAccount();
    bob = await sandbox.newAccount();
  });
  afterAll(async () => sandbox.close());

  describe("calls through the JS SDK and the CLI", () => {
    it("creates and describes through the SDK (which posts to /aws/), advancing pending to available", async () => {
      const created = await ec2(alice).send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
      expect(created.Vpc).toMatchObject({ CidrBlock: "10.1.0.0/16", State: "pending" });
      expect(created.Vpc!.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
      const described = await ec2(alice).send(new DescribeVpcsCommand({ VpcIds: [created.Vpc!.VpcId!] }));
      expect(described.Vpcs).toEqual([{ VpcId: created.Vpc!.VpcId, CidrBlock: "10.1.0.0/16", State: "available" }]);
      expect(described.$metadata.httpStatusCode).toBe(200);
      expect(described.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("answers the CLI (which posts to /aws, no trailing slash)", async () => {
      const created = await runAwsCli(["ec2", "create-vpc", "--cidr-block", "10.2.0.0/16"], cliEnv(alice, sandbox.endpoint));
      expect(created.stderr).toBe("");
      const vpcId = JSON.parse(created.stdout).Vpc.VpcId as string;
      const described = await runAwsCli(["ec2", "describe-vpcs", "--vpc-ids", vpcId], cliEnv(alice, sandbox.endpoint));
      expect(JSON.parse(described.stdout)).toEqual({ Vpcs: [{ VpcId: vpcId, CidrBlock: "10.2.0.0/16", State: "available" }] });
    });

    it("returns operation errors with AWS's code, message, status and request id", async () => {
      const error = await sdkError(ec2(alice).send(new DeleteVpcCommand({ VpcId: "vpc-0123456789abcdef0" })));
      expect(error).toMatchObject({ name: "InvalidVpcID.NotFound", message: "The vpc ID 'vpc-0123456789abcdef0' does not exist", status: 400 });
      expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
      const cli = await runAwsCli(["ec2", "delete-vpc", "--vpc-id", "vpc-0123456789abcdef0"], cliEnv(alice, sandbox.endpoint));
      expect(cli.code).toBe(254);
      expect(cli.stderr.trim()).toBe(
        "An error occurred (InvalidVpcID.NotFound) when calling the DeleteVpc operation: The vpc ID 'vpc-0123456789abcdef0' does not exist",
      );
    });

    it("answers IAM/STS-style services in their envelope", async () => {
      const sts = new STSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: alice.credentials, maxAttempts: 1 });
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({
        Account: alice.accountId,
        Arn: `arn:aws:iam::${alice.accountId}:user/lab-user`,
        UserId: alice.credentials.accessKeyId,
      });
    });

    it("serialises concurrent calls of one account: 50 parallel creates make 50 VPCs", async () => {
      const carol = await sandbox.newAccount();
      const client = ec2(carol);
      await Promise.all(Array.from({ length: 50 }, (_, i) => client.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }))));
      const { Vpcs } = await client.send(new DescribeVpcsCommand({}));
      expect(Vpcs).toHaveLength(50);
      expect(new Set(Vpcs!.map((vpc) => vpc.CidrBlock)).size).toBe(50);
    });

    it("takes Query parameters from the URL of a GET as well", async () => {
      const raw = await signedRequest(sandbox.endpoint, {
        service: "ec2",
        method: "GET",
        credentials: alice.credentials,
        body: "",
        query: { Action: "DescribeVpcs", Version: "2016-11-15", "VpcId.1": "vpc-00000000000000404" },
      });
      expect(raw.status).toBe(400);
      expect(raw.body).toContain("<Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-00000000000000404' does not exist</Message>");
    });

    it("leaves no trace of an operation that changed the state and then failed", async () => {
      const dave = await sandbox.newAccount();
      await ec2(dave).send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
      const failed = await signedRequest(sandbox.endpoint, {
        service: "ec2",
        credentials: dave.credentials,
        body: "Action=CreateTags&Version=2016-11-15&ResourceId.1=vpc-halfmade&Tag.1.Key=k&Tag.1.Value=v",
      });
      expect(failed.status).toBe(400);
      expect(failed.body).toContain("<Code>InvalidID</Code>");
      const { Vpcs } = await ec2(dave).send(new DescribeVpcsCommand({}));
      expect(Vpcs!.map((vpc) => vpc.CidrBlock)).toEqual(["10.0.0.0/16"]);
    });
  });

  describe("isolation", () => {
    it("never shows one account's state to another account's key", async () => {
      const { Vpc } = await ec2(alice).send(new CreateVpcCommand({ CidrBlock: "10.50.0.0/16" }));
      const bobs = await ec2(bob).send(new DescribeVpcsCommand({}));
      expect(bobs.Vpcs).toEqual([]);
      const error = await sdkError(ec2(bob).send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] })));
      expect(error.name).toBe("InvalidVpcID.NotFound");
      expect((await sdkError(ec2(bob).send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId! })))).name).toBe("InvalidVpcID.NotFound");
      const alices = await ec2(alice).send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
      expect(alices.Vpcs).toHaveLength(1);
    });

    it("keeps a region's state apart from another region's", async () => {
      const erin = await sandbox.newAccount();
      await ec2(erin).send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
      const west = await ec2(erin, { region: "eu-west-1" }).send(new DescribeVpcsCommand({}));
      expect(west.Vpcs).toEqual([]);
    });
  });

  describe("authentication errors", () => {
    it("EC2: an unknown key and a wrong secret are AuthFailure 401", async () => {
      const unknown = { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: alice.credentials.secretAccessKey };
      expect(await sdkError(ec2({ ...alice, credentials: unknown }).send(new DescribeVpcsCommand({})))).toMatchObject({
        name: "AuthFailure",
        message: "AWS was not able to validate the provided access credentials",
        status: 401,
      });
      const wrongSecret = { accessKeyId: alice.credentials.accessKeyId, secretAccessKey: "x".repeat(40) };
      const raw = await signedRequest(sandbox.endpoint, { service: "ec2", credentials: wrongSecret, body: "Action=DescribeVpcs&Version=2016-11-15" });
      expect(raw.status).toBe(401);
      expect(raw.headers["content-type"]).toBe("text/xml;charset=UTF-8");
      expect(raw.body).toBe(`${EC2_AUTH_FAILURE}<RequestID>${raw.headers["x-amzn-requestid"]}</RequestID></Response>`);
      expect(Number(raw.headers["content-length"])).toBe(Buffer.byteLength(raw.body));
    });

    it("EC2: a request signed 20 minutes ago is RequestExpired", async () => {
      const error = await sdkError(ec2(alice, { systemClockOffset: -20 * 60_000 }).send(new DescribeVpcsCommand({})));
      expect(error).toMatchObject({ name: "RequestExpired", message: "Request has expired.", status: 400 });
    });

    it("EC2: an unsigned request is MissingAuthenticationToken", async () => {
      const raw = await rawRequest(sandbox.endpoint, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Action=DescribeVpcs&Version=2016-11-15",
      });
      expect(raw.status).toBe(401);
      expect(raw.body).toContain(
        "<Code>MissingAuthenticationToken</Code><Message>The request must contain either a valid (registered) AWS access key ID or X.509 certificate.</Message>",
      );
    });

    it("STS: unknown key, wrong secret, expired date and missing auth, in STS's words", async () => {
      const sts = (credentials: TestAccount["credentials"], extra: object = {}) =>
        new STSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1, ...extra });
      expect(await sdkError(sts({ ...alice.credentials, accessKeyId: "AKIAAAAAAAAAAAAAAAAA" }).send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: "InvalidClientTokenId",
        message: "The security token included in the request is invalid.",
        status: 403,
      });
      expect(await sdkError(sts({ ...alice.credentials, secretAccessKey: "y".repeat(40) }).send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: "SignatureDoesNotMatch",
        message:
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        status: 403,
      });
      const expired = await sdkError(sts(alice.credentials, { systemClockOffset: -20 * 60_000 }).send(new GetCallerIdentityCommand({})));
      expect(expired.name).toBe("SignatureDoesNotMatch");
      expect(expired.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
      const unsigned = await rawRequest(sandbox.endpoint, { body: "Action=GetCallerIdentity&Version=2011-06-15" });
      expect(unsigned.status).toBe(403);
      expect(unsigned.body).toBe(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>' +
          `<Message>Request is missing Authentication Token</Message></Error><RequestId>${unsigned.headers["x-amzn-requestid"]}</RequestId></ErrorResponse>\n`,
      );
    });

    it("S3 (recognised, not served yet): S3's InvalidAccessKeyId, BadDigest, then NotImplemented", async () => {
      const s3 = (credentials: TestAccount["credentials"]) =>
        new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true, maxAttempts: 1 });
      expect(await sdkError(s3({ ...alice.credentials, accessKeyId: "AKIAAAAAAAAAAAAAAAAA" }).send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" })))).toMatchObject({
        name: "InvalidAccessKeyId",
        message: "The AWS Access Key Id you provided does not exist in our records.",
        status: 403,
      });
      expect(await sdkError(s3(alice.credentials).send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x", ChecksumCRC32: "AAAAAA==" })))).toMatchObject({
        name: "BadDigest",
        status: 400,
      });
      expect(await sdkError(s3(alice.credentials).send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" })))).toMatchObject({
        name: "NotImplemented",
        message: "The sandbox does not implement the s3 API.",
        status: 501,
      });
    });

    it("S3 presigned URLs from `aws s3 presign` authenticate; a changed one is S3's SignatureDoesNotMatch", async () => {
      const presign = await runAwsCli(["s3", "presign", "s3://lab-bucket/notes 1.txt", "--expires-in", "300"], cliEnv(alice, sandbox.endpoint));
      const url = new URL(presign.stdout.trim());
      expect(url.pathname).toBe("/aws/lab-bucket/notes%201.txt");
      const get = (search: string) => rawRequest(sandbox.endpoint, { method: "GET", path: `${url.pathname}${search}` });
      const valid = await get(url.search);
      expect(valid.status).toBe(501);
      expect(valid.body).toContain("<Code>NotImplemented</Code>");
      const changed = await get(url.search.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"));
      expect(changed.status).toBe(403);
      expect(changed.body).toContain(
        "<Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>" +
          `<AWSAccessKeyId>${alice.credentials.accessKeyId}</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n`,
      );
      expect(changed.headers["x-amz-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("JSON services (SSM, recognised, not served yet) answer in their JSON error shape", async () => {
      const ssm = (credentials: TestAccount["credentials"]) => new SSMClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
      expect(await sdkError(ssm({ ...alice.credentials, accessKeyId: "AKIAAAAAAAAAAAAAAAAA" }).send(new DescribeInstanceInformationCommand({})))).toMatchObject({
        name: "UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
        status: 400,
      });
      expect(await sdkError(ssm(alice.credentials).send(new DescribeInstanceInformationCommand({})))).toMatchObject({
        name: "NotImplemented",
        status: 501,
      });
      const unsigned = await rawRequest(sandbox.endpoint, {
        headers: { "x-amz-target": "AmazonSSM.DescribeInstanceInformation", "content-type": "application/x-amz-json-1.1" },
        body: "{}",
      });
      expect(unsigned.status).toBe(400);
      expect(JSON.parse(unsigned.body)).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
    });

    it("a service the sandbox does not know is NotImplemented 501 in AWS's generic fault envelope", async () => {
      const raw = await signedRequest(sandbox.endpoint, { service: "lambda", credentials: alice.credentials, body: "Action=ListFunctions" });
      expect(raw.status).toBe(501);
      expect(raw.body).toContain("<Code>NotImplemented</Code><Message>The sandbox does not implement the lambda API.</Message>");
    });

    it("a key deleted by rotation stops working at once", async () => {
      const frank = await sandbox.newAccount();
      await ec2(frank).send(new DescribeVpcsCommand({}));
      const { rotateSandboxKeys } = await import("./accounts");
      const rotated = await rotateSandboxKeys(frank.userId);
      expect((await sdkError(ec2(frank).send(new DescribeVpcsCommand({})))).name).toBe("AuthFailure");
      const after = await ec2({ ...frank, credentials: rotated }).send(new DescribeVpcsCommand({}));
      expect(after.Vpcs).toEqual([]);
    });
  });

  describe("malformed requests never become a bare 500", () => {
    const call = (body: string) => signedRequest(sandbox.endpoint, { service: "ec2", credentials: alice.credentials, body });

    it("no Action is MissingAction", async () => {
      const raw = await call("Version=2016-11-15");
      expect(raw.status).toBe(400);
      expect(raw.body).toContain("<Code>MissingAction</Code><Message>The request must contain the parameter Action</Message>");
    });

    it("an unknown Action is InvalidAction", async () => {
      const raw = await call("Action=LaunchRockets&Version=2016-11-15");
      expect(raw.status).toBe(400);
      expect(raw.body).toContain("<Code>InvalidAction</Code><Message>The action LaunchRockets is not valid for this web service.</Message>");
      expect((await call("Action=toString&Version=2016-11-15")).body).toContain("<Code>InvalidAction</Code>");
    });

    it("broken form encoding and contradicting parameter shapes are MalformedQueryString", async () => {
      const broken = await call("Action=DescribeVpcs&VpcId.1=%E0%A4%A");
      expect(broken.status).toBe(404);
      expect(broken.body).toContain("<Code>MalformedQueryString</Code><Message>The query string contains a syntax error.</Message>");
      expect((await call("Action=DescribeVpcs&VpcId=a&VpcId.1=b")).body).toContain("<Code>MalformedQueryString</Code>");
    });

    it("an operation that crashes is EC2's InternalError 500 envelope, and the crash is logged", async () => {
      const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const raw = await call("Action=DescribeRegions&Version=2016-11-15");
      const logged = [...spy.mock.calls];
      spy.mockRestore();
      expect(logged).toHaveLength(1);
      expect(logged[0][0]).toBe(`sandbox: ec2:DescribeRegions failed (request ${raw.headers["x-amzn-requestid"]})`);
      expect(logged[0][1]).toBeInstanceOf(TypeError);
      expect(raw.status).toBe(500);
      expect(raw.body).toBe(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InternalError</Code><Message>An internal error has occurred</Message></Error></Errors>' +
          `<RequestID>${raw.headers["x-amzn-requestid"]}</RequestID></Response>`,
      );
    });

    it("random bodies, signed with a real key or not, get an AWS error envelope and never a 500", async () => {
      const formish = fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z._0-9%]{0,12}$/), fc.string({ maxLength: 12 })), { maxLength: 6 });
      await fc.assert(
        fc.asyncProperty(formish, fc.boolean(), fc.string({ maxLength: 80 }), async (pairs, sign, authorization) => {
          const body = pairs.map(([name, value]) => `${name}=${value}`).join("&");
          const raw = sign
            ? await call(body)
            : await rawRequest(sandbox.endpoint, { headers: authorization.trim() ? { authorization: `AWS4-HMAC-SHA256 ${authorization}`.replace(/[^\x20-\x7e]/g, "") } : {}, body });
          expect(raw.status).not.toBe(500);
          expect(raw.body).toMatch(/<Code>[A-Za-z.]+<\/Code>|<requestId>/);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("limits before work", () => {
    const MB = 1024 * 1024;

    it("a signed call announcing a body over 1 MiB is EntityTooLarge before its body is read", async () => {
      const started = Date.now();
      const raw = await bigUpload(sandbox.endpoint, { authorization: signedHeaderFor(alice, "ec2", "us-east-1"), total: 100 * MB, chunked: false, paceMs: 2 });
      expect(raw.response).toContain("<Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message>");
      expect(raw.sentWhenAnswered).toBeLessThan(100 * MB);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it.each([
      ["unsigned, with a Content-Length", { authorization: undefined, chunked: false }, "<Code>MissingAuthenticationToken</Code>"],
      ["unsigned, chunked", { authorization: undefined, chunked: true }, "<Code>MissingAuthenticationToken</Code>"],
      ["signed with an unknown key", { authorization: signedHeaderFor(undefined, "ec2", "us-east-1"), chunked: true }, "<Code>AuthFailure</Code>"],
    ])("a 50 MB body %s is answered before it is sent, and another tenant stays fast meanwhile", async (_name, options, code) => {
      const upload = bigUpload(sandbox.endpoint, { ...options, total: 50 * MB, paceMs: 2 });
      const timings: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        await ec2(bob).send(new DescribeVpcsCommand({}));
        timings.push(performance.now() - started);
      }
      const raw = await upload;
      expect(raw.response).toContain(code);
      expect(raw.sentWhenAnswered).toBeLessThan(50 * MB);
      expect(Math.max(...timings)).toBeLessThan(1_000);
    });

    it("refused bodies sent in full leave the keep-alive connection open and no listener behind on it", async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const body = Buffer.alloc(100 * 1024, 0x61);
      const sockets = new Set<net.Socket>();
      const serverSockets: net.Socket[] = [];
      const onConnection = (socket: net.Socket) => serverSockets.push(socket);
      sandbox.http.on("connection", onConnection);
      for (let i = 0; i < 12; i += 1) {
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request(`${sandbox.endpoint}/`, { method: "POST", agent, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": body.length } }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("socket", (socket) => sockets.add(socket));
          req.on("error", reject);
          req.end(body);
        });
        expect(status).toBe(403);
      }
      expect(sockets.size).toBe(1);
      const [socket] = sockets;
      sandbox.http.off("connection", onConnection);
      // The server's side of the connection: its close listeners do not grow with each request.
      expect(serverSockets).toHaveLength(1);
      expect(serverSockets[0].listenerCount("close")).toBeLessThan(5);
      socket.destroy();
      agent.destroy();
    });

    it("a refused body whose end arrives during a long turn of the event loop does not reset the next request on its connection", async () => {
      const url = new URL(sandbox.endpoint);
      const socket = net.connect(Number(url.port), url.hostname);
      await new Promise((resolve) => socket.once("connect", resolve));
      const body = Buffer.alloc(64 * 1024, 0x61);
      let received = "";
      let closed = false;
      socket.on("data", (data: Buffer) => (received += data.toString("latin1")));
      socket.on("error", () => undefined);
      socket.on("close", () => (closed = true));
      // Signed with an unknown key, refused before its body is read: the answer comes back while most of it is unsent.
      const authorization = Object.entries(signedHeaderFor(undefined, "ec2", "us-east-1")).map(([name, value]) => `${name}: ${value}\r\n`).join("");
      socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\n${authorization}Content-Length: ${body.length}\r\n\r\n`);
      socket.write(body.subarray(0, 1024));
      await vi.waitFor(() => expect(received).toContain("</Response>"), { timeout: 5_000 });
      expect(received).toContain("<Code>AuthFailure</Code>");
      expect(received).toMatch(/^connection: keep-alive\r$/im);
      received = "";
      // The rest of the body, then the next request, sent in time on the connection the answer kept
      // open; then the process is busy past the lingering close's second, as a class's burst can hold
      // it: the timer comes due before the socket is read again.
      socket.write(body.subarray(1024));
      socket.write(`GET ${url.pathname}?Action=DescribeRegions&Version=2016-11-15 HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      const busyUntil = performance.now() + 1_300;
      while (performance.now() < busyUntil);
      await vi.waitFor(() => expect(received).toContain("</Response>"), { timeout: 5_000 });
      expect(received).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(closed).toBe(false);
      socket.destroy();
    });

    it("a scope naming a Region AWS does not have is refused in each service's words, and nothing is stored", async () => {
      const region = "xx-fake-1";
      const created = await sdkError(ec2(alice, { region }).send(new CreateVpcCommand({ CidrBlock: "10.77.0.0/16" })));
      expect(created).toMatchObject({ name: "AuthFailure", message: `Credential should be scoped to a valid region, not '${region}'. `, status: 401 });
      // The longest region the SDK signs with (a host label: 63 characters).
      const long = `us-${"x".repeat(58)}-1`;
      expect(await sdkError(ec2(alice, { region: long }).send(new CreateVpcCommand({ CidrBlock: "10.78.0.0/16" })))).toMatchObject({ name: "AuthFailure", status: 401 });
      const sts = new STSClient({ endpoint: sandbox.endpoint, region, credentials: alice.credentials, maxAttempts: 1 });
      expect(await sdkError(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: "SignatureDoesNotMatch",
        message: `Credential should be scoped to a valid region, not '${region}'. `,
        status: 403,
      });
      const vpcs = await ec2(alice).send(new DescribeVpcsCommand({}));
      expect(vpcs.Vpcs?.some((vpc) => vpc.CidrBlock === "10.77.0.0/16")).toBe(false);
      const db = await getDb();
      const stored = await db.select({ service: sandboxState.service }).from(sandboxState).where(eq(sandboxState.accountId, alice.accountId));
      expect(stored.map((row) => row.service).filter((key) => key.includes(region) || key.includes(long))).toEqual([]);
    });
  });

  describe("the activity log", () => {
    it("records each call of an account with caller, status, error code and a secret-free summary", async () => {
      const grace = await sandbox.newAccount();
      const { Vpc } = await ec2(grace).send(new CreateVpcCommand({ CidrBlock: "10.77.0.0/16" }));
      await sdkError(ec2(grace).send(new DeleteVpcCommand({ VpcId: "vpc-0000000000000dead" })));
      await ec2(grace).send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
      const rows = await listActivity(grace.accountId);
      expect(rows.map((row) => [row.action, row.httpStatus, row.errorCode])).toEqual([
        ["DescribeVpcs", 200, null],
        ["DeleteVpc", 400, "InvalidVpcID.NotFound"],
        ["CreateVpc", 200, null],
      ]);
      expect(rows[0]).toMatchObject({
        accountId: grace.accountId,
        caller: `arn:aws:iam::${grace.accountId}:user/lab-user`,
        accessKeyId: grace.credentials.accessKeyId,
        service: "ec2",
        summary: `VpcId.1=${Vpc!.VpcId}`,
        sourceIp: "127.0.0.1",
      });
      expect(rows[2].summary).toBe("CidrBlock");
      expect(rows[0].userAgent).toContain("aws-sdk-js");
      const older = await listActivity(grace.accountId, { before: rows[0].id, limit: 1 });
      expect(older.map((row) => row.action)).toEqual(["DeleteVpc"]);
    });

    it("records failed authentication with a known key, but nothing for unknown keys", async () => {
      const heidi = await sandbox.newAccount();
      await flushActivity();
      const db = await getDb();
      const before = (await db.select().from(sandboxActivity)).length;
      await sdkError(ec2({ ...heidi, credentials: { ...heidi.credentials, accessKeyId: "AKIAZZZZZZZZZZZZZZZZ" } }).send(new DescribeVpcsCommand({})));
      await sdkError(ec2({ ...heidi, credentials: { ...heidi.credentials, secretAccessKey: "z".repeat(40) } }).send(new DescribeVpcsCommand({})));
      await flushActivity();
      expect((await db.select().from(sandboxActivity)).length).toBe(before + 1);
      const [row] = await listActivity(heidi.accountId);
      expect(row).toMatchObject({ httpStatus: 401, errorCode: "AuthFailure", accessKeyId: heidi.credentials.accessKeyId });
    });
  });

  it("keeps state across a restart (database closed and reopened, caches gone)", async () => {
    const ivan = await sandbox.newAccount();
    const { Vpc } = await ec2(ivan).send(new CreateVpcCommand({ CidrBlock: "10.99.0.0/16" }));
    await flushActivity();
    await sandbox.reopenDatabase();
    forgetCachedStates();
    forgetCachedAccessKeys();
    const { Vpcs } = await ec2(ivan).send(new DescribeVpcsCommand({}));
    expect(Vpcs).toEqual([{ VpcId: Vpc!.VpcId, CidrBlock: "10.99.0.0/16", State: "available" }]);
  });
});
