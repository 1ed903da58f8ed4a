/**
 * A bucket's sub-resources through @aws-sdk/client-s3, as Terraform's aws_s3_bucket_* resources
 * and Ansible's s3_bucket / s3_object read and write them: tagging, versioning, ACLs, default
 * encryption, public access block, ownership controls, object tags, and S3's answers for the
 * configurations a bucket never has (CORS, website, lifecycle, …), with S3's codes and messages.
 */
import { describe, expect, it } from "vitest";
import {
  CopyObjectCommand,
  DeleteBucketCorsCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketTaggingCommand,
  DeleteBucketWebsiteCommand,
  DeleteObjectTaggingCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListBucketAnalyticsConfigurationsCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { iamClient, s3Client, sdkError, newBucket, rawS3Request } from "./testing";
import { accountForFile, clientForFile, sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
const alice = accountForFile(server);
const s3 = clientForFile(() => s3Client(server.endpoint, alice.credentials));

const raw = (method: string, path: string) => rawS3Request(server.endpoint, alice.credentials, { method, path });

const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));

describe("bucket tagging", () => {
  it("a new bucket has no tag set (NoSuchTagSet); a put set reads back in order; deleting it returns to NoSuchTagSet", async () => {
    const bucket = await newBucket(s3, "tagging");
    const missing = await sdkError(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
    expect(missing).toMatchObject({ name: "NoSuchTagSet", message: "The TagSet does not exist", status: 404 });
    expect(missing.fields.BucketName).toBe(bucket);

    const put = await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "Project", Value: "vpc-lab" }, { Key: "Env", Value: "" }] } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual([
      { Key: "Project", Value: "vpc-lab" },
      { Key: "Env", Value: "" },
    ]);

    expect((await s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    expect(await sdkError(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })))).toMatchObject({ name: "NoSuchTagSet", status: 404 });
  });

  it("refuses duplicate keys, aws: keys and more than 50 tags with S3's errors, keeping the tags it had", async () => {
    const bucket = await newBucket(s3, "badtags");
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "keep", Value: "me" }] } }));
    const put = (TagSet: { Key: string; Value: string }[]) => sdkError(s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet } })));
    expect(await put([{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }])).toMatchObject({ name: "InvalidTag", message: "Cannot provide multiple Tags with the same key", status: 400 });
    expect(await put([{ Key: "aws:owner", Value: "me" }])).toMatchObject({ name: "InvalidTag", message: "System tags cannot be added/updated by requester", status: 400 });
    expect(await put([{ Key: "k".repeat(129), Value: "v" }])).toMatchObject({ name: "InvalidTag", message: "The TagKey you have provided is too long, max 128" });
    expect(await put(tags(51))).toMatchObject({ name: "BadRequest", message: "Bucket tag count cannot be greater than 50", status: 400 });
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual([{ Key: "keep", Value: "me" }]);
  });
});

describe("object tagging", () => {
  it("an untagged object answers an empty TagSet (what s3_object mode=put reads after uploading)", async () => {
    const bucket = await newBucket(s3, "objtags");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "plain.txt", Body: "x" }));
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "plain.txt" }));
    expect(tagging.TagSet).toEqual([]);
    expect(await sdkError(s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "absent" })))).toMatchObject({ name: "NoSuchKey", status: 404 });
  });

  it("x-amz-tagging on PutObject stores the tags, GetObject counts them, Put/DeleteObjectTagging replace and clear them", async () => {
    const bucket = await newBucket(s3, "objtags2");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "report.csv", Body: "a,b", Tagging: "team=net%20ops&stage=draft" }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "report.csv" }))).TagSet).toEqual([
      { Key: "team", Value: "net ops" },
      { Key: "stage", Value: "draft" },
    ]);
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "report.csv" }))).TagCount).toBe(2);

    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "report.csv", Tagging: { TagSet: [{ Key: "stage", Value: "final" }] } }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "report.csv" }))).TagSet).toEqual([{ Key: "stage", Value: "final" }]);
    expect((await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "report.csv" }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "report.csv" }))).TagSet).toEqual([]);
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "report.csv" }))).TagCount).toBeUndefined();
  });

  it("refuses more than 10 object tags (BadRequest) and a duplicated x-amz-tagging name (InvalidArgument), storing nothing", async () => {
    const bucket = await newBucket(s3, "objtags3");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    expect(await sdkError(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "o", Tagging: { TagSet: tags(11) } })))).toMatchObject({
      name: "BadRequest",
      message: "Object tags cannot be greater than 10",
      status: 400,
    });
    const duplicate = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "dup", Body: "x", Tagging: "a=1&a=2" })));
    expect(duplicate).toMatchObject({
      name: "InvalidArgument",
      message: "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
      status: 400,
    });
    expect(duplicate.fields).toMatchObject({ ArgumentName: "x-amz-tagging", ArgumentValue: "a=1&a=2" });
    expect(await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "dup" })))).toMatchObject({ status: 404 });
  });

  it("CopyObject copies the source's tags by default and takes x-amz-tagging with TaggingDirective REPLACE", async () => {
    const bucket = await newBucket(s3, "copytags");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "src", Body: "x", Tagging: "a=1" }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy", CopySource: `${bucket}/src` }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "copy" }))).TagSet).toEqual([{ Key: "a", Value: "1" }]);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "replaced", CopySource: `${bucket}/src`, TaggingDirective: "REPLACE", Tagging: "b=2" }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "replaced" }))).TagSet).toEqual([{ Key: "b", Value: "2" }]);
  });
});

