/**
 * Decoding of `Content-Encoding: aws-chunked` bodies (S3 streaming uploads): the unsigned form
 * with trailing checksums (JS SDK, boto3) and the signed-chunk forms, whose chunk and trailer
 * signatures chain from the request's seed signature.
 */
import { AwsError } from "./errors";
import {
  EMPTY_SHA256,
  hexEquals,
  hmacHex,
  sha256Hex,
  SigV4Error,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
  type SigningContext,
} from "./sigv4";

export type ChunkedMode = "unsigned-trailer" | "signed" | "signed-trailer";

export interface DecodedChunkedBody {
  payload: Buffer;
  /** Trailing headers by lower-case name (e.g. x-amz-checksum-crc32). */
  trailers: Map<string, string>;
}

const CRLF = Buffer.from("\r\n");
const MAX_CHUNK_LINE = 4096;

/** The chunked mode an x-amz-content-sha256 value announces, or null for an ordinary body. */
export function chunkedModeOf(payloadHash: string): ChunkedMode | null {
  if (payloadHash === STREAMING_UNSIGNED_TRAILER) return "unsigned-trailer";
  if (payloadHash === STREAMING_SIGNED) return "signed";
  if (payloadHash === STREAMING_SIGNED_TRAILER) return "signed-trailer";
  return null;
}

function incompleteBody(): AwsError {
  return new AwsError("IncompleteBody", "The request body terminated unexpectedly");
}

class ChunkReader {
  private offset = 0;
  constructor(private readonly body: Buffer) {}

  atEnd(): boolean {
    return this.offset >= this.body.length;
  }

  /** The next CRLF-terminated line, or null when the body ends without one. */
  line(): string | null {
    const end = this.body.indexOf(CRLF, this.offset);
    if (end < 0 || end - this.offset > MAX_CHUNK_LINE) return null;
    const text = this.body.subarray(this.offset, end).toString("latin1");
    this.offset = end + 2;
    return text;
  }

  bytes(length: number): Buffer {
    if (this.offset + length > this.body.length) throw incompleteBody();
    const data = this.body.subarray(this.offset, this.offset + length);
    this.offset += length;
    return data;
  }

  crlf(): void {
    if (!this.bytes(2).equals(CRLF)) throw incompleteBody();
  }
}

interface ChunkHeader {
  size: number;
  signature: string | null;
}

function parseChunkHeader(line: string | null): ChunkHeader {
  if (line === null) throw incompleteBody();
  const [sizeText, ...extensions] = line.split(";");
  if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText.trim())) {
    throw new AwsError("InvalidChunkSizeError", "Only the last chunk is allowed to have a size less than 8192 bytes");
  }
  const signatureExtension = extensions.find((ext) => ext.trim().startsWith("chunk-signature="));
  return { size: parseInt(sizeText, 16), signature: signatureExtension?.trim().slice("chunk-signature=".length) ?? null };
}

/** Verifies one chunk's signature, chained from the previous one; returns it as the next "previous". */
function verifyChunkSignature(signing: SigningContext, previous: string, data: Buffer, claimed: string | null): string {
  const stringToSign = ["AWS4-HMAC-SHA256-PAYLOAD", signing.amzDate, signing.scope, previous, EMPTY_SHA256, sha256Hex(data)].join("\n");
  const expected = hmacHex(signing.signingKey, stringToSign);
  if (claimed === null || !hexEquals(expected, claimed)) {
    throw new SigV4Error({ kind: "signatureMismatch", canonicalRequest: "", stringToSign });
  }
  return expected;
}

function readTrailers(reader: ChunkReader): { trailers: Map<string, string>; canonical: string; signature: string | null } {
  const trailers = new Map<string, string>();
  let canonical = "";
  let signature: string | null = null;
  while (!reader.atEnd()) {
    const line = reader.line();
    if (line === null) throw incompleteBody();
    // Some clients put an empty line between the last chunk and the trailers; only a later one ends them.
    if (line === "" && (trailers.size > 0 || signature !== null || reader.atEnd())) break;
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw incompleteBody();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "x-amz-trailer-signature") signature = value;
    else {
      trailers.set(name, value);
      canonical += `${name}:${value}\n`;
    }
  }
  return { trailers, canonical, signature };
}

function verifyTrailerSignature(signing: SigningContext, previous: string, canonical: string, claimed: string | null): void {
  const stringToSign = ["AWS4-HMAC-SHA256-TRAILER", signing.amzDate, signing.scope, previous, sha256Hex(canonical)].join("\n");
  if (claimed === null || !hexEquals(hmacHex(signing.signingKey, stringToSign), claimed)) {
    throw new SigV4Error({ kind: "signatureMismatch", canonicalRequest: "", stringToSign });
  }
}

/**
 * Decodes an aws-chunked body into its payload and trailers. Signed modes verify every chunk
 * (and the trailer) against `signing`; a wrong one throws SigV4Error(signatureMismatch).
 * Framing errors throw AwsError IncompleteBody / InvalidChunkSizeError as S3 does.
 */
export function decodeAwsChunked(body: Buffer, mode: ChunkedMode, signing?: SigningContext): DecodedChunkedBody {
  const signed = mode !== "unsigned-trailer";
  if (signed && !signing) throw new Error("signed aws-chunked bodies need the request's signing context");
  const reader = new ChunkReader(body);
  const chunks: Buffer[] = [];
  let previous = signing?.signature ?? "";
  for (;;) {
    const header = parseChunkHeader(reader.line());
    const data = reader.bytes(header.size);
    if (signed) previous = verifyChunkSignature(signing!, previous, data, header.signature);
    if (header.size === 0) break;
    chunks.push(data);
    reader.crlf();
  }
  const { trailers, canonical, signature } = readTrailers(reader);
  if (mode === "signed-trailer") verifyTrailerSignature(signing!, previous, canonical, signature);
  return { payload: Buffer.concat(chunks), trailers };
}

/** x-amz-decoded-content-length must be the decoded size, as S3 checks. */
export function checkDecodedLength(payload: Buffer, declared: string | undefined): void {
  if (declared === undefined) {
    throw new AwsError("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);
  }
  if (String(payload.length) !== declared.trim()) throw incompleteBody();
}
