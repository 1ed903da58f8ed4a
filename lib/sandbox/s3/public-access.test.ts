/**
 * Block Public Access enforced as S3 enforces it, through @aws-sdk/client-s3: BlockPublicPolicy
 * refuses a public bucket policy (S3's AccessDenied naming the setting), RestrictPublicBuckets
 * keeps a public policy from granting other accounts anything, BlockPublicAcls refuses public
 * ACLs on a bucket with ACLs on. "Public" is decided on the parsed policy: Lab 2's policies
 * (tied to a VPC endpoint) are not public.
 */
import { describe, expect, it } from "vitest";
import {
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { denyUnlessThroughEndpoint } from "@/lib/labs/lab2/policies";
import { s3Client, sdkError, newBucket } from "./testing";
import { accountForFile, clientForFile, sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
const alice = accountForFile(server);
const s3 = clientForFile(() => s3Client(server.endpoint, alice.credentials));

function policy(bucket: string, statement: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*`, ...statement }],
  });
}

const settings = (overrides: Record<string, boolean>) => ({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true, ...overrides });

describe("BlockPublicPolicy", () => {
  it("refuses a public policy on a new bucket with S3's AccessDenied, and accepts it once the setting is off", async () => {
    const bucket = await newBucket(s3, "public-policy");
    const refused = await sdkError(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy(bucket) })));
    expect(refused).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${alice.accountId}:user/lab-user is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    });
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: settings({ BlockPublicPolicy: false }) }));
    expect((await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy(bucket) }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic).toBe(true);
  });

  it("decides public on the policy's structure: fixed endpoint, account or narrow range are not public; negations, wildcards and wide ranges are", async () => {
    const bucket = await newBucket(s3, "structure");
    const put = (statement: Record<string, unknown>) => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy(bucket, statement) }));
    const accepted = [
      { Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } },
      { Condition: { StringEquals: { "aws:PrincipalAccount": alice.accountId } } },
      { Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } },
      { Principal: { AWS: `arn:aws:iam::${alice.accountId}:root` } },
      { Effect: "Deny" },
    ];
    for (const statement of accepted) expect((await put(statement)).$metadata.httpStatusCode, JSON.stringify(statement)).toBe(204);
    const refused = [
      { Principal: { AWS: "*" } },
      { Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } },
      { Condition: { StringLike: { "aws:SourceVpce": "vpce-*" } } },
      { Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/1" } } },
      { Condition: { StringEquals: { "s3:prefix": "public/" } } },
    ];
    for (const statement of refused) expect(await sdkError(put(statement)), JSON.stringify(statement)).toMatchObject({ name: "AccessDenied", status: 403 });
    // Lab 2's policy (deny unless through the endpoint) is not public: it goes in with every block on (and then locks this caller out).
    const lab2 = denyUnlessThroughEndpoint(bucket, "vpce-0123456789abcdef0");
    expect((await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: lab2 }))).$metadata.httpStatusCode).toBe(204);
  });
});

describe("RestrictPublicBuckets", () => {
  it("limits a bucket with a public policy to its own account until the setting is off", async () => {
    const bucket = await newBucket(s3, "restricted");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "page.html", Body: "hello" }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: settings({ BlockPublicPolicy: false }) }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy(bucket) }));

    const bob = await server.newAccount();
    const bobS3 = s3Client(server.endpoint, bob.credentials);
    expect(await sdkError(bobS3.send(new GetObjectCommand({ Bucket: bucket, Key: "page.html" })))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${bob.accountId}:user/lab-user is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/page.html" because no resource-based policy allows the s3:GetObject action`,
    });
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "page.html" }))).Body!.transformToString()).toBe("hello");

    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: settings({ BlockPublicPolicy: false, RestrictPublicBuckets: false }) }));
    expect(await (await bobS3.send(new GetObjectCommand({ Bucket: bucket, Key: "page.html" }))).Body!.transformToString()).toBe("hello");
  });
});

describe("BlockPublicAcls", () => {
  it("refuses a public canned ACL on a bucket with ACLs on (AccessDenied), on the bucket and on a new object", async () => {
    const bucket = await newBucket(s3, "acls");
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    const denied = { name: "AccessDenied", status: 403, message: "Access Denied" };
    expect(await sdkError(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "public-read" })))).toMatchObject(denied);
    expect(await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x", ACL: "public-read-write" })))).toMatchObject(denied);
    const allUsers = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"';
    expect(await sdkError(s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: allUsers })))).toMatchObject(denied);
    expect((await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x", ACL: "private" }))).$metadata.httpStatusCode).toBe(200);
  });
});
