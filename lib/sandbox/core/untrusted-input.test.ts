/**
 * Every parser of untrusted input, fed the names of Object.prototype's members (and their nested,
 * escaped and percent-encoded forms): each answers AWS's error or handles the name as an ordinary
 * name, and Object.prototype is never touched. Unsigned attacks go in as raw HTTP; signed ones go
 * through the real AWS SDK, their wire edited after serialization and before signing.
 */
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ListUsersCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DescribeInstanceInformationCommand, ListCommandInvocationsCommand, ListCommandsCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LAB2, lab2Snapshot } from "@/lib/analysis/fixtures";
import { runScript } from "@/lib/sandbox/hosts/run-script";
import { fakeServices } from "@/lib/sandbox/hosts/testing";
import { worldOf } from "@/lib/sandbox/hosts/world-from-snapshot";
import { iamClient, s3Client, sdkError, stsClient } from "@/lib/sandbox/s3/testing";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { listActivity } from "./activity";

const PROTOTYPE_NAMES = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf"];
const MALFORMED_QUERY = { name: "MalformedQueryString", message: "The query string contains a syntax error." };

// ---------------------------------------------------------------- Object.prototype stays as it was

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype)
  .sort()
  .map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)] as const);

function expectUntouchedPrototype(): void {
  const now = Object.getOwnPropertyNames(Object.prototype).sort();
  expect(now).toEqual(prototypeBefore.map(([name]) => name));
  for (const [name, descriptor] of prototypeBefore) expect(Object.getOwnPropertyDescriptor(Object.prototype, name), name).toEqual(descriptor);
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.policy).toBeUndefined();
}

/** Undoes a pollution, so that one failing test does not fail every later one. */
function restorePrototype(): void {
  const known = new Map(prototypeBefore);
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    if (!known.has(name)) delete (Object.prototype as Record<string, unknown>)[name];
  }
  for (const [name, descriptor] of known) Object.defineProperty(Object.prototype, name, descriptor!);
}

afterEach(() => {
  try {
    expectUntouchedPrototype();
  } finally {
    restorePrototype();
  }
});

// ---------------------------------------------------------------- helpers

interface RawResponse {
  status: number;
  body: string;
}

function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

/** The AWS error code of an XML or JSON error body. */
function errorCodeOf(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? (JSON.parse(body) as { __type?: string }).__type;
}

type AnyClient = { middlewareStack: { add(middleware: unknown, options: object): void } };

/** The part of the SDK's serialized request an edit touches. */
interface HttpRequest {
  body?: unknown;
  headers: Record<string, string>;
  query: Record<string, string | string[] | null>;
}

/**
 * Edits the request a client serialized, before it is checksummed and signed: the call stays a
 * valid signed call while carrying what no SDK command would send.
 */
function tamper<C extends AnyClient>(client: C, edit: (request: HttpRequest) => void): C {
  client.middlewareStack.add(
    (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      edit(args.request as HttpRequest);
      return next(args);
    },
    { step: "serialize", priority: "low", name: "tamperWithRequest" },
  );
  return client;
}

function appendToForm(suffix: string) {
  return (request: HttpRequest) => {
    request.body = `${String(request.body)}&${suffix}`;
  };
}

let server: SandboxServer;
let alice: TestAccount;

beforeAll(async () => {
  server = await startSandboxServer();
  alice = await server.newAccount();
});
afterAll(async () => {
  await server.close();
});

// ---------------------------------------------------------------- Query (EC2, IAM, STS): unsigned

