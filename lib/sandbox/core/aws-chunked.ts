/**
 * Decoding of `Content-Encoding: aws-chunked` bodies (S3 streaming uploads): the unsigned form
 * with trailing checksums (JS SDK, boto3) and the signed-chunk forms, whose chunk and trailer
 * signatures chain from the request's seed signature.
 */
import crypto from "node:crypto";
import { incompleteBody, invalidChunkSizeError, missingContentLength } from "./errors";
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

/** Reads lines of the trailer section, which comes whole at the end of the body. */
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
}

interface ChunkHeader {
  size: number;
  signature: string | null;
}

function parseChunkHeader(line: string): ChunkHeader {
  const [sizeText, ...extensions] = line.split(";");
  if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText.trim())) {
    throw invalidChunkSizeError();
  }
  const signatureExtension = extensions.find((ext) => ext.trim().startsWith("chunk-signature="));
  return { size: parseInt(sizeText, 16), signature: signatureExtension?.trim().slice("chunk-signature=".length) ?? null };
}

/** Verifies one chunk's signature (over the chunk's SHA-256), chained from the previous one; returns it as the next "previous". */
function verifyChunkSignature(signing: SigningContext, previous: string, dataSha256: string, claimed: string | null): string {
  const stringToSign = ["AWS4-HMAC-SHA256-PAYLOAD", signing.amzDate, signing.scope, previous, EMPTY_SHA256, dataSha256].join("\n");
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

/** The trailer section is a few header lines: more than this is not a trailer. */
const MAX_TRAILER_BYTES = 16 * 1024;

/**
 * An aws-chunked body decoded as it arrives: push() the bytes as they come, get the payload bytes
 * they complete, then end(). Signed modes verify every chunk when it is complete (and the trailer at
 * the end) against `signing`; a wrong one throws SigV4Error(signatureMismatch). Framing errors
 * throw AwsError IncompleteBody / InvalidChunkSizeError as S3 does. Payload bytes handed out before
 * an error are not to be kept: the caller discards what it stored of them.
 */
export class AwsChunkedDecoder {
  private pending = Buffer.alloc(0);
  private phase: "header" | "data" | "crlf" | "trailers" = "header";
  private header: ChunkHeader = { size: 0, signature: null };
  private remaining = 0;
  private chunkHash = crypto.createHash("sha256");
  private previous: string;
  private readonly signed: boolean;

  constructor(
    private readonly mode: ChunkedMode,
    private readonly signing?: SigningContext,
  ) {
    this.signed = mode !== "unsigned-trailer";
    if (this.signed && !signing) throw new Error("signed aws-chunked bodies need the request's signing context");
    this.previous = signing?.signature ?? "";
  }

  /** Feeds the next bytes of the body; returns the payload bytes among them. */
  push(data: Buffer): Buffer[] {
    let input = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
    this.pending = Buffer.alloc(0);
    const out: Buffer[] = [];
    while (input.length > 0) {
      if (this.phase === "trailers") {
        if (input.length > MAX_TRAILER_BYTES) throw incompleteBody();
        this.pending = Buffer.from(input);
        break;
      }
      const rest = this.step(input, out);
      if (rest === null) {
        this.pending = Buffer.from(input);
        break;
      }
      input = rest;
    }
    return out;
  }

  /** One step of the state machine over `input`: what is left of it, or null when the step needs more bytes. */
  private step(input: Buffer, out: Buffer[]): Buffer | null {
    if (this.phase === "header") {
      const end = input.indexOf(CRLF);
      if (end < 0 && input.length > MAX_CHUNK_LINE) throw incompleteBody();
      if (end < 0) return null;
      if (end > MAX_CHUNK_LINE) throw incompleteBody();
      this.header = parseChunkHeader(input.subarray(0, end).toString("latin1"));
      this.remaining = this.header.size;
      this.phase = "data";
      if (this.header.size === 0) this.finishChunk();
      return input.subarray(end + 2);
    }
    if (this.phase === "data") {
      const take = Math.min(this.remaining, input.length);
      const piece = input.subarray(0, take);
      if (this.signed) this.chunkHash.update(piece);
      out.push(piece);
      this.remaining -= take;
      if (this.remaining === 0) this.finishChunk();
      return input.subarray(take);
    }
    if (input.length < 2) return null;
    if (!input.subarray(0, 2).equals(CRLF)) throw incompleteBody();
    this.phase = "header";
    return input.subarray(2);
  }

  private finishChunk(): void {
    if (this.signed) {
      this.previous = verifyChunkSignature(this.signing!, this.previous, this.chunkHash.digest("hex"), this.header.signature);
      this.chunkHash = crypto.createHash("sha256");
    }
    this.phase = this.header.size === 0 ? "trailers" : "crlf";
  }

  /** The body has ended: checks the last chunk came, verifies the trailer, returns the trailers by lower-case name. */
  end(): Map<string, string> {
    if (this.phase !== "trailers") throw incompleteBody();
    const { trailers, canonical, signature } = readTrailers(new ChunkReader(this.pending));
    if (this.mode === "signed-trailer") verifyTrailerSignature(this.signing!, this.previous, canonical, signature);
    return trailers;
  }
}

/** Decodes a whole aws-chunked body into its payload and trailers (see AwsChunkedDecoder). */
export function decodeAwsChunked(body: Buffer, mode: ChunkedMode, signing?: SigningContext): DecodedChunkedBody {
  const decoder = new AwsChunkedDecoder(mode, signing);
  const payload = Buffer.concat(decoder.push(body));
  return { payload, trailers: decoder.end() };
}

/** x-amz-decoded-content-length must be the decoded size, as S3 checks. */
export function checkDecodedLength(payload: Buffer, declared: string | undefined): void {
  checkDecodedSize(payload.length, declared);
}

/** The same check by size, for a payload that was streamed. */
export function checkDecodedSize(size: number, declared: string | undefined): void {
  if (declared === undefined) {
    throw missingContentLength();
  }
  if (String(size) !== declared.trim()) throw incompleteBody();
}
