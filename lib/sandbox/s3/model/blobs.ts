/**
 * Object bytes as blobs: a blob's row (s3_blobs) in the database, its bytes in the backend of the
 * database in use: files under the data directory with the embedded PGlite (blob-files.ts), chunk
 * rows with PostgreSQL (blob-chunks.ts). A blob is written as the request streams in (never whole
 * in memory) and is invisible until an object version or an upload part refers to it; it is
 * dropped when the write fails, when its last reference goes, or, after a crash left it behind,
 * by the sweep.
 *
 * A row's size says where the blob is in its life: WRITING_SIZE while its bytes arrive (created_at
 * is then refreshed every minute, so the sweep tells a writer at work from one that died),
 * DROPPING_SIZE once claimed for removal, the byte count once whole.
 */
import crypto from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { databaseKind, getDb, queryPrepared, queryRows } from "@/lib/db/client";
import { s3Blobs } from "@/lib/db/schema";
import type { BlobBackend, BlobSink } from "./blob-backend";
import { requestTimeout } from "./errors";
import { chunkBackend } from "./blob-chunks";
import { fileBackend } from "./blob-files";

/** A blob being dropped is marked with this size: nothing may refer to it again (see CopyObject's claim). */
export const DROPPING_SIZE = -1;
/** A blob whose bytes are still arriving. */
export const WRITING_SIZE = -2;
/** How often a writer shows it is alive. */
const TOUCH_EVERY_MS = 60_000;
/** A blob untouched this long while written or unreferenced once whole was left by a crash (or a stalled client). */
export const ORPHAN_AFTER_MS = 15 * 60_000;
/** Blobs claimed by one sweep statement. */
const SWEEP_BATCH = 100;

export async function blobBackend(): Promise<BlobBackend> {
  return (await databaseKind()) === "pglite" ? fileBackend : chunkBackend;
}

function newBlobId(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/** Writes one blob as its bytes arrive: write() any pieces, then finish(); discard() on any failure. */
export class BlobWriter {
  private readonly pieces: Buffer[] = [];
  private buffered = 0;
  private written = 0;
  /** The sink's write in flight: the next piece arrives (and is hashed) while the last one is written. */
  private writing: Promise<void> = Promise.resolve();
  private touchedAt = Date.now();

  private constructor(
    readonly id: string,
    private readonly pieceBytes: number,
    private readonly sink: BlobSink,
  ) {}

  static async open(accountId: string): Promise<BlobWriter> {
    const id = newBlobId();
    // The row first: bytes stored anywhere always have a row the sweep can judge them by.
    await queryPrepared("s3-blob-open", "INSERT INTO s3_blobs (id, account_id, size) VALUES ($1, $2, $3)", [id, accountId, WRITING_SIZE]);
    const backend = await blobBackend();
    return new BlobWriter(id, backend.pieceBytes, await backend.create(id));
  }

  get size(): number {
    return this.written + this.buffered;
  }

  async write(data: Buffer): Promise<void> {
    this.pieces.push(data);
    this.buffered += data.length;
    while (this.buffered >= this.pieceBytes) await this.flush(this.pieceBytes);
    if (Date.now() - this.touchedAt > TOUCH_EVERY_MS) await this.touch();
  }

  /** Stores what is left and the blob's size; S3's RequestTimeout when the sweep took the blob meanwhile (a client silent for many minutes). */
  async finish(): Promise<{ id: string; size: number }> {
    if (this.buffered > 0) await this.flush(this.buffered);
    await this.writing;
    const rows = await queryPrepared("s3-blob-finish", "UPDATE s3_blobs SET size = $1, created_at = now() WHERE id = $2 AND size = $3 RETURNING id", [this.written, this.id, WRITING_SIZE]);
    if (rows.length === 0) throw requestTimeout();
    await this.sink.finish();
    return { id: this.id, size: this.written };
  }

  async discard(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.sink.abort();
    await dropBlob(this.id);
  }

  /** Hands the sink the next `length` bytes once its previous write is done, and returns without waiting for this one. */
  private async flush(length: number): Promise<void> {
    const pieces = this.take(length);
    await this.writing;
    this.writing = this.sink.write(pieces);
    // Handled here so a failure is not reported unhandled before the next flush or finish() rethrows it.
    this.writing.catch(() => undefined);
    this.written += length;
    await nextTurn();
  }

  /** The first `length` bytes held, in the pieces they arrived in (the one astride the boundary split, not copied). */
  private take(length: number): Buffer[] {
    const taken: Buffer[] = [];
    let remaining = length;
    while (remaining > 0) {
      const piece = this.pieces.shift()!;
      if (piece.length > remaining) this.pieces.unshift(piece.subarray(remaining));
      taken.push(piece.subarray(0, remaining));
      remaining -= Math.min(piece.length, remaining);
    }
    this.buffered -= length;
    return taken;
  }

  private async touch(): Promise<void> {
    this.touchedAt = Date.now();
    const db = await getDb();
    await db.update(s3Blobs).set({ createdAt: sql`now()` }).where(eq(s3Blobs.id, this.id));
  }
}

/** A run of bytes within one blob. */
export interface BlobRange {
  blobId: string;
  /** 0-based, inclusive. */
  start: number;
  end: number;
}

/** The bytes of `range`, a piece at a time, the loop free between pieces. */
export async function* readBlobRange(range: BlobRange): AsyncGenerator<Buffer> {
  const backend = await blobBackend();
  yield* backend.read(range.blobId, range.start, range.end);
}

/** Removes a blob's bytes, then its row. */
export async function dropBlob(id: string): Promise<void> {
  await (await blobBackend()).remove(id);
  const db = await getDb();
  await db.delete(s3Blobs).where(eq(s3Blobs.id, id));
}

/** Drops those of `ids` that no object version or upload part refers to any more. */
export async function dropUnreferencedBlobs(ids: Iterable<string>): Promise<void> {
  const candidates = [...new Set(ids)];
  if (candidates.length === 0) return;
  const db = await getDb();
  // Claimed in one statement, so a reference taken meanwhile (which locks the row and checks the size) never sees its bytes go.
  const claimed = await db
    .update(s3Blobs)
    .set({ size: DROPPING_SIZE })
    .where(
      and(
        inArray(s3Blobs.id, candidates),
        gte(s3Blobs.size, 0),
        sql`NOT EXISTS (SELECT 1 FROM s3_object_segments s WHERE s.blob_id = ${s3Blobs.id})`,
        sql`NOT EXISTS (SELECT 1 FROM s3_multipart_parts p WHERE p.blob_id = ${s3Blobs.id})`,
      ),
    )
    .returning({ id: s3Blobs.id });
  for (const { id } of claimed) await dropBlob(id);
}

/**
 * Claims blobs a crash left behind, untouched since `before`: still being written, claimed for
 * removal but not removed, or whole and referred to by nothing.
 */
async function claimOrphans(before: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    `UPDATE s3_blobs SET size = ${DROPPING_SIZE} WHERE id IN (
       SELECT b.id FROM s3_blobs b WHERE b.created_at < $1::timestamptz AND (
         b.size IN (${WRITING_SIZE}, ${DROPPING_SIZE}) OR (
           NOT EXISTS (SELECT 1 FROM s3_object_segments s WHERE s.blob_id = b.id) AND
           NOT EXISTS (SELECT 1 FROM s3_multipart_parts p WHERE p.blob_id = b.id)))
       LIMIT ${SWEEP_BATCH})
     RETURNING id`,
    [before.toISOString()],
  );
  return rows.map((row) => row.id);
}