describe("Query parameter names, unsigned (raw HTTP, as an <img> on any page sends them)", () => {
  const names = [
    "constructor.prototype.polluted=yes",
    "constructor.prototype.policy=%7B%22Statement%22%3A%5B%5D%7D",
    "__proto__.polluted=yes",
    "%5F%5Fproto%5F%5F.polluted=yes",
    "constructor%2Eprototype%2Epolluted=yes",
    "a.__proto__.polluted=yes",
    "Filter.1.constructor.prototype.polluted=yes",
    ...PROTOTYPE_NAMES.map((name) => `${name}=1&${name}.polluted=2`),
  ];

  it.each(names)("?%s is refused for want of credentials, Object.prototype untouched", async (query) => {
    for (const url of [`${server.endpoint}?${query}`, `${server.endpoint}?Action=DescribeVpcs&Version=2016-11-15&${query}`]) {
      const response = await rawRequest(url);
      expect(response.status).toBeLessThan(500);
      expect(errorCodeOf(response.body)).toBe("MissingAuthenticationToken");
    }
  });

  it.each(names)("a form body %s is refused for want of credentials, Object.prototype untouched", async (body) => {
    const response = await rawRequest(server.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Action=ListUsers&Version=2010-05-08&${body}` });
    expect(errorCodeOf(response.body)).toBe("MissingAuthenticationToken");
  });

  it("header names from Object.prototype are ordinary headers", async () => {
    const headers = Object.fromEntries(PROTOTYPE_NAMES.map((name) => [name, "polluted"]));
    const response = await rawRequest(`${server.endpoint}?Action=DescribeVpcs&Version=2016-11-15`, { headers });
    expect(errorCodeOf(response.body)).toBe("MissingAuthenticationToken");
  });
});

// ---------------------------------------------------------------- Query: signed, through the SDK

describe("Query parameter names, signed (SDK)", () => {
  const ec2 = () => new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: alice.credentials, maxAttempts: 1 });

  it("takes Object.prototype's names as ordinary unknown parameters: EC2's UnknownParameter, IAM ignores them", async () => {
    const names = PROTOTYPE_NAMES.filter((name) => name !== "__proto__");
    const suffix = [...names.map((name) => `${name}.prototype.polluted=x`), "Unknown.toString.valueOf=y"].join("&");
    const refused = await sdkError(tamper(ec2(), appendToForm(suffix)).send(new DescribeVpcsCommand({})));
    expect(refused).toMatchObject({ name: "UnknownParameter", status: 400 });
    expect(refused.message).toMatch(/^The parameter \S+ is not recognized$/);
    const { Users } = await tamper(iamClient(server.endpoint, alice.credentials), appendToForm(suffix)).send(new ListUsersCommand({}));
    expect(Users).toBeDefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it.each([
    "__proto__.polluted=yes",
    "__proto__=yes",
    "%5F%5Fproto%5F%5F.polluted=yes",
    "Filter.1.__proto__.polluted=yes",
    "a%00b=yes",
    "constructor%00.prototype=yes",
    "a..b=yes",
    "Filter.%2B1=yes",
    // Invalid UTF-8 (a lone byte, a bad sequence, an encoded surrogate), in a value or a name.
    "Foo=%FF",
    "Foo=%C3%28",
    "Foo=%ED%A0%80",
    "Foo%FF=1",
  ])("answers %s with MalformedQueryString (EC2, IAM, STS)", async (suffix) => {
    expect(await sdkError(tamper(ec2(), appendToForm(suffix)).send(new DescribeVpcsCommand({})))).toMatchObject(MALFORMED_QUERY);
    expect(await sdkError(tamper(iamClient(server.endpoint, alice.credentials), appendToForm(suffix)).send(new ListUsersCommand({})))).toMatchObject(MALFORMED_QUERY);
    expect(await sdkError(tamper(stsClient(server.endpoint, alice.credentials), appendToForm(suffix)).send(new GetCallerIdentityCommand({})))).toMatchObject(MALFORMED_QUERY);
  });
});

// ---------------------------------------------------------------- JSON 1.1 (SSM)

describe("JSON 1.1 input (SSM)", () => {
  const ssm = () => new SSMClient({ region: "us-east-1", endpoint: server.endpoint, credentials: alice.credentials, maxAttempts: 1 });

  it("takes __proto__, constructor and their escaped spellings as ordinary (unknown) members", async () => {
    const body =
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"\\u005f\\u005fproto\\u005f\\u005f":{"policy":"x"},' +
      '"toString":1,"valueOf":{"__proto__":{"polluted":"yes"}},"MaxResults":5}';
    const client = tamper(ssm(), (request) => {
      request.body = body;
    });
    const { InstanceInformationList } = await client.send(new DescribeInstanceInformationCommand({}));
    expect(InstanceInformationList).toEqual([]);
  });

  it.each(PROTOTYPE_NAMES)("answers a Filters key %s with DescribeInstanceInformation's filter error", async (key) => {
    expect(await sdkError(ssm().send(new DescribeInstanceInformationCommand({ Filters: [{ Key: key, Values: ["x"] }] })))).toMatchObject({
      name: "InvalidInstanceInformationFilterValue",
      message: `The filter key ${key} is not valid.`,
    });
  });

  it.each(PROTOTYPE_NAMES)("answers an InstanceInformationFilterList key %s with SSM's validation error", async (key) => {
    const error = await sdkError(ssm().send(new DescribeInstanceInformationCommand({ InstanceInformationFilterList: [{ key: key as never, valueSet: ["x"] }] })));
    expect(error).toMatchObject({
      name: "ValidationException",
      message: `1 validation error detected: Value '${key}' at 'instanceInformationFilterList.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [InstanceIds, AgentVersion, PingStatus, PlatformTypes, ActivationIds, IamRole, ResourceType, AssociationStatus]`,
    });
  });

  it.each(PROTOTYPE_NAMES)("answers a ListCommands / ListCommandInvocations filter key %s with SSM's validation error", async (key) => {
    const message = `1 validation error detected: Value '${key}' at 'filters.2.member.key' failed to satisfy constraint: Member must satisfy enum value set: [InvokedAfter, InvokedBefore, Status, ExecutionStage, DocumentName]`;
    const filters = [
      { key: "Status" as const, value: "Success" },
      { key: key as never, value: "x" },
    ];
    expect(await sdkError(ssm().send(new ListCommandsCommand({ Filters: filters })))).toMatchObject({ name: "ValidationException", message });
    expect(await sdkError(ssm().send(new ListCommandInvocationsCommand({ Filters: filters })))).toMatchObject({ name: "ValidationException", message });
  });
});

