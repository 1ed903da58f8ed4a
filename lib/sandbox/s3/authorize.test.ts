/**
 * S3's policy decisions: an explicit Deny wins however its JSON is spelled, and the shortcut that
 * skips the evaluator for administrators agrees with the evaluator (iam-simulate) on every
 * generated policy set.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { PutUserPolicyCommand } from "@aws-sdk/client-iam";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdentitySnapshot } from "@/lib/analysis";
import type { Caller } from "@/lib/sandbox/core/types";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { evaluateS3Request, plainlyAllowed, type S3Authorization } from "./authorize";
import { iamClient, s3Client, sdkError } from "./testing";

describe("an explicit Deny through the wire", () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("refuses what an inline policy denies with its Effect written \\u0044eny, beside AdministratorAccess", async () => {
    const account = await server.newAccount();
    const s3 = s3Client(server.endpoint, account.credentials);
    const bucket = `escaped-deny-${account.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "secret.txt", Body: "x" }));
    const escapedDeny = '{"Version":"2012-10-17","Statement":[{"Effect":"\\u0044eny","Action":"s3:GetObject","Resource":"*"}]}';
    await iamClient(server.endpoint, account.credentials).send(new PutUserPolicyCommand({ UserName: "lab-user", PolicyName: "no-reads", PolicyDocument: escapedDeny }));
    expect(await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "secret.txt" })))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${account.accountId}:user/lab-user is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/secret.txt" with an explicit deny in an identity-based policy`,
    });
  });
});

// ---------------------------------------------------------------- shortcut = evaluator

const ACCOUNT = "111122223333";
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/student`;
const ROLE_SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/lab-role/session`;

/** JSON string literals for a word, plain or with letters written as \uXXXX escapes. */
function spelled(word: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map(
    (escapes) => `"${[...word].map((c, i) => (escapes[i] ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c)).join("")}"`,
  );
}

const literal = (value: unknown) => fc.constant(JSON.stringify(value));
const effect = fc.oneof({ weight: 6, arbitrary: spelled("Allow") }, { weight: 3, arbitrary: spelled("Deny") }, { weight: 1, arbitrary: literal("allow") });
const actionValue = fc.oneof(spelled("*"), literal(["*"]), literal("s3:*"), literal("s3:GetObject"), literal(["s3:ListBucket", "*"]), literal(["s3:PutObject"]));
const resourceValue = fc.oneof(spelled("*"), literal(["*"]), literal("arn:aws:s3:::data/*"), literal(["arn:aws:s3:::other", "*"]), literal("arn:aws:s3:::data"));
const condition = fc.oneof(
  literal({ Bool: { "aws:SecureTransport": "true" } }),
  literal({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }),
  literal({ StringEquals: { "aws:PrincipalAccount": ACCOUNT } }),
  literal({}),
);

/** A statement as JSON text: Action or NotAction, Resource or NotResource, maybe a Condition, keys in any spelling. */
const statement = fc
  .record({
    effect,
    action: fc.tuple(fc.oneof(spelled("Action"), spelled("NotAction")), actionValue),
    resource: fc.tuple(fc.oneof(spelled("Resource"), spelled("NotResource")), resourceValue),
    condition: fc.option(condition, { nil: undefined }),
    sid: fc.option(literal("S1"), { nil: undefined }),
  })
  .map(({ effect: e, action, resource, condition: c, sid }) =>
    [sid && `"Sid":${sid}`, `"Effect":${e}`, `${action[0]}:${action[1]}`, `${resource[0]}:${resource[1]}`, c && `"Condition":${c}`].filter(Boolean).join(","),
  )
  .map((members) => `{${members}}`);

const policyDocument = fc.oneof(
  { weight: 3, arbitrary: literal({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) },
  {
    weight: 5,
    arbitrary: fc
      .record({ statements: fc.array(statement, { minLength: 1, maxLength: 3 }), single: fc.boolean() })
      .map(({ statements, single }) => `{"Version":"2012-10-17","Statement":${single && statements.length === 1 ? statements[0] : `[${statements.join(",")}]`}}`),
  },
);

const callerAndIdentity = fc
  .record({
    policies: fc.array(policyDocument, { minLength: 0, maxLength: 3 }),
    boundary: fc.option(policyDocument, { nil: undefined }),
  })
  .map(({ policies, boundary }): { caller: Caller; identity: IdentitySnapshot } =>
    boundary === undefined
      ? {
          caller: { arn: USER_ARN, accountId: ACCOUNT, userName: "student", accessKeyId: "AKIAEXAMPLE" },
          identity: { arn: USER_ARN, accountId: ACCOUNT, userName: "student", policies },
        }
      : {
          caller: {
            arn: ROLE_SESSION_ARN,
            accountId: ACCOUNT,
            userName: null,
            role: { roleName: "lab-role", roleId: "AROAEXAMPLE", roleArn: `arn:aws:iam::${ACCOUNT}:role/lab-role`, sessionName: "session" },
            accessKeyId: "ASIAEXAMPLE",
          },
          identity: { arn: ROLE_SESSION_ARN, accountId: ACCOUNT, userName: "lab-role", policies, permissionsBoundary: boundary },
        },
  );

const operation = fc.constantFrom(
  { action: "s3:GetObject", operation: "GetObject", key: "report.txt" },
  { action: "s3:PutObject", operation: "PutObject", key: "upload.bin" },
  { action: "s3:ListBucket", operation: "ListObjectsV2", key: undefined },
);

describe("the S3 authorization shortcut", () => {
  it("allows only what the policy evaluator allows, on generated policies (escaped spellings, NotAction/NotResource, conditions, boundaries)", async () => {
    let shortcutTaken = 0;
    await fc.assert(
      fc.asyncProperty(callerAndIdentity, operation, async ({ caller, identity }, op) => {
        const request: S3Authorization = {
          caller,
          region: "us-east-1",
          sourceIp: "203.0.113.7",
          action: op.action,
          operation: op.operation,
          bucket: { name: "data", ownerAccountId: ACCOUNT, policy: null },
          key: op.key,
        };
        if (!plainlyAllowed(request, identity)) return;
        shortcutTaken++;
        const verdict = await evaluateS3Request(request, identity);
        expect(verdict.allowed, `${op.action} with ${JSON.stringify(identity)}`).toBe(true);
      }),
      { seed: 13, numRuns: 1000 },
    );
    // The property means something only if the shortcut was taken often enough.
    expect(shortcutTaken).toBeGreaterThan(50);
  });

  it("is not taken when a policy's Effect is Deny in any spelling", () => {
    const request: S3Authorization = {
      caller: { arn: USER_ARN, accountId: ACCOUNT, userName: "student", accessKeyId: "AKIAEXAMPLE" },
      region: "us-east-1",
      sourceIp: "203.0.113.7",
      action: "s3:GetObject",
      operation: "GetObject",
      bucket: { name: "data", ownerAccountId: ACCOUNT, policy: null },
      key: "k",
    };
    const admin = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    const escapedDeny = '{"Version":"2012-10-17","Statement":[{"Effect":"\\u0044eny","Action":"s3:GetObject","Resource":"*"}]}';
    expect(plainlyAllowed(request, { arn: USER_ARN, accountId: ACCOUNT, userName: "student", policies: [admin] })).toBe(true);
    expect(plainlyAllowed(request, { arn: USER_ARN, accountId: ACCOUNT, userName: "student", policies: [admin, escapedDeny] })).toBe(false);
  });
});
