/**
 * A request payload read as it arrives (S3 PutObject and UploadPart): never held whole. The
 * aws-chunked framing is decoded, the signed SHA-256, Content-MD5 and x-amz-checksum-* computed,
 * and the cap enforced, piece by piece; the checks that need the whole payload run when it ends,
 * so a consumer stores what it iterates provisionally and keeps it only when the iteration ends
 * without an error.
 */
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { AwsChunkedDecoder, checkDecodedSize, type ChunkedMode } from "./aws-chunked";
import { PayloadDigests } from "./checksums";
import { checkPayloadSha256, type SigningContext } from "./sigv4";

/** A body over its cap: answered EntityTooLarge (http.ts). */
export class BodyTooLarge extends Error {
  constructor(
    readonly maxBytes: number,
    readonly proposedBytes?: number,
  ) {
    super(`request body over ${maxBytes} bytes`);
  }
}

export interface PayloadStream extends AsyncIterable<Buffer> {
  /** The payload size the client announced (x-amz-decoded-content-length, else Content-Length). */
  readonly declaredSize: number | undefined;
  /** MD5 and the verified checksum; read them once the iteration has ended. */
  readonly digests: PayloadDigests;
}

export interface PayloadStreamOptions {
  /** Payload bytes allowed. */
  cap: number;
  /** Framing allowed around them (aws-chunked lines and signatures). */
  framing: number;
  mode: ChunkedMode | null;
  signing: SigningContext;
  /** x-amz-content-sha256: a hex SHA-256 to check the payload against, or a special value. */
  payloadHash: string;
  header(name: string): string | undefined;
}

function waitForData(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      req.off("readable", onReadable).off("end", onReadable).off("error", done).off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    const onReadable = () => done();
    const onClose = () => done(req.complete ? undefined : new Error("request aborted"));
    req.on("readable", onReadable).on("end", onReadable).on("error", done).on("close", onClose);
  });
}

/** The raw body in the pieces the socket delivers, without letting Node buffer ahead of the consumer. */
async function* rawPieces(req: IncomingMessage): AsyncGenerator<Buffer> {
  for (;;) {
    const piece = req.read() as Buffer | null;
    if (piece !== null) {
      yield piece;
      continue;
    }
    if (req.readableEnded) return;
    if (req.destroyed) throw new Error("request aborted");
    await waitForData(req);
  }
}

function declaredSizeOf(options: PayloadStreamOptions, req: IncomingMessage): number | undefined {
  const raw = options.mode !== null ? options.header("x-amz-decoded-content-length") : req.headers["content-length"];
  const size = Number(raw ?? Number.NaN);
  return Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}

/**
 * Opens the payload of `req`. Throws BodyTooLarge at once when the announced size is over the cap
 * (nothing read); while iterating, throws BodyTooLarge past the cap, AwsError / SigV4Error for
 * framing, digests and signatures, and an Error when the client goes away.
 */
export function openPayloadStream(req: IncomingMessage, options: PayloadStreamOptions): PayloadStream {
  const declaredSize = declaredSizeOf(options, req);
  if (declaredSize !== undefined && declaredSize > options.cap) throw new BodyTooLarge(options.cap, declaredSize);
  const rawLimit = options.cap + (options.mode === null ? 0 : options.framing);
  const declaredRaw = Number(req.headers["content-length"] ?? 0);
  if (declaredRaw > rawLimit) throw new BodyTooLarge(options.cap, declaredRaw);
  const digests = new PayloadDigests(options.header);
  return {
    declaredSize,
    digests,
    async *[Symbol.asyncIterator]() {
      const decoder = options.mode === null ? null : new AwsChunkedDecoder(options.mode, options.signing);
      const sha256 = /^[0-9a-f]{64}$/.test(options.payloadHash) ? crypto.createHash("sha256") : null;
      let raw = 0;
      let size = 0;
      for await (const piece of rawPieces(req)) {
        raw += piece.length;
        if (raw > rawLimit) throw new BodyTooLarge(options.cap);
        sha256?.update(piece);
        for (const data of decoder ? decoder.push(piece) : [piece]) {
          size += data.length;
          if (size > options.cap) throw new BodyTooLarge(options.cap);
          digests.update(data);
          yield data;
        }
      }
      const trailers = decoder ? decoder.end() : new Map<string, string>();
      if (decoder) checkDecodedSize(size, options.header("x-amz-decoded-content-length"));
      if (sha256) checkPayloadSha256(options.payloadHash, sha256.digest("hex"));
      digests.verify(trailers);
    },
  };
}