describe("versioning", () => {
  it("answers no Status until versioning is configured, then Enabled and Suspended; an unknown status is MalformedXML", async () => {
    const bucket = await newBucket(s3, "versioning");
    const never = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(never.Status).toBeUndefined();
    expect(never.MFADelete).toBeUndefined();
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Suspended" } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Suspended");
    const bad = await sdkError(s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "On" as "Enabled" } })));
    expect(bad).toMatchObject({ name: "MalformedXML", status: 400 });
  });
});

describe("ACLs", () => {
  it("a bucket and its objects belong to the owner alone: one FULL_CONTROL grant to the account's canonical id", async () => {
    const bucket = await newBucket(s3, "acl");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    const ownerId = (await s3.send(new ListBucketsCommand({}))).Owner!.ID;
    expect(ownerId).toMatch(/^[0-9a-f]{64}$/);
    for (const acl of [await s3.send(new GetBucketAclCommand({ Bucket: bucket })), await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: "o" }))]) {
      expect(acl.Owner).toEqual({ ID: ownerId });
      expect(acl.Grants).toEqual([{ Grantee: { ID: ownerId, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }]);
    }
  });

  it("with ObjectOwnership BucketOwnerEnforced, the private ACL is accepted and any other is AccessControlListNotSupported", async () => {
    const bucket = await newBucket(s3, "aclwrite");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    expect((await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "private" }))).$metadata.httpStatusCode).toBe(200);
    expect((await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: "o", ACL: "bucket-owner-full-control" }))).$metadata.httpStatusCode).toBe(200);
    const refused = { name: "AccessControlListNotSupported", message: "The bucket does not allow ACLs", status: 400 };
    expect(await sdkError(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "public-read" })))).toMatchObject(refused);
    expect(await sdkError(s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: "o", ACL: "public-read" })))).toMatchObject(refused);
    expect(await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "public", Body: "x", ACL: "public-read" })))).toMatchObject(refused);
  });

  it("explicit grants to another account are AccessControlListNotSupported on a new bucket, as a body or as grant headers", async () => {
    const bucket = await newBucket(s3, "aclgrants");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    const ownerId = (await s3.send(new ListBucketsCommand({}))).Owner!.ID!;
    const otherId = "a".repeat(64);
    const policy = {
      Owner: { ID: ownerId },
      Grants: [
        { Grantee: { ID: ownerId, Type: "CanonicalUser" as const }, Permission: "FULL_CONTROL" as const },
        { Grantee: { ID: otherId, Type: "CanonicalUser" as const }, Permission: "READ" as const },
      ],
    };
    const refused = { name: "AccessControlListNotSupported", message: "The bucket does not allow ACLs", status: 400 };
    expect(await sdkError(s3.send(new PutBucketAclCommand({ Bucket: bucket, AccessControlPolicy: policy })))).toMatchObject(refused);
    expect(await sdkError(s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: `id="${otherId}"` })))).toMatchObject(refused);
    expect(await sdkError(s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: "o", AccessControlPolicy: policy })))).toMatchObject(refused);
    expect((await s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants).toEqual([{ Grantee: { ID: ownerId, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }]);
  });
});

describe("default encryption", () => {
  it("answers SSE-S3 by default, stores an SSE-KMS default that objects then report, and deleting returns to SSE-S3", async () => {
    const bucket = await newBucket(s3, "encryption");
    const initial = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(initial.ServerSideEncryptionConfiguration?.Rules).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }]);

    const keyId = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: keyId }, BucketKeyEnabled: true }] },
      }),
    );
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: keyId }, BucketKeyEnabled: true },
    ]);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    expect(put).toMatchObject({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: keyId, BucketKeyEnabled: true });

    expect((await s3.send(new DeleteBucketEncryptionCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: "AES256",
    });
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "o" }))).ServerSideEncryption).toBe("AES256");
  });
});

