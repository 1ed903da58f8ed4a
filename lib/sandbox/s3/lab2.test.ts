/**
 * Lab 2 Step 6 through the SDK: a "deny unless aws:SourceVpce" bucket policy locks out every
 * caller outside the endpoint — the console's own bucket view included — while ListBuckets still
 * works, and the account's root user can still delete the policy to recover, as on AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { sandboxRootCredentials } from "@/lib/sandbox/accounts";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { s3Client, sdkError } from "./testing";
import { bucketsForWorld } from "./buckets-with-policies";

let server: SandboxServer;
let student: TestAccount;

beforeAll(async () => {
  server = await startSandboxServer();
  student = await server.newAccount();
});
afterAll(async () => {
  await server.close();
});

const BUCKET = "nextwork-vpc-endpoints-ab";
const ENDPOINT_ID = "vpce-0a1b2c3d4e5f67890";

function endpointOnlyPolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyOutsideEndpoint",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { StringNotEquals: { "aws:SourceVpce": ENDPOINT_ID } },
      },
    ],
  });
}

describe("Lab 2 Step 6: the endpoint-only bucket policy", () => {
  it("denies lab-user outside the endpoint, leaves ListBuckets alone, and lets root delete the policy", async () => {
    const s3 = s3Client(server.endpoint, student.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "test.txt", Body: "from the lab" }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: endpointOnlyPolicy() }));
    expect(await bucketsForWorld(student.accountId)).toEqual([{ name: BUCKET, ownerAccountId: student.accountId, policy: endpointOnlyPolicy() }]);

    const user = `arn:aws:iam::${student.accountId}:user/lab-user`;
    expect(await sdkError(s3.send(new ListObjectsV2Command({ Bucket: BUCKET })))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: ${user} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}" with an explicit deny in a resource-based policy`,
    });
    expect((await sdkError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "test.txt" })))).message).toBe(
      `User: ${user} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${BUCKET}/test.txt" with an explicit deny in a resource-based policy`,
    );
    // lab-user is denied even the policy calls: the deny names s3:* for Principal "*".
    expect((await sdkError(s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET })))).name).toBe("AccessDenied");
    expect((await s3.send(new ListBucketsCommand({}))).Buckets!.map((bucket) => bucket.Name)).toEqual([BUCKET]);

    const root = s3Client(server.endpoint, await sandboxRootCredentials(student.accountId));
    expect((await sdkError(root.send(new ListObjectsV2Command({ Bucket: BUCKET })))).message).toBe(
      `User: arn:aws:iam::${student.accountId}:root is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}" with an explicit deny in a resource-based policy`,
    );
    expect((await root.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(endpointOnlyPolicy());
    expect((await root.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents!.map((object) => object.Key)).toEqual(["test.txt"]);
  });
});
