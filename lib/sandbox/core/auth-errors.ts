/** What each AWS service answers when SigV4 authentication fails, code, status and wording as AWS's. */
import { AwsError } from "./errors";
import type { ErrorStyle } from "./error-style";
import type { SigV4Failure } from "./sigv4";

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const S3_SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
const EC2_AUTH_FAILURE = "AWS was not able to validate the provided access credentials";

/** What IAM, STS, EC2 and the JSON services say of a scope naming a Region that does not exist. */
function invalidRegionMessage(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}

/** "Signature expired: … is now earlier than … (… - 15 min.)", the wording of IAM, STS and the JSON services. */
function signatureExpiredMessage(failure: Extract<SigV4Failure, { kind: "skewed" }>, serverTimeMs: number): string {
  const bound = new Date(serverTimeMs + (failure.future ? 15 : -15) * 60_000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return failure.future
    ? `Signature not yet current: ${failure.requestTime} is still later than ${bound} (${failure.serverTime} + 15 min.)`
    : `Signature expired: ${failure.requestTime} is now earlier than ${bound} (${failure.serverTime} - 15 min.)`;
}

function ec2AuthError(failure: SigV4Failure): AwsError {
  switch (failure.kind) {
    // SigV2 is S3's alone: another service sees these as no authentication it knows.
    case "sigV2Denied":
    case "sigV2Invalid":
    case "missing":
      return new AwsError(
        "MissingAuthenticationToken",
        "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.",
        401,
      );
    case "malformed":
      return new AwsError("IncompleteSignature", failure.message);
    case "skewed":
    case "presignExpired":
      return new AwsError("RequestExpired", "Request has expired.");
    case "expiredToken":
      return new AwsError("RequestExpired", "Request has expired.");
    case "invalidRegion":
      return new AwsError("AuthFailure", invalidRegionMessage(failure.region), 401);
    case "unknownKey":
    case "invalidToken":
    case "signatureMismatch":
    case "payloadHashMismatch":
      return new AwsError("AuthFailure", EC2_AUTH_FAILURE, 401);
  }
}

/** IAM words the unknown-key message without the final period STS has. */
function queryAuthError(service: string, failure: SigV4Failure, serverTimeMs: number): AwsError {
  switch (failure.kind) {
    // SigV2 is S3's alone: another service sees these as no authentication it knows.
    case "sigV2Denied":
    case "sigV2Invalid":
    case "missing":
      return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    case "malformed":
      return new AwsError("IncompleteSignature", failure.message);
    case "unknownKey":
    case "invalidToken":
      return new AwsError(
        "InvalidClientTokenId",
        service === "iam" ? "The security token included in the request is invalid" : "The security token included in the request is invalid.",
        403,
      );
    case "skewed":
      return new AwsError("SignatureDoesNotMatch", signatureExpiredMessage(failure, serverTimeMs), 403);
    case "presignExpired":
    case "expiredToken":
      return new AwsError("ExpiredToken", "The security token included in the request is expired", 403);
    case "signatureMismatch":
    case "payloadHashMismatch":
      return new AwsError("SignatureDoesNotMatch", SIGNATURE_MISMATCH, 403);
    case "invalidRegion":
      return new AwsError("SignatureDoesNotMatch", invalidRegionMessage(failure.region), 403);
  }
}

function s3AuthError(failure: SigV4Failure, accessKeyId: string, signature: string): AwsError {
  switch (failure.kind) {
    case "missing":
      return new AwsError("AccessDenied", "Access Denied", 403);
    case "malformed":
      return new AwsError("AuthorizationHeaderMalformed", `The authorization header is malformed; ${failure.message}`);
    case "unknownKey":
      return new AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403, {
        AWSAccessKeyId: failure.accessKeyId,
      });
    case "signatureMismatch":
      return new AwsError("SignatureDoesNotMatch", S3_SIGNATURE_MISMATCH, 403, {
        AWSAccessKeyId: accessKeyId,
        StringToSign: failure.stringToSign,
        SignatureProvided: signature,
        // SigV4 shows its canonical request; SigV2 the bytes of its string to sign.
        ...(failure.canonicalRequest === undefined ? { StringToSignBytes: bytesOf(failure.stringToSign) } : { CanonicalRequest: failure.canonicalRequest }),
      });
    case "sigV2Denied":
      return new AwsError("AccessDenied", failure.message, 403);
    case "sigV2Invalid":
      return new AwsError("InvalidArgument", failure.message, 400, { ArgumentName: "Authorization", ArgumentValue: failure.header });
    case "skewed":
      return new AwsError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403, {
        RequestTime: failure.requestTime,
        ServerTime: failure.serverTime,
        MaxAllowedSkewMilliseconds: "900000",
      });
    case "presignExpired":
      return new AwsError("AccessDenied", "Request has expired", 403);
    case "invalidToken":
      return new AwsError("InvalidToken", "The provided token is malformed or otherwise invalid.", 400);
    case "expiredToken":
      return new AwsError("ExpiredToken", "The provided token has expired.", 400);
    case "invalidRegion":
      // S3 names the Region it expected; the sandbox's buckets answer for us-east-1 when none is known.
      return new AwsError("AuthorizationHeaderMalformed", `The authorization header is malformed; the region '${failure.region}' is wrong; expecting 'us-east-1'`, 400, {
        Region: "us-east-1",
      });
    case "payloadHashMismatch":
      return new AwsError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
        ClientComputedContentSHA256: failure.claimed,
        S3ComputedContentSHA256: failure.computed,
      });
  }
}

/** "47 45 54 0a …": how S3 spells out a string to sign byte by byte. */
function bytesOf(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

function jsonAuthError(failure: SigV4Failure, serverTimeMs: number): AwsError {
  switch (failure.kind) {
    // SigV2 is S3's alone: another service sees these as no authentication it knows.
    case "sigV2Denied":
    case "sigV2Invalid":
    case "missing":
      return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token");
    case "malformed":
      return new AwsError("IncompleteSignatureException", failure.message);
    case "unknownKey":
    case "invalidToken":
      return new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.");
    case "skewed":
      return new AwsError("InvalidSignatureException", signatureExpiredMessage(failure, serverTimeMs));
    case "presignExpired":
    case "expiredToken":
      return new AwsError("ExpiredTokenException", "The security token included in the request is expired");
    case "signatureMismatch":
    case "payloadHashMismatch":
      return new AwsError("InvalidSignatureException", SIGNATURE_MISMATCH);
    case "invalidRegion":
      return new AwsError("InvalidSignatureException", invalidRegionMessage(failure.region));
  }
}

export interface AuthErrorContext {
  /** Signing name of the service the request was for ("ec2", "iam", "sts", "s3", "ssm"…). */
  service: string;
  accessKeyId?: string;
  signature?: string;
  serverTimeMs: number;
}

/** The AWS error for a failed SigV4 check, in the words of the service the request was meant for. */
export function authFailureError(style: ErrorStyle, failure: SigV4Failure, context: AuthErrorContext): AwsError {
  switch (style.family) {
    case "ec2":
      return ec2AuthError(failure);
    case "query":
      return queryAuthError(context.service, failure, context.serverTimeMs);
    case "s3":
      return s3AuthError(failure, context.accessKeyId ?? "", context.signature ?? "");
    case "json":
      return jsonAuthError(failure, context.serverTimeMs);
  }
}
