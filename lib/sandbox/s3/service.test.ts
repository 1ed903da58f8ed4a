/**
 * S3 through the real @aws-sdk/client-s3 (path-style, as the console's client): every operation's
 * success fields and its errors with S3's codes, messages and statuses.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { forgetCachedAccessKeys } from "@/lib/sandbox/accounts";
import { forgetCachedStates } from "@/lib/sandbox/core/state-store";
import { MAX_S3_BODY_BYTES } from "@/lib/sandbox/http";
import { MIN_PART_BYTES } from "./handlers/multipart";
import { s3Client, sdkError, newBucket, uniqueBucketName } from "./testing";
import { accountForFile, clientForFile, sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
const alice = accountForFile(server);
const s3 = clientForFile(() => s3Client(server.endpoint, alice.credentials));

async function text(body: { transformToString(): Promise<string> } | undefined): Promise<string> {
  return body!.transformToString();
}

describe("request size", () => {
  it("a PutObject over S3's 5 GiB is EntityTooLarge, answered on the announced size before the body is read, and stores nothing", async () => {
    const bucket = await newBucket(s3, "toolarge");
    const size = MAX_S3_BODY_BYTES + 1;
    // A body that could never be held whole: a few MiB are produced, then the stream stalls.
    let produced = 0;
    const body = new Readable({
      read() {
        if (produced < 4 * 1024 * 1024) {
          produced += 64 * 1024;
          this.push(Buffer.alloc(64 * 1024, 1));
        }
      },
    });
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "big", Body: body, ContentLength: size })));
    body.destroy();
    expect(error).toMatchObject({ name: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size", status: 400 });
    expect(error.fields).toMatchObject({ MaxSizeAllowed: String(MAX_S3_BODY_BYTES), ProposedSize: String(size) });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount).toBe(0);
  });
});

describe("buckets", () => {
  it("creates, lists, heads, locates and deletes a bucket", async () => {
    const name = uniqueBucketName("lab-bucket");
    const created = await s3.send(new CreateBucketCommand({ Bucket: name }));
    expect(created.Location).toBe(`/${name}`);
    const { Buckets, Owner } = await s3.send(new ListBucketsCommand({}));
    const listed = Buckets!.find((bucket) => bucket.Name === name)!;
    expect(listed.BucketRegion).toBe("us-east-1");
    expect(Math.abs(listed.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(Owner!.ID).toMatch(/^[0-9a-f]{64}$/);
    const head = await s3.send(new HeadBucketCommand({ Bucket: name }));
    expect(head.BucketRegion).toBe("us-east-1");
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint).toBeUndefined();
    expect((await s3.send(new DeleteBucketCommand({ Bucket: name }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets!.map((bucket) => bucket.Name)).not.toContain(name);
  });

  it("keeps one namespace across accounts: BucketAlreadyExists for another's name", async () => {
    const name = await newBucket(s3, "taken");
    const bob = await server.newAccount();
    const error = await sdkError(s3Client(server.endpoint, bob.credentials).send(new CreateBucketCommand({ Bucket: name })));
    expect(error).toMatchObject({
      name: "BucketAlreadyExists",
      status: 409,
      message: "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
    });
    expect(error.fields.BucketName).toBe(name);
  });

  it("answers 200 to re-creating your own us-east-1 bucket, BucketAlreadyOwnedByYou elsewhere", async () => {
    const name = await newBucket(s3, "mine");
    expect((await s3.send(new CreateBucketCommand({ Bucket: name }))).$metadata.httpStatusCode).toBe(200);
    const europe = s3Client(server.endpoint, alice.credentials, "eu-west-1");
    const euName = uniqueBucketName("mine-eu");
    await europe.send(new CreateBucketCommand({ Bucket: euName, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    expect((await europe.send(new GetBucketLocationCommand({ Bucket: euName }))).LocationConstraint).toBe("eu-west-1");
    const again = await sdkError(europe.send(new CreateBucketCommand({ Bucket: euName, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })));
    expect(again).toMatchObject({ name: "BucketAlreadyOwnedByYou", status: 409, message: "Your previous request to create the named bucket succeeded and you already own it." });
  });

  it("refuses invalid names and mismatched location constraints", async () => {
    for (const invalid of ["ab", "Upper-Case", "has_underscore", "192.168.5.4", "two..dots", "-leading", "xn--punycode", "ends-s3alias"]) {
      const error = await sdkError(s3.send(new CreateBucketCommand({ Bucket: invalid })));
      expect(error, invalid).toMatchObject({ name: "InvalidBucketName", status: 400, message: "The specified bucket is not valid." });
      expect(error.fields.BucketName).toBe(invalid);
    }
    const wrongRegion = await sdkError(s3.send(new CreateBucketCommand({ Bucket: uniqueBucketName("where"), CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })));
    expect(wrongRegion).toMatchObject({
      name: "IllegalLocationConstraintException",
      status: 400,
      message: "The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.",
    });
  });

  it("NoSuchBucket for a bucket nobody has, and BucketNotEmpty until its objects are gone", async () => {
    const missing = await sdkError(s3.send(new ListObjectsV2Command({ Bucket: "no-such-bucket-anywhere-1" })));
    expect(missing).toMatchObject({ name: "NoSuchBucket", status: 404, message: "The specified bucket does not exist" });
    expect(missing.fields.BucketName).toBe("no-such-bucket-anywhere-1");
    expect(await sdkError(s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket-anywhere-1" })))).toMatchObject({ name: "NotFound", status: 404 });
    const name = await newBucket(s3, "full");
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "k", Body: "x" }));
    expect(await sdkError(s3.send(new DeleteBucketCommand({ Bucket: name })))).toMatchObject({
      name: "BucketNotEmpty",
      status: 409,
      message: "The bucket you tried to delete is not empty",
    });
    await s3.send(new DeleteObjectCommand({ Bucket: name, Key: "k" }));
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
  });
});

describe("bucket policies", () => {
  const allowRead = (bucket: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }] });

  it("puts, gets (verbatim) and deletes a policy; NoSuchBucketPolicy without one", async () => {
    const name = await newBucket(s3, "policy");
    // A public policy needs BlockPublicPolicy off, as on S3 (every new bucket blocks public access).
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
    const missing = await sdkError(s3.send(new GetBucketPolicyCommand({ Bucket: name })));
    expect(missing).toMatchObject({ name: "NoSuchBucketPolicy", status: 404, message: "The bucket policy does not exist" });
    const policy = `  ${allowRead(name)}  `;
    expect((await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy).toBe(policy);
    expect((await s3.send(new DeleteBucketPolicyCommand({ Bucket: name }))).$metadata.httpStatusCode).toBe(204);
    expect((await sdkError(s3.send(new GetBucketPolicyCommand({ Bucket: name })))).name).toBe("NoSuchBucketPolicy");
  });

  it("refuses malformed policies with S3's messages", async () => {
    const name = await newBucket(s3, "malformed");
    const statement = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${name}/*` };
    const cases: [string, string][] = [
      ["not json", "Policies must be valid JSON and the first byte must be '{'"],
      ["{ broken", "This policy contains invalid Json"],
      [JSON.stringify({ Version: "2012-10-17" }), "Missing required field Statement"],
      [JSON.stringify({ Version: "2012-10-17", Statement: [] }), "Could not parse the policy: Statement is empty!"],
      [JSON.stringify({ Version: "2012-10-18", Statement: [statement] }), "The policy must contain a valid version string"],
      [JSON.stringify({ Statement: [{ ...statement, Effect: undefined }] }), "Missing required field Effect"],
      [JSON.stringify({ Statement: [{ ...statement, Effect: "Maybe" }] }), "Invalid effect: Maybe"],
      [JSON.stringify({ Statement: [{ ...statement, Principal: undefined }] }), "Missing required field Principal"],
      [JSON.stringify({ Statement: [{ ...statement, Principal: { AWS: "someone" } }] }), "Invalid principal in policy"],
      [JSON.stringify({ Statement: [{ ...statement, Action: "s3:FlyToTheMoon" }] }), "Policy has invalid action"],
      [JSON.stringify({ Statement: [{ ...statement, Resource: "arn:aws:s3:::another-bucket/*" }] }), "Policy has invalid resource"],
      [JSON.stringify({ Statement: [{ ...statement, Resource: `arn:aws:s3:::${name}` }] }), "Action does not apply to any resource(s) in statement"],
      [JSON.stringify({ Statement: [{ ...statement, Color: "blue" }] }), "Unknown field Color"],
    ];
    for (const [policy, message] of cases) {
      expect(await sdkError(s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }))), policy).toMatchObject({ name: "MalformedPolicy", status: 400, message });
    }
    expect((await sdkError(s3.send(new GetBucketPolicyCommand({ Bucket: name })))).name).toBe("NoSuchBucketPolicy");
  });
});

describe("objects", () => {
  it("puts and gets an object with its type, metadata, ETag, Last-Modified and length", async () => {
    const name = await newBucket(s3, "objects");
    const body = "hello, lab";
    const put = await s3.send(new PutObjectCommand({ Bucket: name, Key: "notes/hello.txt", Body: body, ContentType: "text/plain", Metadata: { author: "student" } }));
    const md5 = crypto.createHash("md5").update(body).digest("hex");
    expect(put.ETag).toBe(`"${md5}"`);
    expect(put.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: "notes/hello.txt" }));
    expect(got).toMatchObject({ ContentLength: body.length, ContentType: "text/plain", ETag: `"${md5}"`, Metadata: { author: "student" }, AcceptRanges: "bytes" });
    expect(got.LastModified!.getTime() % 1000).toBe(0);
    expect(await text(got.Body)).toBe(body);
    const head = await s3.send(new HeadObjectCommand({ Bucket: name, Key: "notes/hello.txt" }));
    expect(head).toMatchObject({ ContentLength: body.length, ETag: `"${md5}"`, ContentType: "text/plain" });
  });

  it("keeps binary bytes exactly and takes keys from the raw path (no '.', '..' or '//' normalisation)", async () => {
    const name = await newBucket(s3, "raw");
    const bytes = crypto.randomBytes(70_000);
    for (const key of ["a/../b", "./dot", "double//slash", "spaces and+plus %25.bin", "é/ü/日本.txt"]) {
      await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: bytes }));
      const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: key }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes), key).toBe(true);
    }
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: name }))).Contents!.map((object) => object.Key);
    expect(keys).toEqual(["./dot", "a/../b", "double//slash", "spaces and+plus %25.bin", "é/ü/日本.txt"]);
  });

  it("serves byte ranges (206 with Content-Range) and refuses unsatisfiable ones with InvalidRange", async () => {
    const name = await newBucket(s3, "ranges");
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "digits", Body: "0123456789" }));
    const cases: [string, string, string][] = [
      ["bytes=2-5", "2345", "bytes 2-5/10"],
      ["bytes=7-", "789", "bytes 7-9/10"],
      ["bytes=-3", "789", "bytes 7-9/10"],
      ["bytes=8-100", "89", "bytes 8-9/10"],
    ];
    for (const [range, expected, contentRange] of cases) {
      const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: "digits", Range: range }));
      expect(got.$metadata.httpStatusCode).toBe(206);
      expect(got.ContentRange).toBe(contentRange);
      expect(got.ContentLength).toBe(expected.length);
      expect(await text(got.Body)).toBe(expected);
    }
    const error = await sdkError(s3.send(new GetObjectCommand({ Bucket: name, Key: "digits", Range: "bytes=10-20" })));
    expect(error).toMatchObject({ name: "InvalidRange", status: 416, message: "The requested range is not satisfiable" });
    expect(error.fields.ActualObjectSize).toBe("10");
  });

  it("NoSuchKey for a missing key (NotFound on HEAD); DeleteObject of a missing key is 204", async () => {
    const name = await newBucket(s3, "missing");
    const error = await sdkError(s3.send(new GetObjectCommand({ Bucket: name, Key: "nope.txt" })));
    expect(error).toMatchObject({ name: "NoSuchKey", status: 404, message: "The specified key does not exist." });
    expect(error.fields.Key).toBe("nope.txt");
    expect(await sdkError(s3.send(new HeadObjectCommand({ Bucket: name, Key: "nope.txt" })))).toMatchObject({ name: "NotFound", status: 404 });
    expect((await s3.send(new DeleteObjectCommand({ Bucket: name, Key: "nope.txt" }))).$metadata.httpStatusCode).toBe(204);
  });

  it("answers conditional GETs: 304 for a current copy, PreconditionFailed for a changed one", async () => {
    const name = await newBucket(s3, "conditions");
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: name, Key: "k", Body: "v1" }));
    expect((await sdkError(s3.send(new GetObjectCommand({ Bucket: name, Key: "k", IfNoneMatch: ETag })))).status).toBe(304);
    expect(await sdkError(s3.send(new GetObjectCommand({ Bucket: name, Key: "k", IfMatch: '"0000"' })))).toMatchObject({
      name: "PreconditionFailed",
      status: 412,
      message: "At least one of the pre-conditions you specified did not hold",
    });
    expect(await text((await s3.send(new GetObjectCommand({ Bucket: name, Key: "k", IfMatch: ETag }))).Body)).toBe("v1");
  });

  it("copies objects (metadata kept or replaced) and refuses a copy onto itself without changes", async () => {
    const name = await newBucket(s3, "copies");
    const put = await s3.send(new PutObjectCommand({ Bucket: name, Key: "src.txt", Body: "copy me", ContentType: "text/plain", Metadata: { a: "1" } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: name, Key: "dst.txt", CopySource: `${name}/src.txt` }));
    expect(copied.CopyObjectResult!.ETag).toBe(put.ETag);
    const head = await s3.send(new HeadObjectCommand({ Bucket: name, Key: "dst.txt" }));
    expect(head).toMatchObject({ ContentType: "text/plain", Metadata: { a: "1" } });
    await s3.send(new CopyObjectCommand({ Bucket: name, Key: "dst.txt", CopySource: `${name}/src.txt`, MetadataDirective: "REPLACE", ContentType: "text/markdown", Metadata: { b: "2" } }));
    expect(await s3.send(new HeadObjectCommand({ Bucket: name, Key: "dst.txt" }))).toMatchObject({ ContentType: "text/markdown", Metadata: { b: "2" } });
    expect(await sdkError(s3.send(new CopyObjectCommand({ Bucket: name, Key: "src.txt", CopySource: `${name}/src.txt` })))).toMatchObject({
      name: "InvalidRequest",
      status: 400,
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
    expect((await sdkError(s3.send(new CopyObjectCommand({ Bucket: name, Key: "x", CopySource: `${name}/absent` })))).name).toBe("NoSuchKey");
  });

  it("deletes many objects at once, reporting each", async () => {
    const name = await newBucket(s3, "bulk");
    for (const key of ["a", "b", "c"]) await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: key }));
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: [{ Key: "a" }, { Key: "b" }, { Key: "never-was" }] } }));
    expect(result.Deleted!.map((entry) => entry.Key).sort()).toEqual(["a", "b", "never-was"]);
    expect(result.Errors).toBeUndefined();
    expect((await s3.send(new ListObjectsV2Command({ Bucket: name }))).Contents!.map((object) => object.Key)).toEqual(["c"]);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: [{ Key: "c" }], Quiet: true } }));
    expect(quiet.Deleted).toBeUndefined();
    expect((await s3.send(new ListObjectsV2Command({ Bucket: name }))).KeyCount).toBe(0);
  });
});

describe("XML bodies with characters XML does not allow", () => {
  it.each([
    ["a NUL in a key", "a\u0000b"],
    ["a control character in a key", "a\u0001b"],
  ])("DeleteObjects with %s is MalformedXML, and nothing is deleted", async (_name, key) => {
    const name = await newBucket(s3, "xmlchars");
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "keep", Body: "k" }));
    const error = await sdkError(s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: [{ Key: key }, { Key: "keep" }] } })));
    expect(error).toMatchObject({ name: "MalformedXML", status: 400 });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: name }))).KeyCount).toBe(1);
  });
});

describe("listing", () => {
  let name: string;
  const keys = ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/cover.jpg", "readme.txt", "zeta/z.txt"];

  beforeAll(async () => {
    name = await newBucket(s3, "listing");
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: key }));
  });

  it("ListObjectsV2 with a prefix and a delimiter gives contents and common prefixes", async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket: name, Delimiter: "/" }));
    expect(top.Contents!.map((object) => object.Key)).toEqual(["readme.txt"]);
    expect(top.CommonPrefixes!.map((prefix) => prefix.Prefix)).toEqual(["photos/", "zeta/"]);
    expect(top).toMatchObject({ KeyCount: 3, IsTruncated: false, Delimiter: "/", MaxKeys: 1000 });
    const photos = await s3.send(new ListObjectsV2Command({ Bucket: name, Prefix: "photos/", Delimiter: "/" }));
    expect(photos.Contents!.map((object) => object.Key)).toEqual(["photos/cover.jpg"]);
    expect(photos.CommonPrefixes!.map((prefix) => prefix.Prefix)).toEqual(["photos/2024/", "photos/2025/"]);
    const first = photos.Contents![0];
    expect(first).toMatchObject({ Size: "photos/cover.jpg".length, StorageClass: "STANDARD" });
    expect(first.ETag).toBe(`"${crypto.createHash("md5").update("photos/cover.jpg").digest("hex")}"`);
  });

  it("pages with MaxKeys and continuation tokens, never repeating a common prefix", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: name, Delimiter: "/", Prefix: "photos/", MaxKeys: 1, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((object) => object.Key!), ...(page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(["photos/2024/", "photos/2025/", "photos/cover.jpg"]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: name, StartAfter: "photos/cover.jpg" }));
    expect(after.Contents!.map((object) => object.Key)).toEqual(["readme.txt", "zeta/z.txt"]);
  });

  it("ListObjects (v1) pages with markers and names NextMarker with a delimiter", async () => {
    const page = await s3.send(new ListObjectsCommand({ Bucket: name, MaxKeys: 2 }));
    expect(page.Contents!.map((object) => object.Key)).toEqual(keys.slice(0, 2));
    expect(page.IsTruncated).toBe(true);
    expect(page.NextMarker).toBeUndefined();
    expect(page.Contents![0].Owner!.ID).toMatch(/^[0-9a-f]{64}$/);
    const next = await s3.send(new ListObjectsCommand({ Bucket: name, Marker: keys[1] }));
    expect(next.Contents!.map((object) => object.Key)).toEqual(keys.slice(2));
    const grouped = await s3.send(new ListObjectsCommand({ Bucket: name, Delimiter: "/", MaxKeys: 1 }));
    expect(grouped.CommonPrefixes!.map((prefix) => prefix.Prefix)).toEqual(["photos/"]);
    expect(grouped.NextMarker).toBe("photos/");
  });
});

describe("multipart uploads", () => {
  it("uploads in parts, lists them, completes with S3's multipart ETag, and the bytes read back", async () => {
    const name = await newBucket(s3, "multipart");
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: name, Key: "big.bin", ContentType: "application/zip" }));
    expect(UploadId).toMatch(/^[\w-]{40,}$/);
    const first = crypto.randomBytes(MIN_PART_BYTES);
    const second = crypto.randomBytes(1000);
    const one = await s3.send(new UploadPartCommand({ Bucket: name, Key: "big.bin", UploadId, PartNumber: 1, Body: first }));
    const two = await s3.send(new UploadPartCommand({ Bucket: name, Key: "big.bin", UploadId, PartNumber: 2, Body: second }));
    const parts = await s3.send(new ListPartsCommand({ Bucket: name, Key: "big.bin", UploadId }));
    expect(parts.Parts!.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([
      [1, first.length, one.ETag],
      [2, second.length, two.ETag],
    ]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: name }));
    expect(uploads.Uploads!.map((upload) => upload.UploadId)).toEqual([UploadId]);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: name, Key: "big.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }),
    );
    const md5s = Buffer.concat([first, second].map((part) => crypto.createHash("md5").update(part).digest()));
    expect(done.ETag).toBe(`"${crypto.createHash("md5").update(md5s).digest("hex")}-2"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: "big.bin" }));
    expect(got.ContentType).toBe("application/zip");
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([first, second]))).toBe(true);
    expect(await sdkError(s3.send(new ListPartsCommand({ Bucket: name, Key: "big.bin", UploadId })))).toMatchObject({ name: "NoSuchUpload", status: 404 });
  });

  it("refuses small non-final parts, parts out of order, unknown parts and unknown uploads", async () => {
    const name = await newBucket(s3, "multipart-errors");
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: name, Key: "k" }));
    const one = await s3.send(new UploadPartCommand({ Bucket: name, Key: "k", UploadId, PartNumber: 1, Body: "small" }));
    const two = await s3.send(new UploadPartCommand({ Bucket: name, Key: "k", UploadId, PartNumber: 2, Body: "also small" }));
    const complete = (parts: { PartNumber: number; ETag?: string }[]) =>
      sdkError(s3.send(new CompleteMultipartUploadCommand({ Bucket: name, Key: "k", UploadId, MultipartUpload: { Parts: parts } })));
    expect(await complete([{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }])).toMatchObject({
      name: "EntityTooSmall",
      status: 400,
      message: "Your proposed upload is smaller than the minimum allowed size",
    });
    expect(await complete([{ PartNumber: 2, ETag: two.ETag }, { PartNumber: 1, ETag: one.ETag }])).toMatchObject({
      name: "InvalidPartOrder",
      message: "The list of parts was not in ascending order. Parts must be ordered by part number.",
    });
    expect(await complete([{ PartNumber: 1, ETag: '"ffff"' }])).toMatchObject({
      name: "InvalidPart",
      message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    });
    expect(await sdkError(s3.send(new UploadPartCommand({ Bucket: name, Key: "k", UploadId, PartNumber: 10_001, Body: "x" })))).toMatchObject({
      name: "InvalidArgument",
      message: "Part number must be an integer between 1 and 10000, inclusive",
    });
    expect((await s3.send(new AbortMultipartUploadCommand({ Bucket: name, Key: "k", UploadId }))).$metadata.httpStatusCode).toBe(204);
    const gone = await sdkError(s3.send(new UploadPartCommand({ Bucket: name, Key: "k", UploadId, PartNumber: 1, Body: "x" })));
    expect(gone).toMatchObject({
      name: "NoSuchUpload",
      status: 404,
      message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: name }))).KeyCount).toBe(0);
  });
});

describe("accounts, quota and durability", () => {
  it("keeps accounts apart: another account's objects are AccessDenied, its buckets unlisted", async () => {
    const name = await newBucket(s3, "alice-private");
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "secret.txt", Body: "alice only" }));
    const bob = await server.newAccount();
    const bobS3 = s3Client(server.endpoint, bob.credentials);
    expect((await bobS3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    const bobArn = `arn:aws:iam::${bob.accountId}:user/lab-user`;
    expect(await sdkError(bobS3.send(new GetObjectCommand({ Bucket: name, Key: "secret.txt" })))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: ${bobArn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${name}/secret.txt" because no resource-based policy allows the s3:GetObject action`,
    });
    expect((await sdkError(bobS3.send(new PutObjectCommand({ Bucket: name, Key: "x", Body: "y" })))).name).toBe("AccessDenied");
    expect((await sdkError(bobS3.send(new ListObjectsV2Command({ Bucket: name })))).name).toBe("AccessDenied");
    expect((await sdkError(bobS3.send(new DeleteBucketCommand({ Bucket: name })))).name).toBe("AccessDenied");
    // A bucket policy can grant another account read access, as on AWS.
    const grant = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: bobArn }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${name}/*` }] };
    await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify(grant) }));
    expect(await text((await bobS3.send(new GetObjectCommand({ Bucket: name, Key: "secret.txt" }))).Body)).toBe("alice only");
    expect((await sdkError(bobS3.send(new DeleteObjectCommand({ Bucket: name, Key: "secret.txt" })))).name).toBe("AccessDenied");
  });

  it("refuses writes beyond the account's quota, counting replaced objects once", async () => {
    const carol = await server.newAccount();
    const carolS3 = s3Client(server.endpoint, carol.credentials);
    const name = await newBucket(carolS3, "quota");
    process.env.VPCLAB_S3_QUOTA_BYTES = "1000";
    try {
      await carolS3.send(new PutObjectCommand({ Bucket: name, Key: "a", Body: Buffer.alloc(600) }));
      await carolS3.send(new PutObjectCommand({ Bucket: name, Key: "a", Body: Buffer.alloc(900) }));
      const error = await sdkError(carolS3.send(new PutObjectCommand({ Bucket: name, Key: "b", Body: Buffer.alloc(200) })));
      expect(error).toMatchObject({
        name: "QuotaExceeded",
        status: 403,
        message:
          "This request would store 1100 bytes in the account's buckets, over the sandbox's S3 storage quota of 1000 bytes (900 bytes in use). Delete objects or abort multipart uploads to free space.",
      });
      await carolS3.send(new DeleteObjectCommand({ Bucket: name, Key: "a" }));
      await carolS3.send(new PutObjectCommand({ Bucket: name, Key: "b", Body: Buffer.alloc(200) }));
    } finally {
      delete process.env.VPCLAB_S3_QUOTA_BYTES;
    }
  });

  it("keeps object bytes across a database close and reopen", async () => {
    const name = await newBucket(s3, "durable");
    const bytes = crypto.randomBytes(300_000);
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "blob", Body: bytes }));
    await server.reopenDatabase();
    forgetCachedStates();
    forgetCachedAccessKeys();
    const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: "blob" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
  });
});
