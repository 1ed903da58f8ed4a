/**
 * Object bytes streamed to storage: large objects up and down byte for byte (single PUT,
 * multipart, aws-chunked from the SDK), ranges across chunk boundaries, nothing left behind by a
 * refused, aborted or deleted upload, and other calls served while a big upload is in flight.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { testDatabaseKinds } from "@/lib/db/testing";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { S3_CHUNK_BYTES } from "./model/blob-chunks";
import { BlobWriter, dropBlob } from "./model/blobs";
import { putPart } from "./model/storage";
import { sdkError, s3Client, storedBlobs, newBucket } from "./testing";

let server: SandboxServer;
let account: TestAccount;
let s3: S3Client;

describe.each(testDatabaseKinds())("on %s", (database) => {
  beforeAll(async () => {
    server = await startSandboxServer({ database });
    account = await server.newAccount();
    s3 = s3Client(server.endpoint, account.credentials);
  });
  afterAll(async () => {
    await server.close();
  });

  async function bytesOf(bucket: string, key: string, range?: string): Promise<Buffer> {
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
    return Buffer.from(await read.Body!.transformToByteArray());
  }

  /** Blobs and bytes the account's objects take in storage. */
  const storedBytes = () => storedBlobs(account.accountId);

  const md5 = (bytes: Buffer) => `"${crypto.createHash("md5").update(bytes).digest("hex")}"`;

  it("stores a 3 MiB object byte for byte and serves it whole and in ranges across chunk and read boundaries", async () => {
    const bucket = await newBucket(s3, "chunks");
    const body = crypto.randomBytes(3 * 1024 * 1024 + 123);
    const before = await storedBytes();
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "big.bin", Body: body }));
    expect(put.ETag).toBe(md5(body));
    const after = await storedBytes();
    expect(after.bytes - before.bytes).toBe(body.length);
    expect((await bytesOf(bucket, "big.bin")).equals(body)).toBe(true);
    for (const [start, end] of [
      [S3_CHUNK_BYTES - 10, S3_CHUNK_BYTES + 10],
      [0, 0],
      [5 * S3_CHUNK_BYTES, body.length - 1],
      [S3_CHUNK_BYTES, 3 * S3_CHUNK_BYTES - 1],
      [1024 * 1024 - 10, 2 * 1024 * 1024 + 10],
    ]) {
      const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "big.bin", Range: `bytes=${start}-${end}` }));
      expect(read.ContentRange).toBe(`bytes ${start}-${end}/${body.length}`);
      expect(read.ContentLength).toBe(end - start + 1);
      expect(Buffer.from(await read.Body!.transformToByteArray()).equals(body.subarray(start, end + 1))).toBe(true);
    }
    expect((await bytesOf(bucket, "big.bin", "bytes=-300")).equals(body.subarray(body.length - 300))).toBe(true);
  });

  it("takes an aws-chunked upload with a trailing CRC32 from the SDK (a stream body) and keeps the checksum", async () => {
    const bucket = await newBucket(s3, "chunked");
    const body = crypto.randomBytes(1024 * 1024 + 7);
    const sent: Record<string, string>[] = [];
    const client = s3Client(server.endpoint, account.credentials);
    client.middlewareStack.add((next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: "finalizeRequest" });
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: "stream.bin", Body: Readable.from([body.subarray(0, 5000), body.subarray(5000)]), ContentLength: body.length }));
    expect(sent[0]["content-encoding"]).toContain("aws-chunked");
    expect(sent[0]["x-amz-trailer"]).toBe("x-amz-checksum-crc32");
    const crc32 = Buffer.alloc(4);
    crc32.writeUInt32BE((await import("node:zlib")).crc32(body));
    expect(put.ChecksumCRC32).toBe(crc32.toString("base64"));
    expect(put.ETag).toBe(md5(body));
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "stream.bin", ChecksumMode: "ENABLED" }));
    expect(read.ChecksumCRC32).toBe(crc32.toString("base64"));
    expect(Buffer.from(await read.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it("completes a multipart upload by reference to its parts: the bytes read back, ranges span parts, no byte is copied", async () => {
    const bucket = await newBucket(s3, "multipart");
    const one = crypto.randomBytes(5 * 1024 * 1024);
    const two = crypto.randomBytes(1024 * 1024 + 17);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "assembled.bin" }));
    const first = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "assembled.bin", UploadId, PartNumber: 1, Body: one }));
    const second = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "assembled.bin", UploadId, PartNumber: 2, Body: two }));
    const withParts = await storedBytes();
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: "assembled.bin",
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: first.ETag }, { PartNumber: 2, ETag: second.ETag }] },
      }),
    );
    expect(await storedBytes()).toEqual(withParts);
    const whole = Buffer.concat([one, two]);
    expect((await bytesOf(bucket, "assembled.bin")).equals(whole)).toBe(true);
    const across = `bytes=${one.length - 1000}-${one.length + 1000}`;
    expect((await bytesOf(bucket, "assembled.bin", across)).equals(whole.subarray(one.length - 1000, one.length + 1001))).toBe(true);
    // A copy refers to the same chunks too.
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy.bin", CopySource: `${bucket}/assembled.bin` }));
    expect(await storedBytes()).toEqual(withParts);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "assembled.bin" }));
    expect((await bytesOf(bucket, "copy.bin")).equals(whole)).toBe(true);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "copy.bin" }));
    expect((await storedBytes()).bytes).toBe(withParts.bytes - one.length - two.length);
  });

  it("leaves no byte behind after an abort, a replaced part, a bad digest, a refusal over the quota, or a delete", async () => {
    const bucket = await newBucket(s3, "leftovers");
    const before = await storedBytes();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "k" }));
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: crypto.randomBytes(600 * 1024) }));
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: crypto.randomBytes(300 * 1024) }));
    expect((await storedBytes()).bytes - before.bytes).toBe(300 * 1024);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId }));
    expect(await storedBytes()).toEqual(before);

    const wrongMd5 = crypto.createHash("md5").update("other").digest("base64");
    const digest = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: crypto.randomBytes(700 * 1024), ContentMD5: wrongMd5 })));
    expect(digest).toMatchObject({ name: "BadDigest", message: "The Content-MD5 you specified did not match what we received.", status: 400 });
    expect(await storedBytes()).toEqual(before);

    const quota = process.env.VPCLAB_S3_QUOTA_BYTES;
    process.env.VPCLAB_S3_QUOTA_BYTES = String(1024 * 1024);
    try {
      const refused = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: crypto.randomBytes(2 * 1024 * 1024) })));
      expect(refused).toMatchObject({ name: "QuotaExceeded", status: 403 });
    } finally {
      if (quota === undefined) delete process.env.VPCLAB_S3_QUOTA_BYTES;
      else process.env.VPCLAB_S3_QUOTA_BYTES = quota;
    }
    expect(await storedBytes()).toEqual(before);

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: crypto.randomBytes(400 * 1024) }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: crypto.randomBytes(100) }));
    expect((await storedBytes()).bytes - before.bytes).toBe(100);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    expect(await storedBytes()).toEqual(before);
  });

  it("holds parts to the quota: a replaced part counts once, and of two parts sent at once over it one is refused and leaves nothing", async () => {
    const bucket = await newBucket(s3, "part-quota");
    const before = await storedBytes();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "k" }));
    const quota = process.env.VPCLAB_S3_QUOTA_BYTES;
    process.env.VPCLAB_S3_QUOTA_BYTES = String(before.bytes + 1024 * 1024);
    try {
      const part = (number: number, kib: number) => s3.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: number, Body: crypto.randomBytes(kib * 1024) }));
      await part(1, 600);
      await part(1, 700);
      expect((await storedBytes()).bytes - before.bytes).toBe(700 * 1024);
      await part(1, 100);
      const raced = await Promise.allSettled([part(2, 600), part(3, 600)]);
      const refused = raced.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ name: "QuotaExceeded", $metadata: { httpStatusCode: 403 } });
      expect(String(refused[0].message)).toContain(`(${before.bytes + 700 * 1024} bytes in use)`);
      expect((await storedBytes()).bytes - before.bytes).toBe(700 * 1024);

      // Past the check made before the bytes are read (as a part racing another is): the write itself refuses.
      const writer = await BlobWriter.open(account.accountId);
      await writer.write(crypto.randomBytes(400 * 1024));
      const blob = await writer.finish();
      const late = { uploadId: UploadId!, partNumber: 4, etag: '"late"', lastModified: new Date() };
      await expect(putPart(account.accountId, late, blob)).rejects.toMatchObject({ code: "QuotaExceeded", httpStatus: 403 });
      expect(await putPart(account.accountId, { ...late, uploadId: "no-such-upload" }, null)).toBe(false);
      await dropBlob(blob.id);
      expect((await storedBytes()).bytes - before.bytes).toBe(700 * 1024);
    } finally {
      if (quota === undefined) delete process.env.VPCLAB_S3_QUOTA_BYTES;
      else process.env.VPCLAB_S3_QUOTA_BYTES = quota;
    }
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId }));
    const gone = await sdkError(s3.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: "x" })));
    expect(gone).toMatchObject({ name: "NoSuchUpload" });
    expect(await storedBytes()).toEqual(before);
  });

  it("serves other calls while a 20 MiB upload is in flight: the loop is never held for long", async () => {
    const bucket = await newBucket(s3, "fair");
    const body = crypto.randomBytes(20 * 1024 * 1024);
    const upload = s3.send(new PutObjectCommand({ Bucket: bucket, Key: "big.bin", Body: body }));
    let done = false;
    void upload.finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    // Small calls one after another for as long as the upload runs: each must finish well before it does.
    while (!done) {
      const started = performance.now();
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      latencies.push(performance.now() - started);
    }
    await upload;
    latencies.sort((a, b) => a - b);
    console.log(`HeadBucket during a 20 MiB PUT: ${latencies.length} calls, p50 ${latencies[latencies.length >> 1].toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    // Stored whole, the upload held the loop for seconds and at most a call or two got through.
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    expect((await bytesOf(bucket, "big.bin")).equals(body)).toBe(true);
  });
});
