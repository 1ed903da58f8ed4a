/**
 * Content-MD5 and x-amz-checksum-* verification of request payloads, with S3's error codes.
 * Checksums are base64 of the big-endian digest, as the SDKs and the CLI send them.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import { badDigestChecksum, badDigestContentMd5, invalidDigest, invalidRequestChecksumValue, invalidRequestUndeclaredTrailer } from "./errors";

export type ChecksumAlgorithm = "crc32" | "crc32c" | "crc64nvme" | "sha1" | "sha256";

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };
const ALGORITHMS = Object.keys(DIGEST_BYTES) as ChecksumAlgorithm[];

function uint32Bytes(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C of `data`, continuing from the CRC of the bytes before it (`previous`). */
export function crc32c(data: Buffer, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = CRC32C_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), in two 32-bit halves to stay off BigInt in the loop. */
const CRC64_TABLE = (() => {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        h = (h ^ polyHi) >>> 0;
        l = (l ^ polyLo) >>> 0;
      }
    }
    hi[n] = h;
    lo[n] = l;
  }
  return { hi, lo };
})();

/** CRC-64/NVME of `data`, continuing from the CRC of the bytes before it (`previous`, 8 bytes). */
export function crc64nvme(data: Buffer, previous?: Buffer): Buffer {
  let h = previous ? (previous.readUInt32BE(0) ^ 0xffffffff) >>> 0 : 0xffffffff;
  let l = previous ? (previous.readUInt32BE(4) ^ 0xffffffff) >>> 0 : 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const index = (l ^ data[i]) & 0xff;
    const shiftedLo = ((l >>> 8) | ((h & 0xff) << 24)) >>> 0;
    const shiftedHi = h >>> 8;
    h = (shiftedHi ^ CRC64_TABLE.hi[index]) >>> 0;
    l = (shiftedLo ^ CRC64_TABLE.lo[index]) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((h ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((l ^ 0xffffffff) >>> 0, 4);
  return out;
}

/** A checksum computed as the bytes arrive. */
export interface IncrementalChecksum {
  update(data: Buffer): void;
  /** Base64, as in x-amz-checksum-* headers. */
  digest(): string;
}

function crcChecksum<S>(initial: S, step: (data: Buffer, state: S) => S, bytes: (state: S) => Buffer): IncrementalChecksum {
  let state = initial;
  return {
    update: (data) => {
      state = step(data, state);
    },
    digest: () => bytes(state).toString("base64"),
  };
}

export function incrementalChecksum(algorithm: ChecksumAlgorithm): IncrementalChecksum {
  switch (algorithm) {
    case "crc32":
      return crcChecksum<number>(0, (data, crc) => zlib.crc32(data, crc), uint32Bytes);
    case "crc32c":
      return crcChecksum<number>(0, (data, crc) => crc32c(data, crc), uint32Bytes);
    case "crc64nvme":
      return crcChecksum<Buffer | undefined>(undefined, (data, crc) => crc64nvme(data, crc), (crc) => crc ?? crc64nvme(Buffer.alloc(0)));
    case "sha1":
    case "sha256": {
      const hash = crypto.createHash(algorithm);
      return { update: (data) => hash.update(data), digest: () => hash.digest("base64") };
    }
  }
}

/** The base64 checksum of `data` with `algorithm`, as it appears in x-amz-checksum-* headers. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  const checksum = incrementalChecksum(algorithm);
  checksum.update(data);
  return checksum.digest();
}

function decodesToBytes(value: string, length: number): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === length;
}

function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (ALGORITHMS as string[]).includes(name);
}

/** The algorithms whose checksum may come in the aws-chunked trailer (x-amz-trailer names them). */
function announcedTrailerAlgorithms(header: (name: string) => string | undefined): ChecksumAlgorithm[] {
  const names = (header("x-amz-trailer") ?? "").split(",").map((name) => name.trim().toLowerCase());
  return names.filter((name) => name.startsWith("x-amz-checksum-")).map((name) => name.slice("x-amz-checksum-".length)).filter(isChecksumAlgorithm);
}

/**
 * The x-amz-checksum-<algorithm>s a payload must be checked against: each in a header, or in the
 * aws-chunked trailer x-amz-trailer announces. Throws InvalidDigest for a Content-MD5 that is no MD5.
 */
export function requestedChecksums(header: (name: string) => string | undefined): ChecksumAlgorithm[] {
  const md5 = header("content-md5");
  if (md5 !== undefined && !decodesToBytes(md5.trim(), 16)) throw invalidDigest();
  const inHeaders = ALGORITHMS.filter((algorithm) => header(`x-amz-checksum-${algorithm}`) !== undefined);
  return [...new Set([...inHeaders, ...announcedTrailerAlgorithms(header)])];
}

/** A checksum a client sent that matched. */
export interface VerifiedChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
}

/**
 * Checks a payload's digests against Content-MD5 and the x-amz-checksum-* headers and trailers; throws
 * AwsError as S3 does. Returns the first checksum sent (to store with the object), null when none was.
 */
export function checkDigests(
  header: (name: string) => string | undefined,
  trailers: ReadonlyMap<string, string>,
  md5Hex: string,
  computed: ReadonlyMap<ChecksumAlgorithm, string>,
): VerifiedChecksum | null {
  const md5 = header("content-md5");
  if (md5 !== undefined && Buffer.from(md5Hex, "hex").toString("base64") !== md5.trim()) throw badDigestContentMd5();
  let verified: VerifiedChecksum | null = null;
  for (const algorithm of ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = (trailers.get(name) ?? header(name))?.trim();
    if (value === undefined) continue;
    if (!decodesToBytes(value, DIGEST_BYTES[algorithm])) throw invalidRequestChecksumValue(name);
    const digest = computed.get(algorithm);
    // A trailer x-amz-trailer did not announce: S3 refuses what it was not told to compute.
    if (digest === undefined) throw invalidRequestUndeclaredTrailer(name);
    if (digest !== value) throw badDigestChecksum(algorithm);
    verified ??= { algorithm, value };
  }
  return verified;
}

/** What a consumer of a payload reads once the payload has ended and passed its checks. */
export interface VerifiedPayload {
  /** The payload's MD5 in hex: the object's ETag. */
  readonly md5Digest: string;
  /** The first x-amz-checksum-* the client sent and that matched, to store with the object. */
  readonly checksum: VerifiedChecksum | null;
}

/**
 * Content-MD5 and every x-amz-checksum-<algorithm> of a payload in memory, computed on the loop as
 * it is handed over and checked at its end. The MD5 is always computed: it is the object's ETag.
 * (Streamed request payloads are hashed on the hash worker: payload-stream.ts.)
 */
export class PayloadDigests implements VerifiedPayload {
  private readonly md5 = crypto.createHash("md5");
  private readonly checksums: Map<ChecksumAlgorithm, IncrementalChecksum>;
  private md5Hex: string | undefined;
  private verified: VerifiedChecksum | null = null;

  constructor(private readonly header: (name: string) => string | undefined) {
    this.checksums = new Map(requestedChecksums(header).map((algorithm) => [algorithm, incrementalChecksum(algorithm)]));
  }

  update(data: Buffer): void {
    this.md5.update(data);
    for (const checksum of this.checksums.values()) checksum.update(data);
  }

  /** Checks the digests against the headers and trailers; throws AwsError as S3 does. */
  verify(trailers: ReadonlyMap<string, string>): void {
    this.md5Hex = this.md5.digest("hex");
    const computed = new Map([...this.checksums].map(([algorithm, checksum]) => [algorithm, checksum.digest()]));
    this.verified = checkDigests(this.header, trailers, this.md5Hex, computed);
  }

  get md5Digest(): string {
    if (this.md5Hex === undefined) throw new Error("the payload's digests are read after verify()");
    return this.md5Hex;
  }

  get checksum(): VerifiedChecksum | null {
    return this.verified;
  }
}

/**
 * Verifies Content-MD5 and every x-amz-checksum-<algorithm> present in the headers or the
 * aws-chunked trailers against the decoded payload. Throws AwsError as S3 does.
 */
export function verifyPayloadChecksums(
  header: (name: string) => string | undefined,
  trailers: ReadonlyMap<string, string>,
  payload: Buffer,
): void {
  const digests = new PayloadDigests((name) => (name === "x-amz-trailer" ? [...trailers.keys()].join(",") : header(name)));
  digests.update(payload);
  digests.verify(trailers);
}
