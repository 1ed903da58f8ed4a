/**
 * GetObjectAttributes and RestoreObject through @aws-sdk/client-s3 and the AWS CLI: an object's
 * ETag (unquoted), checksum, part count, storage class and size as S3 reports them, S3's answers
 * to a missing or unknown attribute name, and S3's InvalidObjectState for restoring an object
 * that is not archived.
 */
import { describe, expect, it } from "vitest";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { cliEnv, runAwsCli } from "@/lib/sandbox/testing";
import { s3Client, sdkError, newBucket, rawS3Request } from "./testing";
import { accountForFile, clientForFile, sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
const alice = accountForFile(server);
const s3 = clientForFile(() => s3Client(server.endpoint, alice.credentials));


const ALL_ATTRIBUTES = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"] as const;

describe("GetObjectAttributes", () => {
  it("reports a PUT object's unquoted ETag, its SHA-256 checksum, STANDARD and its size", async () => {
    const bucket = await newBucket(s3, "attributes");
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "notes.txt", Body: "hello attributes", ChecksumAlgorithm: "SHA256" }));
    const attributes = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "notes.txt", ObjectAttributes: [...ALL_ATTRIBUTES] }));
    expect(attributes).toMatchObject({
      ETag: put.ETag!.replace(/"/g, ""),
      Checksum: { ChecksumSHA256: put.ChecksumSHA256, ChecksumType: "FULL_OBJECT" },
      StorageClass: "STANDARD",
      ObjectSize: 16,
    });
    expect(attributes.ObjectParts).toBeUndefined();
    expect(attributes.VersionId).toBeUndefined();
    expect(attributes.LastModified).toBeInstanceOf(Date);
    const sizeOnly = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "notes.txt", ObjectAttributes: ["ObjectSize"] }));
    expect(sizeOnly).toMatchObject({ ObjectSize: 16 });
    expect(sizeOnly.ETag).toBeUndefined();
    expect(sizeOnly.StorageClass).toBeUndefined();
  });

  it("counts a multipart object's parts and names the version of a versioned bucket", async () => {
    const bucket = await newBucket(s3, "attributes-parts");
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big.bin" }));
    const one = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "big.bin", UploadId, PartNumber: 1, Body: Buffer.alloc(5 * 1024 * 1024, 1) }));
    const two = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "big.bin", UploadId, PartNumber: 2, Body: Buffer.from("tail") }));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "big.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }),
    );
    const attributes = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "big.bin", ObjectAttributes: ["ObjectParts", "ObjectSize", "ETag"] }));
    expect(attributes).toMatchObject({ VersionId: done.VersionId, ObjectParts: { TotalPartsCount: 2 }, ObjectSize: 5 * 1024 * 1024 + 4, ETag: done.ETag!.replace(/"/g, "") });
  });

  it("answers S3's errors: no attribute named, an unknown name, a missing key", async () => {
    const bucket = await newBucket(s3, "attributes-errors");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const missing = await rawS3Request(server.endpoint, alice.credentials, { method: "GET", path: `/${bucket}/k?attributes` });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain(
      "<Code>InvalidRequest</Code><Message>The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty</Message>",
    );
    expect(await sdkError(s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "k", ObjectAttributes: ["Dummy" as never] })))).toMatchObject({
      name: "InvalidArgument",
      message: "Invalid attribute name specified.",
      status: 400,
      fields: { ArgumentName: "x-amz-object-attributes", ArgumentValue: "Dummy" },
    });
    expect(await sdkError(s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "absent", ObjectAttributes: ["ETag"] })))).toMatchObject({
      name: "NoSuchKey",
      status: 404,
    });
  });

  it("works from the AWS CLI (s3api get-object-attributes)", async () => {
    const bucket = await newBucket(s3, "attributes-cli");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "abc" }));
    const cli = await runAwsCli(["s3api", "get-object-attributes", "--bucket", bucket, "--key", "a.txt", "--object-attributes", "ObjectSize", "StorageClass"], cliEnv(alice, server.endpoint));
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ObjectSize: 3, StorageClass: "STANDARD" });
  });
});

describe("RestoreObject", () => {
  it("an object in S3 Standard is S3's InvalidObjectState; a missing one NoSuchKey", async () => {
    const bucket = await newBucket(s3, "restore");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    expect(await sdkError(s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: "k", RestoreRequest: { Days: 1 } })))).toMatchObject({
      name: "InvalidObjectState",
      message: "Restore is not allowed for the object's current storage class",
      status: 403,
    });
    expect(await sdkError(s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: "absent", RestoreRequest: { Days: 1 } })))).toMatchObject({ name: "NoSuchKey", status: 404 });
  });
});
