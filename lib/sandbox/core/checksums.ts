/**
 * Content-MD5 and x-amz-checksum-* verification of request payloads, with S3's error codes.
 * Checksums are base64 of the big-endian digest, as the SDKs and the CLI send them.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import { AwsError } from "./errors";

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

export function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
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

export function crc64nvme(data: Buffer): Buffer {
  let h = 0xffffffff;
  let l = 0xffffffff;
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

/** The base64 checksum of `data` with `algorithm`, as it appears in x-amz-checksum-* headers. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  switch (algorithm) {
    case "crc32":
      return uint32Bytes(zlib.crc32(data)).toString("base64");
    case "crc32c":
      return uint32Bytes(crc32c(data)).toString("base64");
    case "crc64nvme":
      return crc64nvme(data).toString("base64");
    case "sha1":
    case "sha256":
      return crypto.createHash(algorithm).update(data).digest("base64");
  }
}

function decodesToBytes(value: string, length: number): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === length;
}

function checkContentMd5(value: string, payload: Buffer): void {
  if (!decodesToBytes(value, 16)) throw new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.");
  const computed = crypto.createHash("md5").update(payload).digest("base64");
  if (computed !== value) throw new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.");
}

function checkAlgorithmChecksum(algorithm: ChecksumAlgorithm, value: string, payload: Buffer): void {
  const header = `x-amz-checksum-${algorithm}`;
  if (!decodesToBytes(value, DIGEST_BYTES[algorithm])) {
    throw new AwsError("InvalidRequest", `Value for ${header} header is invalid.`);
  }
  if (checksumOf(algorithm, payload) !== value) {
    throw new AwsError("BadDigest", `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
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
  const md5 = header("content-md5");
  if (md5 !== undefined) checkContentMd5(md5.trim(), payload);
  for (const algorithm of ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = trailers.get(name) ?? header(name);
    if (value !== undefined) checkAlgorithmChecksum(algorithm, value.trim(), payload);
  }
}