// ---------------------------------------------------------------- IAM and S3 policy documents (JSON)

describe("policy documents (JSON)", () => {
  it("refuses __proto__ and constructor members in an IAM policy as unknown fields", async () => {
    const iam = iamClient(server.endpoint, alice.credentials);
    for (const member of ['"__proto__":{"Effect":"Allow"}', '"constructor":{"prototype":{"polluted":"yes"}}']) {
      const document = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",${member}}]}`;
      expect((await sdkError(iam.send(new PutUserPolicyCommand({ UserName: "lab-user", PolicyName: "p", PolicyDocument: document })))).name).toBe("MalformedPolicyDocumentException");
    }
  });

  it("refuses __proto__ and constructor members in a bucket policy as unknown fields", async () => {
    const s3 = s3Client(server.endpoint, alice.credentials);
    const bucket = `proto-policy-${alice.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const member of ["__proto__", "constructor"]) {
      const document = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::${bucket}/*","${member}":{"x":1}}]}`;
      expect(await sdkError(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: document })))).toMatchObject({ name: "MalformedPolicy", message: `Unknown field ${member}` });
    }
  });
});

// ---------------------------------------------------------------- S3: XML bodies, headers, paths, query

describe("S3", () => {
  let s3: S3Client;
  let bucket: string;
  beforeAll(async () => {
    s3 = s3Client(server.endpoint, alice.credentials);
    bucket = `untrusted-${alice.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a" }));
  });

  it.each([
    "<Delete><__proto__><polluted>yes</polluted></__proto__></Delete>",
    "<Delete><constructor><prototype><polluted>yes</polluted></prototype></constructor></Delete>",
    "<__proto__><Delete><Object><Key>a.txt</Key></Object></Delete></__proto__>",
  ])("answers MalformedXML to DeleteObjects with %s", async (xml) => {
    const client = tamper(s3Client(server.endpoint, alice.credentials), (request) => {
      request.body = xml;
    });
    expect(await sdkError(client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "a.txt" }] } })))).toMatchObject({
      name: "MalformedXML",
      message: "The XML you provided was not well-formed or did not validate against our published schema",
    });
  });

  it("keeps object keys and metadata named after Object.prototype's members as ordinary names", async () => {
    for (const key of PROTOTYPE_NAMES) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key, Metadata: { constructor: "c", tostring: "t", valueof: "v" } }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.Metadata).toEqual({ constructor: "c", tostring: "t", valueof: "v" });
    }
    expect(await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "constructor/prototype" })))).toMatchObject({ name: "NoSuchKey" });
  });

  it("stores an x-amz-meta-__proto__ header as the metadata it is", async () => {
    const client = tamper(s3Client(server.endpoint, alice.credentials), (request) => {
      request.headers["x-amz-meta-__proto__"] = "proto-value";
    });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "meta-proto", Body: "x" }));
    const response = await rawHeadersOf(s3, bucket, "meta-proto");
    expect(response["x-amz-meta-__proto__"]).toBe("proto-value");
  });

  // (The SDK's signer cannot sign a query key "__proto__": S3 reads its query as a list of pairs anyway.)
  it.each(PROTOTYPE_NAMES.filter((name) => name !== "__proto__"))("answers GetObject with a query parameter named %s", async (name) => {
    const client = tamper(s3Client(server.endpoint, alice.credentials), (request) => {
      request.query = { ...request.query, [name]: "x" };
    });
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: "a.txt" }));
    expect(await object.Body!.transformToString()).toBe("a");
  });
});

/** HeadObject's raw response headers (the SDK's Metadata map cannot hold a "__proto__" key). */
async function rawHeadersOf(s3: S3Client, bucket: string, key: string): Promise<Record<string, string>> {
  let headers: Record<string, string> = {};
  s3.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      headers = (result.response as { headers: Record<string, string> }).headers;
      return result;
    },
    { step: "deserialize", priority: "low", name: "captureHeaders" },
  );
  await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  s3.middlewareStack.remove("captureHeaders");
  return headers;
}

// ---------------------------------------------------------------- the simulated hosts' shell

describe("the simulated hosts' shell", () => {
  const run = (script: string) => runScript(worldOf(lab2Snapshot()), fakeServices(), LAB2.instance, script);

  it("keeps variables named __proto__, constructor, toString… as variables, exported and in VAR=value prefixes", async () => {
    const assignments = PROTOTYPE_NAMES.map((name) => `${name}=${name}-value`).join(" ");
    const result = await run(`export ${assignments}\necho "$__proto__ $constructor $valueOf"\nenv\n__proto__=prefixed env`);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("__proto__-value constructor-value valueOf-value");
    for (const name of PROTOTYPE_NAMES) expect(lines).toContain(`${name}=${name}-value`);
    expect(lines).toContain("__proto__=prefixed");
  });

  it("treats files named after Object.prototype's members as files", async () => {
    const result = await run("cat constructor; cat __proto__; echo hi > toString; cat toString");
    expect(result.stderr).toBe("cat: constructor: No such file or directory\ncat: __proto__: No such file or directory\n");
    expect(result.stdout).toBe("hi\n");
  });
});

// ---------------------------------------------------------------- NUL and invalid UTF-8

describe("NUL in S3 arguments", () => {
  let s3: S3Client;
  let bucket: string;
  beforeAll(async () => {
    s3 = s3Client(server.endpoint, alice.credentials);
    bucket = `nul-${alice.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a" }));
  });

  it.each([
    ["prefix", () => new ListObjectsV2Command({ Bucket: bucket, Prefix: "a\u0000b" })],
    ["start-after", () => new ListObjectsV2Command({ Bucket: bucket, StartAfter: "a\u0000" })],
    ["marker", () => new ListObjectsCommand({ Bucket: bucket, Marker: "\u0000" })],
    ["delimiter", () => new ListObjectsV2Command({ Bucket: bucket, Delimiter: "\u0000" })],
  ] as const)("answers InvalidArgument for a NUL in %s", async (argument, command) => {
    const error = await sdkError(s3.send(command() as ListObjectsV2Command));
    expect(error).toMatchObject({ name: "InvalidArgument", status: 400, message: "Invalid Argument" });
    expect(error.fields.ArgumentName).toBe(argument);
  });

  it("answers InvalidArgument for a NUL in x-amz-copy-source", async () => {
    const error = await sdkError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy.txt", CopySource: `${bucket}/a%00.txt` })));
    expect(error).toMatchObject({ name: "InvalidArgument", status: 400, message: "Invalid copy source object key" });
    expect(error.fields.ArgumentName).toBe("x-amz-copy-source");
  });
});

describe("NUL and lone surrogates in the activity log", () => {
  it("logs a call whose JSON member names hold NUL and a lone surrogate, with U+FFFD in their place", async () => {
    const client = tamper(new SSMClient({ region: "us-east-1", endpoint: server.endpoint, credentials: alice.credentials, maxAttempts: 1 }), (request) => {
      request.body = '{"a\\u0000b":1,"c\\ud800":2}';
    });
    await client.send(new DescribeInstanceInformationCommand({}));
    const [logged] = await listActivity(alice.accountId, { limit: 1 });
    expect(logged).toMatchObject({ action: "DescribeInstanceInformation", summary: "a\uFFFDb, c\uFFFD", httpStatus: 200 });
  });
});
