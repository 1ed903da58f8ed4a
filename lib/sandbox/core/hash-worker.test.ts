import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { BATCH_BYTES, HashJob, RING_BYTES } from "./hash-worker";

function crc32Bytes(data: Buffer): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(data) >>> 0);
  return out;
}

function expected(data: Buffer): Buffer[] {
  return [crypto.createHash("md5").update(data).digest(), crypto.createHash("sha256").update(data).digest(), crc32Bytes(data), crypto.createHash("sha1").update(data).digest()];
}

/** Feeds `data` to a job in pieces of `pieceBytes`, as a socket delivers a body. */
async function hashInPieces(data: Buffer, pieceBytes: number): Promise<Buffer[]> {
  const job = new HashJob(["md5", "sha256", "crc32", "sha1"]);
  for (let offset = 0; offset < data.length; offset += pieceBytes) await job.update(data.subarray(offset, offset + pieceBytes));
  return job.digests();
}

describe("hash worker", () => {
  it("gives the digests node computes, for payloads hashed in place (under a batch) and on the worker", async () => {
    for (const size of [0, 1, 5000, BATCH_BYTES - 1, BATCH_BYTES, BATCH_BYTES + 1, 5 * 1024 * 1024 + 7]) {
      const data = crypto.randomBytes(size);
      expect(await hashInPieces(data, 65_536), `${size} bytes`).toEqual(expected(data));
    }
  });

  it("keeps jobs apart when their pieces interleave, and a cancelled job disturbs no other", async () => {
    const payloads = [crypto.randomBytes(3 * BATCH_BYTES + 11), crypto.randomBytes(2 * BATCH_BYTES), crypto.randomBytes(4 * BATCH_BYTES + 5)];
    const jobs = payloads.map(() => new HashJob(["md5", "sha256", "crc32", "sha1"]));
    const cancelled = new HashJob(["md5"]);
    const piece = 50_000;
    for (let offset = 0; offset < 4 * BATCH_BYTES + 5; offset += piece) {
      await Promise.all(payloads.map((data, n) => (offset < data.length ? jobs[n].update(data.subarray(offset, offset + piece)) : undefined)));
      await cancelled.update(crypto.randomBytes(piece));
      if (offset > 2 * BATCH_BYTES) cancelled.cancel();
    }
    expect(await Promise.all(jobs.map((job) => job.digests()))).toEqual(payloads.map(expected));
  });

  /** CPU time of this thread (the event loop's) alone, in ms: Linux's schedstat counts each thread apart. */
  const loopCpuMs = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;

  async function leastLoopCpuMs(work: () => Promise<void>): Promise<number> {
    let least = Infinity;
    for (let run = 0; run < 3; run++) {
      const before = loopCpuMs();
      await work();
      least = Math.min(least, loopCpuMs() - before);
    }
    return least;
  }

  it.skipIf(!fs.existsSync(`/proc/self/task/${process.pid}/schedstat`))("leaves the event loop free: hashing 48 MiB costs the loop a fraction of the CPU hashing it in place costs", async () => {
    const data = crypto.randomBytes(48 * 1024 * 1024);
    // The ring's pages mapped and the worker started, as in a server that has taken an upload before.
    await hashInPieces(data.subarray(0, RING_BYTES), 65_536);
    const inPlace = expected(data);
    // Each side's least of three runs: a run the machine's other work interrupted counts that work too.
    const inPlaceMs = await leastLoopCpuMs(async () => void expected(data));
    const offThreadMs = await leastLoopCpuMs(async () => expect(await hashInPieces(data, 65_536)).toEqual(inPlace));
    // The loop only copies each batch into the ring.
    expect(offThreadMs).toBeLessThan(inPlaceMs / 3);
  });

  it("makes a fast producer wait while the shared ring is full, so memory stays bounded", async () => {
    const job = new HashJob(["md5", "sha256", "crc32", "sha1"]);
    const piece = crypto.randomBytes(BATCH_BYTES);
    let waited = 0;
    for (let n = 0; n < (4 * RING_BYTES) / BATCH_BYTES; n++) {
      const update = job.update(piece);
      let settled = false;
      void update.then(() => (settled = true));
      await Promise.resolve();
      await Promise.resolve();
      if (!settled) waited++;
      await update;
    }
    const expectedDigests = expected(Buffer.concat(Array.from({ length: (4 * RING_BYTES) / BATCH_BYTES }, () => piece)));
    expect(await job.digests()).toEqual(expectedDigests);
    expect(waited).toBeGreaterThan(0);
  });
});
