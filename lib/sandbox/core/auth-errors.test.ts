import { describe, expect, it } from "vitest";
import { authFailureError } from "./auth-errors";
import type { ErrorStyle } from "./error-style";
import type { SigV4Failure } from "./sigv4";

const EC2: ErrorStyle = { family: "ec2" };
const IAM: ErrorStyle = { family: "query", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/" };
const STS: ErrorStyle = { family: "query", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/" };
const S3: ErrorStyle = { family: "s3" };
const JSON_STYLE: ErrorStyle = { family: "json" };

const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);
const skewedPast: SigV4Failure = { kind: "skewed", requestTime: "20240101T113000Z", serverTime: "20240101T120000Z", future: false };
const skewedFuture: SigV4Failure = { kind: "skewed", requestTime: "20240101T123000Z", serverTime: "20240101T120000Z", future: true };
const mismatch: SigV4Failure = { kind: "signatureMismatch", canonicalRequest: "POST\n/aws", stringToSign: "AWS4-HMAC-SHA256\n..." };

function answer(style: ErrorStyle, service: string, failure: SigV4Failure) {
  const error = authFailureError(style, failure, { service, accessKeyId: "AKIAEXAMPLE", signature: "abc", serverTimeMs: NOW });
  return { code: error.code, status: error.httpStatus, message: error.message, details: error.details };
}

describe("authentication errors, per service", () => {
  it("EC2", () => {
    expect(answer(EC2, "ec2", { kind: "unknownKey", accessKeyId: "AKIAX" })).toMatchObject({
      code: "AuthFailure",
      status: 401,
      message: "AWS was not able to validate the provided access credentials",
    });
    expect(answer(EC2, "ec2", mismatch)).toMatchObject({ code: "AuthFailure", status: 401 });
    expect(answer(EC2, "ec2", skewedPast)).toMatchObject({ code: "RequestExpired", status: 400, message: "Request has expired." });
    expect(answer(EC2, "ec2", { kind: "missing" })).toMatchObject({ code: "MissingAuthenticationToken", status: 401 });
    expect(answer(EC2, "ec2", { kind: "malformed", message: "m" })).toMatchObject({ code: "IncompleteSignature", status: 400, message: "m" });
  });

  it("IAM and STS word the unknown key differently (IAM without the final period)", () => {
    expect(answer(IAM, "iam", { kind: "unknownKey", accessKeyId: "AKIAX" })).toMatchObject({
      code: "InvalidClientTokenId",
      status: 403,
      message: "The security token included in the request is invalid",
    });
    expect(answer(STS, "sts", { kind: "unknownKey", accessKeyId: "AKIAX" }).message).toBe("The security token included in the request is invalid.");
  });

  it("IAM/STS: a bad signature and a skewed clock are SignatureDoesNotMatch 403, with AWS's expiry wording", () => {
    expect(answer(STS, "sts", mismatch)).toMatchObject({
      code: "SignatureDoesNotMatch",
      status: 403,
      message:
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    });
    expect(answer(STS, "sts", skewedPast).message).toBe(
      "Signature expired: 20240101T113000Z is now earlier than 20240101T114500Z (20240101T120000Z - 15 min.)",
    );
    expect(answer(IAM, "iam", skewedFuture).message).toBe(
      "Signature not yet current: 20240101T123000Z is still later than 20240101T121500Z (20240101T120000Z + 15 min.)",
    );
    expect(answer(STS, "sts", { kind: "missing" })).toMatchObject({
      code: "MissingAuthenticationToken",
      status: 403,
      message: "Request is missing Authentication Token",
    });
  });

  it("S3, with the detail elements S3 adds", () => {
    expect(answer(S3, "s3", { kind: "unknownKey", accessKeyId: "AKIAX" })).toEqual({
      code: "InvalidAccessKeyId",
      status: 403,
      message: "The AWS Access Key Id you provided does not exist in our records.",
      details: { AWSAccessKeyId: "AKIAX" },
    });
    expect(answer(S3, "s3", mismatch)).toEqual({
      code: "SignatureDoesNotMatch",
      status: 403,
      message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      details: { AWSAccessKeyId: "AKIAEXAMPLE", StringToSign: "AWS4-HMAC-SHA256\n...", SignatureProvided: "abc", CanonicalRequest: "POST\n/aws" },
    });
    expect(answer(S3, "s3", skewedPast)).toEqual({
      code: "RequestTimeTooSkewed",
      status: 403,
      message: "The difference between the request time and the current time is too large.",
      details: { RequestTime: "20240101T113000Z", ServerTime: "20240101T120000Z", MaxAllowedSkewMilliseconds: "900000" },
    });
    expect(answer(S3, "s3", { kind: "presignExpired" })).toMatchObject({ code: "AccessDenied", status: 403, message: "Request has expired" });
    expect(answer(S3, "s3", { kind: "payloadHashMismatch", claimed: "a", computed: "b" })).toMatchObject({
      code: "XAmzContentSHA256Mismatch",
      status: 400,
      details: { ClientComputedContentSHA256: "a", S3ComputedContentSHA256: "b" },
    });
  });

  it("JSON services (SSM, EC2 Instance Connect)", () => {
    expect(answer(JSON_STYLE, "ssm", { kind: "unknownKey", accessKeyId: "AKIAX" })).toMatchObject({
      code: "UnrecognizedClientException",
      status: 400,
      message: "The security token included in the request is invalid.",
    });
    expect(answer(JSON_STYLE, "ssm", mismatch)).toMatchObject({ code: "InvalidSignatureException", status: 400 });
    expect(answer(JSON_STYLE, "ssm", skewedPast).message).toMatch(/^Signature expired: /);
  });
});
