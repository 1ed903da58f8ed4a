/** Test helpers for the S3, IAM and STS suites: SDK clients against a sandbox server, fresh buckets, raw signed requests, error capture. */
import { IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import { databaseKind, queryRows } from "@/lib/db/client";
import { sendRaw, signRequest } from "@/lib/sandbox/fuzz/wire";
import type { TestAccount } from "@/lib/sandbox/testing";
import { blobPath, writingPath } from "./model/blob-files";

/** Long-term keys, or temporary credentials with their session token. */
type Credentials = TestAccount["credentials"] & { sessionToken?: string };

export function s3Client(endpoint: string, credentials: Credentials, region = "us-east-1"): S3Client {
  return new S3Client({ endpoint, region, credentials, forcePathStyle: true, maxAttempts: 1 });
}

export function iamClient(endpoint: string, credentials: Credentials): IAMClient {
  return new IAMClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

export function stsClient(endpoint: string, credentials: Credentials): STSClient {
  return new STSClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

let bucketCount = 0;

/** A bucket name no other test takes (S3's namespace is global): the label, a count, random hex. */
export function uniqueBucketName(label: string): string {
  bucketCount += 1;
  return `${label}-${bucketCount}-${crypto.randomBytes(3).toString("hex")}`;
}

/** Creates a bucket with a fresh name through `client`; its name. */
export async function newBucket(client: S3Client, label: string): Promise<string> {
  const name = uniqueBucketName(label);
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** A request signed with `credentials` and sent as raw HTTP, to see what the SDK hides (a HEAD's empty body, an unparsed error). */
export async function rawS3Request(
  endpoint: string,
  credentials: Credentials,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  const signed = await signRequest(
    { method: request.method, path: `${url.pathname}${request.path}`, headers: request.headers ?? {}, body: Buffer.from(request.body ?? "") },
    url.host,
    { service: "s3", region: "us-east-1", credentials },
  );
  const agent = new http.Agent();
  const outcome = await sendRaw(Number(url.port), agent, signed, 10_000);
  agent.destroy();
  if (outcome.kind !== "response") throw new Error(`no response: ${outcome.kind}`);
  return { status: outcome.response.status, body: outcome.response.body.toString("utf8") };
}

export interface SdkError {
  name: string;
  message: string;
  status: number | undefined;
  /** The parsed XML error's extra fields (BucketName, Key, …) as the SDK exposes them. */
  fields: Record<string, unknown>;
}

/** The error a call failed with, as the SDK reports it; fails the test if the call succeeded. */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } } & Record<string, unknown>;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, fields: e };
  }
  throw new Error("expected the call to fail");
}

/** What an account's blobs take in storage: rows, bytes in the blob store, and chunk rows in the database. */
export async function storedBlobs(accountId: string): Promise<{ blobs: number; bytes: number; chunkRows: number }> {
  const blobs = await queryRows<{ id: string; chunks: number; chunkBytes: string | number }>(
    "select b.id, count(c.seq)::int as chunks, coalesce(sum(length(c.data)), 0) as \"chunkBytes\" from s3_blobs b left join s3_chunks c on c.blob_id = b.id where b.account_id = $1 group by b.id",
    [accountId],
  );
  const chunkRows = blobs.reduce((sum, blob) => sum + blob.chunks, 0);
  let bytes = blobs.reduce((sum, blob) => sum + Number(blob.chunkBytes), 0);
  if ((await databaseKind()) === "pglite") {
    for (const blob of blobs) bytes += (await fileSize(blobPath(blob.id))) + (await fileSize(writingPath(blob.id)));
  }
  return { blobs: blobs.length, bytes, chunkRows };
}

async function fileSize(file: string): Promise<number> {
  return fs.stat(file).then(
    (stat) => stat.size,
    () => 0,
  );
}