describe("public access block and ownership controls", () => {
  it("a new bucket blocks all four; a put leaves omitted settings false; after delete it is NoSuchPublicAccessBlockConfiguration", async () => {
    const bucket = await newBucket(s3, "pab");
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
    expect((await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    const missing = await sdkError(s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
    expect(missing).toMatchObject({ name: "NoSuchPublicAccessBlockConfiguration", message: "The public access block configuration was not found", status: 404 });
    expect(missing.fields.BucketName).toBe(bucket);
  });

  it("a new bucket is BucketOwnerEnforced; ObjectWriter can be put; after delete it is OwnershipControlsNotFoundError", async () => {
    const bucket = await newBucket(s3, "ownership");
    const rules = async () => (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))).OwnershipControls?.Rules;
    expect(await rules()).toEqual([{ ObjectOwnership: "BucketOwnerEnforced" }]);
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    expect(await rules()).toEqual([{ ObjectOwnership: "ObjectWriter" }]);
    expect((await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    expect(await sdkError(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })))).toMatchObject({
      name: "OwnershipControlsNotFoundError",
      message: "The bucket ownership controls were not found",
      status: 404,
    });
  });
});

describe("configurations a bucket does not have", () => {
  it("answers each Get with S3's own NoSuch… error or empty document", async () => {
    const bucket = await newBucket(s3, "probes");
    const missing: [Promise<unknown>, string, string][] = [
      [s3.send(new GetBucketCorsCommand({ Bucket: bucket })), "NoSuchCORSConfiguration", "The CORS configuration does not exist"],
      [s3.send(new GetBucketWebsiteCommand({ Bucket: bucket })), "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"],
      [s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })), "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"],
      [s3.send(new GetBucketReplicationCommand({ Bucket: bucket })), "ReplicationConfigurationNotFoundError", "The replication configuration was not found"],
      [s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })), "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket"],
      [s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })), "NoSuchBucketPolicy", "The bucket policy does not exist"],
    ];
    for (const [call, name, message] of missing) {
      const error = await sdkError(call);
      expect(error).toMatchObject({ name, message, status: 404 });
      expect(error.fields.BucketName).toBe(bucket);
    }
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toBeUndefined();
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: bucket }))).Status).toBeUndefined();
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }))).Payer).toBe("BucketOwner");
    expect((await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations).toBeUndefined();
    expect(await s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket: bucket }))).toMatchObject({ IsTruncated: false });
  });

  it("HEAD on a sub-resource answers its GET's status without a body", async () => {
    const bucket = await newBucket(s3, "headprobe");
    expect(await raw("HEAD", `/${bucket}?cors`)).toEqual({ status: 404, body: "" });
    expect(await raw("HEAD", `/${bucket}?versioning`)).toEqual({ status: 200, body: "" });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    expect(await raw("HEAD", `/${bucket}/o?tagging`)).toEqual({ status: 200, body: "" });
  });

  it("GetBucketPolicyStatus says whether the policy grants everyone", async () => {
    const bucket = await newBucket(s3, "policystatus");
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    const statement = (condition?: object) => ({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*`, ...(condition ? { Condition: condition } : {}) });
    const status = async (policy: object) => {
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [policy] }) }));
      return (await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic;
    };
    expect(await status(statement())).toBe(true);
    expect(await status(statement({ StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }))).toBe(false);
  });

  it("deleting an absent configuration succeeds", async () => {
    const bucket = await newBucket(s3, "cors");
    expect((await s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new DeleteBucketWebsiteCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
  });
});

describe("authorization", () => {
  it("checks each sub-resource call against its own IAM action", async () => {
    const account = await server.newAccount();
    const client = s3Client(server.endpoint, account.credentials);
    const bucket = await newBucket(client, "authz");
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "o", Body: "x" }));
    const actions = ["s3:GetBucketTagging", "s3:PutEncryptionConfiguration", "s3:GetBucketPublicAccessBlock", "s3:PutObjectAcl", "s3:DeleteObjectTagging", "s3:GetObjectRetention"];
    const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: actions, Resource: "*" }] };
    await iamClient(server.endpoint, account.credentials).send(new PutUserPolicyCommand({ UserName: "lab-user", PolicyName: "deny-settings", PolicyDocument: JSON.stringify(deny) }));
    const denied = (action: string, resource = bucket) => ({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${account.accountId}:user/lab-user is not authorized to perform: ${action} on resource: "arn:aws:s3:::${resource}" with an explicit deny in an identity-based policy`,
    });
    expect(await sdkError(client.send(new GetBucketTaggingCommand({ Bucket: bucket })))).toMatchObject(denied("s3:GetBucketTagging"));
    expect(await sdkError(client.send(new DeleteBucketEncryptionCommand({ Bucket: bucket })))).toMatchObject(denied("s3:PutEncryptionConfiguration"));
    expect(await sdkError(client.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))).toMatchObject(denied("s3:GetBucketPublicAccessBlock"));
    expect(await sdkError(client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "o", ACL: "private" })))).toMatchObject(denied("s3:PutObjectAcl", `${bucket}/o`));
    expect(await sdkError(client.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "o" })))).toMatchObject(denied("s3:DeleteObjectTagging", `${bucket}/o`));
    expect(await sdkError(client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "o" })))).toMatchObject(denied("s3:GetObjectRetention", `${bucket}/o`));
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(200);
    expect((await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "o" }))).Grants).toHaveLength(1);
  });
});
