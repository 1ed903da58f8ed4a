/**
 * Object bytes from the request into storage as they arrive (PutObject, UploadPart): a new blob
 * written chunk by chunk, kept only when the whole payload arrived and passed its checks and the
 * quota; on any failure (a bad digest, the cap, the quota, a client that went away) it is dropped,
 * so a refused or aborted upload leaves nothing behind.
 */
import { PayloadDigests } from "@/lib/sandbox/core/checksums";
import type { PayloadStream } from "@/lib/sandbox/core/payload-stream";
import type { RestRequest } from "@/lib/sandbox/core/types";
import { BlobWriter, dropBlob } from "../model/blobs";
import { checkQuota, s3QuotaBytes } from "../model/quota";
import { accountUsage, type Replacing } from "../model/storage";

export interface ReceivedPayload {
  /** Null for an empty payload. */
  blob: { id: string; size: number } | null;
  /** The quoted MD5, as S3's ETag. */
  etag: string;
  checksum: { algorithm: string; value: string } | null;
}

/** Bytes already in memory (the shell's data plane) as a payload of one piece. */
export function payloadOfBytes(bytes: Buffer): PayloadStream {
  const digests = new PayloadDigests(() => undefined);
  return {
    declaredSize: bytes.length,
    digests,
    async *[Symbol.asyncIterator]() {
      digests.update(bytes);
      yield bytes;
      digests.verify(new Map());
    },
  };
}

/** The request's streamed payload (a body read whole, as a service test may send, becomes one piece). */
export function payloadOf(request: RestRequest): PayloadStream {
  return request.payload ?? payloadOfBytes(request.body);
}

/**
 * Streams the request's payload into a new blob of `ownerAccountId`. The quota is checked before
 * reading (on the announced size) and as bytes arrive; the caller's transaction checks it again
 * (run it through keepOrDiscard).
 */
export async function receivePayload(payload: PayloadStream, ownerAccountId: string, replacing: Replacing): Promise<ReceivedPayload> {
  const used = await accountUsage(ownerAccountId, replacing);
  if (payload.declaredSize !== undefined) checkQuota(used, payload.declaredSize);
  const room = s3QuotaBytes() - used;
  let writer: BlobWriter | null = null;
  try {
    for await (const data of payload) {
      writer ??= await BlobWriter.open(ownerAccountId);
      await writer.write(data);
      if (writer.size > room) checkQuota(used, writer.size);
    }
    const blob = writer ? await writer.finish() : null;
    return { blob, etag: `"${payload.digests.md5Digest}"`, checksum: payload.digests.checksum };
  } catch (error) {
    await writer?.discard();
    throw error;
  }
}

/** Runs the step that makes the blob visible (a transaction that may refuse, e.g. on the quota); if it fails, the blob goes. */
export async function keepOrDiscard<T>(received: ReceivedPayload, commit: () => Promise<T>): Promise<T> {
  try {
    return await commit();
  } catch (error) {
    if (received.blob) await dropBlob(received.blob.id);
    throw error;
  }
}
