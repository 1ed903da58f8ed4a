/**
 * Object bytes in chunks: a blob is written a chunk (one row, one statement) at a time as the
 * request streams in, yielding to the event loop between statements, so neither the whole object
 * nor a long hold of the loop is ever needed (PGlite runs each statement on the server's own
 * thread). A blob no object version or upload part refers to is invisible; it is dropped, a few
 * chunks a statement, when the write fails or when the last reference goes.
 */
import crypto from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { bytesAsBase64, s3Blobs, s3Chunks } from "@/lib/db/schema";

/** Every chunk but a blob's last holds exactly this many bytes, so an offset names its chunk. */
export const S3_CHUNK_BYTES = 256 * 1024;
/** Chunks dropped by one statement. */
const CHUNKS_PER_DELETE = 16;

function newBlobId(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/** Writes one blob as its bytes arrive: write() any pieces, then finish(); discard() on any failure. */
export class BlobWriter {
  private readonly pieces: Buffer[] = [];
  private buffered = 0;
  private seq = 0;
  private written = 0;

  private constructor(readonly id: string) {}

  static async open(accountId: string): Promise<BlobWriter> {
    const writer = new BlobWriter(newBlobId());
    const db = await getDb();
    await db.insert(s3Blobs).values({ id: writer.id, accountId, size: 0 });
    return writer;
  }

  get size(): number {
    return this.written + this.buffered;
  }

  async write(data: Buffer): Promise<void> {
    this.pieces.push(data);
    this.buffered += data.length;
    while (this.buffered >= S3_CHUNK_BYTES) await this.flush(S3_CHUNK_BYTES);
  }

  /** Stores what is left and the blob's size. */
  async finish(): Promise<{ id: string; size: number }> {
    if (this.buffered > 0) await this.flush(this.buffered);
    const db = await getDb();
    await db.update(s3Blobs).set({ size: this.written }).where(eq(s3Blobs.id, this.id));
    return { id: this.id, size: this.written };
  }

  async discard(): Promise<void> {
    await dropBlob(this.id);
  }

  private async flush(length: number): Promise<void> {
    const all = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.buffered);
    const chunk = all.subarray(0, length);
    const rest = all.subarray(length);
    this.pieces.length = 0;
    if (rest.length > 0) this.pieces.push(rest);
    this.buffered = rest.length;
    const db = await getDb();
    await db.insert(s3Chunks).values({ blobId: this.id, seq: this.seq++, data: chunk });
    this.written += chunk.length;
    await nextTurn();
  }
}

/** A run of bytes within one blob. */
export interface BlobRange {
  blobId: string;
  /** 0-based, inclusive. */
  start: number;
  end: number;
}

/** The bytes of `range`, a chunk at a time (one statement each, the loop free between them). */
export async function* readBlobRange(range: BlobRange): AsyncGenerator<Buffer> {
  const db = await getDb();
  const first = Math.floor(range.start / S3_CHUNK_BYTES);
  const last = Math.floor(range.end / S3_CHUNK_BYTES);
  for (let seq = first; seq <= last; seq++) {
    const rows = await db
      .select({ seq: s3Chunks.seq, data: bytesAsBase64(s3Chunks.data) })
      .from(s3Chunks)
      .where(and(eq(s3Chunks.blobId, range.blobId), eq(s3Chunks.seq, seq)));
    // A blob dropped under a reader (its object deleted meanwhile): the response is cut short.
    if (rows.length === 0) throw new Error(`chunk ${seq} of blob ${range.blobId} is gone`);
    const chunkStart = seq * S3_CHUNK_BYTES;
    const from = Math.max(range.start - chunkStart, 0);
    const to = Math.min(range.end - chunkStart + 1, rows[0].data.length);
    yield rows[0].data.subarray(from, to);
  }
}

/** Removes a blob and its chunks, a few chunks a statement. */
export async function dropBlob(id: string): Promise<void> {
  const db = await getDb();
  for (;;) {
    const batch = await db.select({ seq: s3Chunks.seq }).from(s3Chunks).where(eq(s3Chunks.blobId, id)).orderBy(asc(s3Chunks.seq)).limit(CHUNKS_PER_DELETE);
    if (batch.length === 0) break;
    await db.delete(s3Chunks).where(and(eq(s3Chunks.blobId, id), inArray(s3Chunks.seq, batch.map((row) => row.seq))));
    await nextTurn();
  }
  await db.delete(s3Blobs).where(eq(s3Blobs.id, id));
}

/** A blob being dropped is marked with this size: nothing may refer to it again (see CopyObject's claim). */
export const DROPPING_SIZE = -1;

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
