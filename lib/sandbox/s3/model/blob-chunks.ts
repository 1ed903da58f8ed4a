/**
 * Blob bytes as chunk rows in PostgreSQL (the DATABASE_URL mode): every app process sees the same
 * bytes, and the database works in its own process, so a chunk statement waits on a socket and
 * never holds this process's event loop. One chunk (row, statement) at a time, both ways.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { bytesAsBase64, s3Chunks } from "@/lib/db/schema";
import type { BlobBackend, BlobSink } from "./blob-backend";

/** Every chunk but a blob's last holds exactly this many bytes, so an offset names its chunk. */
export const S3_CHUNK_BYTES = 256 * 1024;
/** Chunks dropped by one statement. */
const CHUNKS_PER_DELETE = 16;

class ChunkSink implements BlobSink {
  private seq = 0;

  constructor(private readonly blobId: string) {}

  async write(pieces: Buffer[]): Promise<void> {
    const db = await getDb();
    const chunk = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
    await db.insert(s3Chunks).values({ blobId: this.blobId, seq: this.seq++, data: chunk });
  }

  async finish(): Promise<void> {}

  /** The chunks go with the blob's row (dropBlob). */
  async abort(): Promise<void> {}
}

/** The bytes of a blob from `start` to `end` (inclusive), a chunk a statement. */
export async function* readChunks(blobId: string, start: number, end: number): AsyncGenerator<Buffer> {
  const db = await getDb();
  const first = Math.floor(start / S3_CHUNK_BYTES);
  const last = Math.floor(end / S3_CHUNK_BYTES);
  for (let seq = first; seq <= last; seq++) {
    const rows = await db
      .select({ data: bytesAsBase64(s3Chunks.data) })
      .from(s3Chunks)
      .where(and(eq(s3Chunks.blobId, blobId), eq(s3Chunks.seq, seq)));
    // A blob dropped under a reader (its object deleted meanwhile): the response is cut short.
    if (rows.length === 0) throw new Error(`chunk ${seq} of blob ${blobId} is gone`);
    const chunkStart = seq * S3_CHUNK_BYTES;
    const from = Math.max(start - chunkStart, 0);
    const to = Math.min(end - chunkStart + 1, rows[0].data.length);
    yield rows[0].data.subarray(from, to);
  }
}

/** Removes a blob's chunks, a few a statement, so no statement runs long. */
export async function removeChunks(blobId: string): Promise<void> {
  const db = await getDb();
  for (;;) {
    const batch = await db.select({ seq: s3Chunks.seq }).from(s3Chunks).where(eq(s3Chunks.blobId, blobId)).orderBy(asc(s3Chunks.seq)).limit(CHUNKS_PER_DELETE);
    if (batch.length === 0) return;
    await db.delete(s3Chunks).where(and(eq(s3Chunks.blobId, blobId), inArray(s3Chunks.seq, batch.map((row) => row.seq))));
    await nextTurn();
  }
}

export const chunkBackend: BlobBackend = {
  pieceBytes: S3_CHUNK_BYTES,
  async create(blobId) {
    return new ChunkSink(blobId);
  },
  read: readChunks,
  remove: removeChunks,
};
