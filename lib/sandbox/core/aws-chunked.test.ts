import { describe, expect, it } from "vitest";
import { AwsError } from "./errors";
import { AwsChunkedDecoder, checkDecodedLength, chunkedModeOf, decodeAwsChunked } from "./aws-chunked";
import { readSigV4Auth, SigV4Error, verifySigV4, type SignedRequest } from "./sigv4";

// The signed streaming uploads of AWS's S3 documentation ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks", with and without trailers):
// 66560 bytes of "a" in chunks of 65536, 1024 and 0 bytes.
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
const CHUNK_SIGNATURES = [
  "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
  "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
  "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
];
const TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
const TRAILER_CHUNK_SIGNATURES = [
  "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
  "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
  "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
];
const TRAILER_SIGNATURE = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

function documentedRequest(trailer: boolean): SignedRequest {
  const signedHeaders = trailer
    ? "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer"
    : "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class";
  const headers = new Map<string, string[]>([
    ["host", ["s3.amazonaws.com"]],
    ["x-amz-date", ["20130524T000000Z"]],
    ["x-amz-storage-class", ["REDUCED_REDUNDANCY"]],
    [
      "authorization",
      [
        `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signedHeaders},Signature=${trailer ? TRAILER_SEED : SEED}`,
      ],
    ],
    ["x-amz-content-sha256", [trailer ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"]],
    ["content-encoding", ["aws-chunked"]],
    ["x-amz-decoded-content-length", ["66560"]],
    ["content-length", ["66824"]],
  ]);
  if (trailer) headers.set("x-amz-trailer", ["x-amz-checksum-crc32c"]);
  return { method: "PUT", path: "/examplebucket/chunkObject.txt", query: "", headers };
}

function documentedBody(signatures: string[], trailer = ""): Buffer {
  const [first, second, last] = signatures;
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${first}\r\n`),
    Buffer.alloc(65536, "a"),
    Buffer.from(`\r\n400;chunk-signature=${second}\r\n`),
    Buffer.alloc(1024, "a"),
    Buffer.from(`\r\n0;chunk-signature=${last}\r\n${trailer}\r\n`),
  ]);
}

function signingOf(request: SignedRequest) {
  const auth = readSigV4Auth(request);
  return verifySigV4(request, auth, SECRET, request.headers.get("x-amz-content-sha256")![0]);
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error.code;
    if (error instanceof SigV4Error) return error.failure.kind;
    throw error;
  }
  return "no error";
}

describe("aws-chunked bodies", () => {
  it("names the mode each streaming x-amz-content-sha256 value announces", () => {
    expect(chunkedModeOf("STREAMING-UNSIGNED-PAYLOAD-TRAILER")).toBe("unsigned-trailer");
    expect(chunkedModeOf("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")).toBe("signed");
    expect(chunkedModeOf("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")).toBe("signed-trailer");
    expect(chunkedModeOf("UNSIGNED-PAYLOAD")).toBeNull();
  });

  it("verifies AWS's documented seed and chunk signatures and returns the payload", () => {
    const signing = signingOf(documentedRequest(false));
    const decoded = decodeAwsChunked(documentedBody(CHUNK_SIGNATURES), "signed", signing);
    expect(decoded.payload.equals(Buffer.alloc(66560, "a"))).toBe(true);
    expect(decoded.trailers.size).toBe(0);
  });

  it("rejects a changed chunk and a chunk with a reordered signature", () => {
    const signing = signingOf(documentedRequest(false));
    const changed = documentedBody(CHUNK_SIGNATURES);
    changed[200] = "b".charCodeAt(0);
    expect(codeOf(() => decodeAwsChunked(changed, "signed", signing))).toBe("signatureMismatch");
    const swapped = documentedBody([CHUNK_SIGNATURES[1], CHUNK_SIGNATURES[0], CHUNK_SIGNATURES[2]]);
    expect(codeOf(() => decodeAwsChunked(swapped, "signed", signing))).toBe("signatureMismatch");
  });

  it("verifies AWS's documented trailer signature and returns the trailing checksum", () => {
    const signing = signingOf(documentedRequest(true));
    const trailer = `x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:${TRAILER_SIGNATURE}\r\n`;
    const body = Buffer.concat([documentedBody(TRAILER_CHUNK_SIGNATURES).subarray(0, -2), Buffer.from(trailer), Buffer.from("\r\n")]);
    const decoded = decodeAwsChunked(body, "signed-trailer", signing);
    expect(decoded.payload.length).toBe(66560);
    expect(decoded.trailers).toEqual(new Map([["x-amz-checksum-crc32c", "sOO8/Q=="]]));

    const forged = Buffer.from(body.toString("latin1").replace("sOO8/Q==", "AAAAAA=="), "latin1");
    expect(codeOf(() => decodeAwsChunked(forged, "signed-trailer", signing))).toBe("signatureMismatch");
  });

  it("decodes the JS SDK's unsigned form with a trailing CRC32", () => {
    const body = Buffer.from("c\r\nhello stream\r\n0\r\nx-amz-checksum-crc32:gtnkmQ==\r\n\r\n");
    const decoded = decodeAwsChunked(body, "unsigned-trailer");
    expect(decoded.payload.toString()).toBe("hello stream");
    expect(decoded.trailers.get("x-amz-checksum-crc32")).toBe("gtnkmQ==");
  });

  it("answers S3's errors for a body cut short, a bad chunk size and a wrong decoded length", () => {
    expect(codeOf(() => decodeAwsChunked(Buffer.from("c\r\nhello"), "unsigned-trailer"))).toBe("IncompleteBody");
    expect(codeOf(() => decodeAwsChunked(Buffer.from("zz\r\nhello\r\n0\r\n\r\n"), "unsigned-trailer"))).toBe("InvalidChunkSizeError");
    expect(codeOf(() => decodeAwsChunked(Buffer.from("5\r\nhello"), "unsigned-trailer"))).toBe("IncompleteBody");
    expect(codeOf(() => checkDecodedLength(Buffer.from("hello"), "6"))).toBe("IncompleteBody");
    expect(codeOf(() => checkDecodedLength(Buffer.from("hello"), undefined))).toBe("MissingContentLength");
    expect(codeOf(() => checkDecodedLength(Buffer.from("hello"), "5"))).toBe("no error");
  });

  it("decodes as the body arrives, in pieces of any size (down to one byte), with the same payload, signatures and trailer", () => {
    const signing = signingOf(documentedRequest(true));
    const trailer = `x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:${TRAILER_SIGNATURE}\r\n`;
    const body = Buffer.concat([documentedBody(TRAILER_CHUNK_SIGNATURES).subarray(0, -2), Buffer.from(trailer), Buffer.from("\r\n")]);
    for (const pieceSize of [1, 7, 4096, 65538]) {
      const decoder = new AwsChunkedDecoder("signed-trailer", signing);
      const payload: Buffer[] = [];
      for (let at = 0; at < body.length; at += pieceSize) payload.push(...decoder.push(body.subarray(at, at + pieceSize)));
      expect(Buffer.concat(payload).equals(Buffer.alloc(66560, "a"))).toBe(true);
      expect(decoder.end()).toEqual(new Map([["x-amz-checksum-crc32c", "sOO8/Q=="]]));
    }
    const changed = Buffer.from(body);
    changed[200] = "b".charCodeAt(0);
    const decoder = new AwsChunkedDecoder("signed-trailer", signing);
    expect(codeOf(() => decoder.push(changed.subarray(0, 66_000)))).toBe("signatureMismatch");
    const cut = new AwsChunkedDecoder("unsigned-trailer");
    cut.push(Buffer.from("c\r\nhello"));
    expect(codeOf(() => cut.end())).toBe("IncompleteBody");
  });
});
