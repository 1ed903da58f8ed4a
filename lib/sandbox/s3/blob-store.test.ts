/**
 * Where object bytes live: files under the data directory with the embedded database (PGlite runs
 * on the server's own thread, so bytes in it stall every tenant), chunk rows on PostgreSQL (seen by
 * every app process); an upload the client abandons leaves nothing; the sweep removes what a crash
 * mid-upload left behind and nothing still in use.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { queryRows, replaceDatabase } from "@/lib/db/client";
import { testDatabaseKinds } from "@/lib/db/testing";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import type { BlobSink } from "./model/blob-backend";
import { blobFilesRoot, blobPath, fileBackend, writingPath } from "./model/blob-files";
import { BlobWriter, sweepOrphanBlobs } from "./model/blobs";
import { s3Client, storedBlobs, newBucket } from "./testing";

let server: SandboxServer;
let account: TestAccount;
let s3: S3Client;

async function bytesOf(bucket: string, key: string): Promise<Buffer> {
  const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await read.Body!.transformToByteArray());
}

async function blobIds(): Promise<string[]> {
  return (await queryRows<{ id: string }>("select id from s3_blobs where account_id = $1 order by id", [account.accountId])).map((row) => row.id);
}

async function chunkRows(): Promise<number> {
  const [row] = await queryRows<{ count: number }>("select count(*)::int as count from s3_chunks", []);
  return row.count;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    if (await condition()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe("on pglite (embedded)", () => {
  beforeAll(async () => {
    server = await startSandboxServer({ database: "pglite" });
    account = await server.newAccount();
    s3 = s3Client(server.endpoint, account.credentials);
  });
  afterAll(async () => {
    await server.close();
  });

  it("keeps an object's bytes in a file under the data directory and none in the database", async () => {
    const bucket = await newBucket(s3, "files");
    const body = crypto.randomBytes(1024 * 1024 + 99);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o.bin", Body: body }));
    const [id] = await blobIds();
    expect(fs.readFileSync(blobPath(id)).equals(body)).toBe(true);
    expect(blobPath(id).startsWith(path.join(process.env.VPCLAB_DATA_DIR!, "s3-blobs"))).toBe(true);
    expect(await chunkRows()).toBe(0);
    expect((await bytesOf(bucket, "o.bin")).equals(body)).toBe(true);
  });

  it("streams an upload into a file as it arrives, and leaves neither row nor file once the client goes away", async () => {
    const bucket = await newBucket(s3, "abandoned");
    const before = await blobIds();
    const body = new PassThrough();
    const aborter = new AbortController();
    const put = s3.send(new PutObjectCommand({ Bucket: bucket, Key: "gone.bin", Body: body, ContentLength: 8 * 1024 * 1024 }), { abortSignal: aborter.signal });
    put.catch(() => undefined);
    body.write(crypto.randomBytes(3 * 1024 * 1024));
    let writing = "";
    await until(async () => {
      const ids = (await blobIds()).filter((id) => !before.includes(id));
      writing = ids.length === 1 && fs.existsSync(writingPath(ids[0])) && fs.statSync(writingPath(ids[0])).size >= 1024 * 1024 ? ids[0] : "";
      return writing !== "";
    }, "the upload's bytes are in a file being written");
    expect(await chunkRows()).toBe(0);
    aborter.abort();
    body.destroy();
    await expect(put).rejects.toThrow();
    await until(async () => (await blobIds()).length === before.length, "the abandoned blob's row is gone");
    expect(fs.existsSync(writingPath(writing))).toBe(false);
    expect(fs.existsSync(blobPath(writing))).toBe(false);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "gone.bin" }))).rejects.toMatchObject({ name: "NoSuchKey" });
  });

  it("writes the pieces an upload arrives in to its file as they are, never copied into one buffer first", async () => {
    const handed: Buffer[] = [];
    const create = fileBackend.create;
    const spy = vi.spyOn(fileBackend, "create").mockImplementation(async (blobId) => {
      const sink = await create(blobId);
      const recording: BlobSink = {
        write: (pieces) => {
          for (const piece of pieces) handed.push(piece);
          return sink.write(pieces);
        },
        finish: () => sink.finish(),
        abort: () => sink.abort(),
      };
      return recording;
    });
    try {
      // 100,000-byte pieces: a 1 MiB write boundary falls inside one of them.
      const arrived = Array.from({ length: 25 }, (_, n) => Buffer.alloc(100_000, n));
      const writer = await BlobWriter.open(account.accountId);
      for (const piece of arrived) await writer.write(piece);
      const { id } = await writer.finish();
      expect(fs.readFileSync(blobPath(id)).equals(Buffer.concat(arrived))).toBe(true);
      const arrivedMemory = new Set<ArrayBufferLike>(arrived.map((piece) => piece.buffer));
      expect(handed.length).toBeGreaterThan(arrived.length);
      expect(handed.filter((piece) => !arrivedMemory.has(piece.buffer))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it("takes an upload's next MiB while the last one is still being written, and finishes only once every byte is in the file", async () => {
    const MIB = 1024 * 1024;
    const gates = Array.from({ length: 3 }, () => {
      let open!: () => void;
      return { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
    });
    let writes = 0;
    const create = fileBackend.create;
    const spy = vi.spyOn(fileBackend, "create").mockImplementation(async (blobId) => {
      const sink = await create(blobId);
      return {
        write: async (pieces) => {
          await gates[writes++].opened;
          await sink.write(pieces);
        },
        finish: () => sink.finish(),
        abort: () => sink.abort(),
      };
    });
    try {
      const bytes = crypto.randomBytes(2 * MIB + 5);
      const writer = await BlobWriter.open(account.accountId);
      const firstMiB = writer.write(bytes.subarray(0, MIB)).then(() => "taken");
      expect(await Promise.race([firstMiB, sleep(2000).then(() => "held until written")])).toBe("taken");
      const rest = writer.write(bytes.subarray(MIB));
      gates[0].open();
      await rest;
      let finished = false;
      const finishing = writer.finish().then((blob) => ((finished = true), blob));
      await sleep(100);
      expect(finished).toBe(false);
      gates[1].open();
      gates[2].open();
      const { id } = await finishing;
      expect(fs.readFileSync(blobPath(id)).equals(bytes)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it("the sweep also removes files whose blob row is gone (an account deleted with its rows)", async () => {
    const rowless = crypto.randomBytes(18).toString("base64url");
    fs.mkdirSync(path.dirname(blobPath(rowless)), { recursive: true });
    fs.writeFileSync(blobPath(rowless), "left behind");
    fs.mkdirSync(path.dirname(writingPath(rowless)), { recursive: true });
    fs.writeFileSync(writingPath(rowless), "left behind mid-write");
    await sweepOrphanBlobs();
    expect(fs.existsSync(blobPath(rowless))).toBe(false);
    expect(fs.existsSync(writingPath(rowless))).toBe(false);
    expect(fs.readdirSync(blobFilesRoot()).length).toBeGreaterThan(0);
  });
});

describe.each(testDatabaseKinds())("on %s", (database) => {
  beforeAll(async () => {
    server = await startSandboxServer({ database });
    account = await server.newAccount();
    s3 = s3Client(server.endpoint, account.credentials);
  });
  afterAll(async () => {
    await server.close();
  });

  it("sweeps blobs a crash left mid-upload or before they were used, and keeps blobs in use or still being written", async () => {
    const bucket = await newBucket(s3, "sweep");
    const kept = crypto.randomBytes(700 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "kept.bin", Body: kept }));
    // A crash mid-upload: bytes written, the request never finished.
    const abandoned = await BlobWriter.open(account.accountId);
    await abandoned.write(crypto.randomBytes(2 * 1024 * 1024));
    // A crash after the bytes were whole but before an object referred to them.
    const unused = await BlobWriter.open(account.accountId);
    await unused.write(crypto.randomBytes(1000));
    await unused.finish();
    await sleep(50);
    const cutoff = new Date();
    await sleep(50);
    const live = await BlobWriter.open(account.accountId);
    await live.write(crypto.randomBytes(300 * 1024));
    // write() returns with its last whole piece still going to storage: wait until the writers' pieces are all there.
    const stored = kept.length + 2 * 1024 * 1024 + 1000 + (database === "postgres" ? 256 * 1024 : 0);
    await until(async () => (await storedBlobs(account.accountId)).bytes === stored, "the writers' pieces are stored");

    expect(await sweepOrphanBlobs()).toBe(0); // nothing is 15 minutes old yet
    const withOrphans = await storedBlobs(account.accountId);
    expect(await sweepOrphanBlobs(cutoff)).toBe(2);

    const ids = await blobIds();
    expect(ids).not.toContain(abandoned.id);
    expect(ids).not.toContain(unused.id);
    expect(ids).toContain(live.id);
    expect(await storedBlobs(account.accountId)).toEqual({
      blobs: withOrphans.blobs - 2,
      bytes: withOrphans.bytes - 2 * 1024 * 1024 - 1000,
      chunkRows: database === "postgres" ? withOrphans.chunkRows - 8 - 1 : 0,
    });
    expect((await bytesOf(bucket, "kept.bin")).equals(kept)).toBe(true);
    // The writer still at work finishes as if nothing happened.
    expect(await live.finish()).toEqual({ id: live.id, size: 300 * 1024 });
    await live.discard();
    // A writer that wakes after the sweep took its blob (a client silent for 15 minutes) gets S3's RequestTimeout.
    await expect(abandoned.finish()).rejects.toMatchObject({ code: "RequestTimeout", httpStatus: 400 });
    await abandoned.discard();
  });
});

describe.runIf(testDatabaseKinds().includes("postgres"))("on postgres", () => {
  beforeAll(async () => {
    server = await startSandboxServer({ database: "postgres" });
    account = await server.newAccount();
    s3 = s3Client(server.endpoint, account.credentials);
  });
  afterAll(async () => {
    await server.close();
  });

  it("keeps the bytes in the database, where a second store instance with another data directory reads them", async () => {
    const bucket = await newBucket(s3, "shared");
    const body = crypto.randomBytes(600 * 1024 + 5);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "o.bin", Body: body }));
    expect(await chunkRows()).toBe(3);
    // Another app process: its own connection pool and its own (empty) data directory.
    const url = (globalThis as Record<symbol, { handle: { client: { options: { connectionString: string } } } }>)[Symbol.for("vpc-lab.database")].handle.client.options.connectionString;
    const dataDir = process.env.VPCLAB_DATA_DIR;
    process.env.VPCLAB_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-other-process-"));
    try {
      await replaceDatabase(url);
      expect((await bytesOf(bucket, "o.bin")).equals(body)).toBe(true);
      expect(fs.existsSync(blobFilesRoot())).toBe(false);
    } finally {
      fs.rmSync(process.env.VPCLAB_DATA_DIR, { recursive: true, force: true });
      process.env.VPCLAB_DATA_DIR = dataDir;
    }
  });
});
