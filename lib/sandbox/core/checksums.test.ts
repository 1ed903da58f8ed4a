import { describe, expect, it } from "vitest";
import { AwsError } from "./errors";
import { checksumOf, crc32c, crc64nvme, verifyPayloadChecksums } from "./checksums";

const CHECK_INPUT = Buffer.from("123456789");

function errorOf(action: () => void): { code: string; message: string } | null {
  try {
    action();
    return null;
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    return { code: error.code, message: error.message };
  }
}

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe("checksums", () => {
  it("computes the standard check values of CRC-32C and CRC-64/NVME", () => {
    expect(crc32c(CHECK_INPUT)).toBe(0xe3069283);
    expect(crc64nvme(CHECK_INPUT).toString("hex")).toBe("ae8b14860a799888");
  });

  it("encodes checksums as the SDKs send them: base64 of the big-endian digest", () => {
    expect(checksumOf("crc32", Buffer.from("hello"))).toBe("NhCmhg==");
    expect(checksumOf("crc32", Buffer.from("hello stream"))).toBe("gtnkmQ==");
    expect(checksumOf("crc32c", Buffer.alloc(66560, "a"))).toBe("sOO8/Q==");
    expect(checksumOf("sha256", Buffer.from(""))).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });

  it("accepts matching Content-MD5 and x-amz-checksum-* from headers and trailers", () => {
    const payload = Buffer.from("hello");
    const md5 = "XUFAKrxLKna5cZ2REBfFkg==";
    expect(errorOf(() => verifyPayloadChecksums(headers({ "content-md5": md5, "x-amz-checksum-crc32": "NhCmhg==" }), new Map(), payload))).toBeNull();
    const trailers = new Map([["x-amz-checksum-sha1", checksumOf("sha1", payload)]]);
    expect(errorOf(() => verifyPayloadChecksums(headers({}), trailers, payload))).toBeNull();
  });

  it("answers S3's BadDigest and InvalidDigest for Content-MD5", () => {
    const payload = Buffer.from("hello");
    expect(errorOf(() => verifyPayloadChecksums(headers({ "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==" }), new Map(), payload))).toEqual({
      code: "BadDigest",
      message: "The Content-MD5 you specified did not match what we received.",
    });
    expect(errorOf(() => verifyPayloadChecksums(headers({ "content-md5": "not-md5" }), new Map(), payload))).toEqual({
      code: "InvalidDigest",
      message: "The Content-MD5 you specified was invalid.",
    });
  });

  it("answers BadDigest for a wrong x-amz-checksum and InvalidRequest for a malformed one", () => {
    const payload = Buffer.from("hello");
    const trailers = new Map([["x-amz-checksum-crc32", "AAAAAA=="]]);
    expect(errorOf(() => verifyPayloadChecksums(headers({}), trailers, payload))).toEqual({
      code: "BadDigest",
      message: "The CRC32 you specified did not match the calculated checksum.",
    });
    expect(errorOf(() => verifyPayloadChecksums(headers({ "x-amz-checksum-sha256": "short" }), new Map(), payload))).toEqual({
      code: "InvalidRequest",
      message: "Value for x-amz-checksum-sha256 header is invalid.",
    });
  });
});
