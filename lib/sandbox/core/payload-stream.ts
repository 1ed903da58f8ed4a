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
import { type ChecksumAlgorithm, checkDigests, incrementalChecksum, requestedChecksums, type VerifiedChecksum, type VerifiedPayload } from "./checksums";
import { HashJob, type OffThreadAlgorithm } from "./hash-worker";
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
  readonly digests: VerifiedPayload;
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

const OFF_THREAD: ReadonlySet<ChecksumAlgorithm> = new Set(["crc32", "sha1", "sha256"]);

/**
 * A streamed payload's MD5, requested checksums and (for a signed payload) SHA-256, on the hash
 * worker; CRC-32C and CRC-64/NVME, which node has no native code for, on the loop.
 */
class StreamedPayloadDigests implements VerifiedPayload {
  private readonly algorithms: OffThreadAlgorithm[];
  private readonly job: HashJob;
  private readonly inThread: Map<ChecksumAlgorithm, ReturnType<typeof incrementalChecksum>>;
  private computed = new Map<string, string>();
  private md5Hex: string | undefined;
  private verified: VerifiedChecksum | null = null;

  constructor(
    private readonly header: (name: string) => string | undefined,
    withSha256: boolean,
  ) {
    const requested = requestedChecksums(header);
    this.algorithms = ["md5", ...requested.filter((algorithm) => OFF_THREAD.has(algorithm)) as OffThreadAlgorithm[]];
    if (withSha256 && !this.algorithms.includes("sha256")) this.algorithms.push("sha256");
    this.job = new HashJob(this.algorithms);
    this.inThread = new Map(requested.filter((algorithm) => !OFF_THREAD.has(algorithm)).map((algorithm) => [algorithm, incrementalChecksum(algorithm)]));
  }

  async update(data: Buffer): Promise<void> {
    for (const checksum of this.inThread.values()) checksum.update(data);
    await this.job.update(data);
  }

  /** Computes every digest (the payload has ended). */
  async finish(): Promise<void> {
    const digests = await this.job.digests();
    this.algorithms.forEach((algorithm, n) => this.computed.set(algorithm, digests[n].toString(algorithm === "md5" ? "hex" : "base64")));
    for (const [algorithm, checksum] of this.inThread) this.computed.set(algorithm, checksum.digest());
    this.md5Hex = this.computed.get("md5");
  }

  cancel(): void {
    this.job.cancel();
  }

  /** The payload's SHA-256 in hex (after finish, when asked for). */
  get sha256Hex(): string {
    return Buffer.from(this.computed.get("sha256") ?? "", "base64").toString("hex");
  }

  /** Checks the digests against the headers and trailers (after finish); throws AwsError as S3 does. */
  verify(trailers: ReadonlyMap<string, string>): void {
    this.verified = checkDigests(this.header, trailers, this.md5Hex!, this.computed as Map<ChecksumAlgorithm, string>);
  }

  get md5Digest(): string {
    if (this.md5Hex === undefined) throw new Error("the payload's digests are read after it ended");
    return this.md5Hex;
  }

  get checksum(): VerifiedChecksum | null {
    return this.verified;
  }
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
  const signed = /^[0-9a-f]{64}$/.test(options.payloadHash);
  // Unframed, the payload is the raw body: its signed SHA-256 is computed with the other digests.
  const digests = new StreamedPayloadDigests(options.header, signed && options.mode === null);
  return {
    declaredSize,
    digests,
    async *[Symbol.asyncIterator]() {
      const decoder = options.mode === null ? null : new AwsChunkedDecoder(options.mode, options.signing);
      // A signed hash over an aws-chunked body covers its framing: computed here, apart.
      const framedSha256 = signed && decoder ? crypto.createHash("sha256") : null;
      let raw = 0;
      let size = 0;
      let ended = false;
      try {
        for await (const piece of rawPieces(req)) {
          raw += piece.length;
          if (raw > rawLimit) throw new BodyTooLarge(options.cap);
          framedSha256?.update(piece);
          for (const data of decoder ? decoder.push(piece) : [piece]) {
            size += data.length;
            if (size > options.cap) throw new BodyTooLarge(options.cap);
            await digests.update(data);
            yield data;
          }
        }
        const trailers = decoder ? decoder.end() : new Map<string, string>();
        if (decoder) checkDecodedSize(size, options.header("x-amz-decoded-content-length"));
        ended = true;
        await digests.finish();
        if (signed) checkPayloadSha256(options.payloadHash, framedSha256 ? framedSha256.digest("hex") : digests.sha256Hex);
        digests.verify(trailers);
      } finally {
        if (!ended) digests.cancel();
      }
    },
  };
}
