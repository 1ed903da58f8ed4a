/**
 * S3 object bytes on the product path (the console's own server, as `npm run demo` runs it):
 * tenant A uploads 5 MiB parts one after another, then puts a 100 MiB object in one PUT and reads
 * it back, while tenant B calls DescribeVpcs one call after another. Figures: A's UploadPart p50,
 * the 100 MiB object's throughput up and down, and B's p99 during all of it. The machine's load
 * average is printed with them: on a machine busy with other work the figures say less.
 */
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, CreateMultipartUploadCommand, AbortMultipartUploadCommand, GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type SandboxAccountKeys, startConsoleServer } from "./support/console-server";
import { type BenchResult, percentile, result } from "./types";

const PART_BYTES = 5 * 1024 * 1024;
const PARTS = 12;
const OBJECT_BYTES = 100 * 1024 * 1024;
const PART_P50_TARGET_MS = 50;
const THROUGHPUT_TARGET_MBPS = 100;
const P99_TARGET_MS = 50;
const WARM_UP_PARTS = 12;

function clientConfig(endpoint: string, keys: SandboxAccountKeys) {
  const requestHandler = new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 4 }), requestTimeout: 600_000 });
  return { endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1, requestHandler };
}

/** B's DescribeVpcs latencies, one call after another, until `done()` says stop. */
async function describeWhile(ec2: EC2Client, done: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  while (!done()) {
    const started = performance.now();
    await ec2.send(new DescribeVpcsCommand({}));
    samples.push(performance.now() - started);
  }
  return samples;
}

async function uploadPartTimes(s3: S3Client, bucket: string, parts = PARTS): Promise<number[]> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "parts.bin" }));
  const part = crypto.randomBytes(PART_BYTES);
  const times: number[] = [];
  for (let number = 1; number <= parts; number++) {
    const started = performance.now();
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "parts.bin", UploadId, PartNumber: number, Body: part }));
    times.push(performance.now() - started);
  }
  await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "parts.bin", UploadId }));
  return times;
}

/** MB/s (10^6 bytes a second) of a 100 MiB PUT and of reading it back. */
async function objectThroughput(s3: S3Client, bucket: string): Promise<{ up: number; down: number }> {
  const body = crypto.randomBytes(OBJECT_BYTES);
  let started = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "object.bin", Body: body }));
  const up = OBJECT_BYTES / 1e6 / ((performance.now() - started) / 1000);
  started = performance.now();
  const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "object.bin" }));
  let received = 0;
  for await (const piece of read.Body as AsyncIterable<Uint8Array>) received += piece.length;
  const down = OBJECT_BYTES / 1e6 / ((performance.now() - started) / 1000);
  if (received !== OBJECT_BYTES) throw new Error(`read back ${received} bytes of ${OBJECT_BYTES}`);
  return { up, down };
}

export default async function s3BytesBench(): Promise<BenchResult[]> {
  const { server, students } = await startConsoleServer({ students: 2, env: { VPCLAB_S3_QUOTA_BYTES: String(1024 * 1024 * 1024) } });
  try {
    const endpoint = `${server.url}/aws`;
    const [keysA, keysB] = students;
    const s3 = new S3Client({ ...clientConfig(endpoint, keysA), forcePathStyle: true });
    const victim = new EC2Client(clientConfig(endpoint, keysB));
    const bucket = `s3-bytes-${keysA.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // Warm-up of both tenants' paths: a server that has just started loads and compiles S3's code and
    // the database's on the first parts (the first part takes over a second, the next ten 100-400 ms,
    // measured); a class meets them warm. The cold parts are printed, not judged.
    await describeWhile(victim, (() => { let n = 0; return () => n++ >= 50; })());
    const cold = await uploadPartTimes(s3, bucket, WARM_UP_PARTS);
    let busy = true;
    const work = (async () => {
      const parts = await uploadPartTimes(s3, bucket);
      const throughput = await objectThroughput(s3, bucket);
      return { parts, throughput };
    })().finally(() => (busy = false));
    const during = await describeWhile(victim, () => !busy);
    const { parts, throughput } = await work;
    const load = os.loadavg()[0];
    console.error(`  s3 bytes: warm-up UploadPart 5 MiB after the server's start: ${cold.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    console.error(
      `  s3 bytes: UploadPart 5 MiB p50 ${percentile(parts, 50).toFixed(0)} ms (max ${Math.max(...parts).toFixed(0)}); 100 MiB up ${throughput.up.toFixed(1)} MB/s, down ${throughput.down.toFixed(1)} MB/s; ` +
        `B DescribeVpcs p50 ${percentile(during, 50).toFixed(1)} ms, p99 ${percentile(during, 99).toFixed(1)} ms over ${during.length} calls; load average ${load.toFixed(2)} on ${os.cpus().length} cores`,
    );
    return [
      result("s3 bytes: 5 MiB UploadPart p50", percentile(parts, 50), "ms", PART_P50_TARGET_MS),
      result("s3 bytes: 100 MiB object up (one PUT)", throughput.up, "MB/s", THROUGHPUT_TARGET_MBPS, true),
      result("s3 bytes: 100 MiB object down (GetObject)", throughput.down, "MB/s", THROUGHPUT_TARGET_MBPS, true),
      result("s3 bytes: tenant B DescribeVpcs p99 during the uploads and download", percentile(during, 99), "ms", P99_TARGET_MS),
    ];
  } finally {
    server.stop();
  }
}