/** Removes stored bytes whose blob has no row any more (an account deleted with its rows, a crash mid-drop). */
async function removeRowlessBytes(backend: BlobBackend): Promise<number> {
  if (!backend.storedIds) return 0;
  const db = await getDb();
  let removed = 0;
  for await (const ids of backend.storedIds()) {
    const known = new Set((await db.select({ id: s3Blobs.id }).from(s3Blobs).where(inArray(s3Blobs.id, ids))).map((row) => row.id));
    for (const id of ids.filter((candidate) => !known.has(candidate))) {
      await backend.remove(id);
      removed++;
    }
  }
  return removed;
}

/**
 * Removes what a crash mid-upload (or mid-drop) left behind: blobs untouched since `before` that
 * nothing refers to, and stored bytes without a row. Returns how many blobs went.
 */
export async function sweepOrphanBlobs(before = new Date(Date.now() - ORPHAN_AFTER_MS)): Promise<number> {
  let swept = 0;
  for (;;) {
    const claimed = await claimOrphans(before);
    for (const id of claimed) await dropBlob(id);
    swept += claimed.length;
    if (claimed.length < SWEEP_BATCH) break;
  }
  return swept + (await removeRowlessBytes(await blobBackend()));
}

/**
 * Sweeps at start and then every few minutes; returns the stop function. With the embedded
 * database this process is the only writer, so at start everything from before it is an orphan.
 */
export async function startBlobSweep(everyMs = 10 * 60_000): Promise<() => void> {
  const startedAt = new Date();
  const firstBefore = (await databaseKind()) === "pglite" ? startedAt : new Date(startedAt.getTime() - ORPHAN_AFTER_MS);
  const sweep = (before: Date) =>
    sweepOrphanBlobs(before).then(
      (swept) => swept > 0 && console.log(`s3: removed ${swept} blobs left by an interrupted upload`),
      (error: unknown) => console.error(`s3: the sweep of orphaned blobs failed (${(error as Error).message})`),
    );
  await sweep(firstBefore);
  const timer = setInterval(() => void sweep(new Date(Date.now() - ORPHAN_AFTER_MS)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
