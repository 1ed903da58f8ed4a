/**
 * The sandbox's errors shared by several services (wire protocols, checksums, the front door). Each
 * service's own errors live in its errors.ts (ec2/model, s3/model, iam/model, ssm/model, sts,
 * ec2-instance-connect); docs/architecture.md says how to add one.
 */
import type { ErrorStyle } from "./error-style";

/** An error AWS would answer with: its code (e.g. "InvalidVpcID.NotFound"), message and HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    /** Extra elements S3 puts in its <Error> (e.g. AWSAccessKeyId, StringToSign), in order. */
    readonly details?: Readonly<Record<string, string>>,
    /** Response headers S3 sends with this error (x-amz-delete-marker on a deleted object). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export function badDigestContentMd5(): AwsError {
  return new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.");
}

/** S3's answer to a body over the cap (the other services are answered with the same code and wording). */
export function entityTooLarge(maxBytes: number, proposedBytes?: number): AwsError {
  const details: Record<string, string> = {};
  if (proposedBytes !== undefined) details.ProposedSize = String(proposedBytes);
  details.MaxSizeAllowed = String(maxBytes);
  return new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400, details);
}

export function incompleteBody(): AwsError {
  return new AwsError("IncompleteBody", "The request body terminated unexpectedly");
}

export function invalidAction(action: string): AwsError {
  return new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`);
}

export function invalidChunkSizeError(): AwsError {
  return new AwsError("InvalidChunkSizeError", "Only the last chunk is allowed to have a size less than 8192 bytes");
}

export function invalidDigest(): AwsError {
  return new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.");
}

export function invalidRequestChecksumValue(name: string): AwsError {
  return new AwsError("InvalidRequest", `Value for ${name} header is invalid.`);
}

export function invalidRequestMissingContentSha256(): AwsError {
  return new AwsError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
}

export function invalidRequestUndeclaredTrailer(name: string): AwsError {
  return new AwsError("InvalidRequest", `The ${name} trailer was not declared in the x-amz-trailer header.`);
}

export function malformedQueryString(): AwsError {
  return new AwsError("MalformedQueryString", "The query string contains a syntax error.", 404);
}

export function missingContentLength(): AwsError {
  return new AwsError("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);
}

export function notImplementedService(signingName: string): AwsError {
  return new AwsError("NotImplemented", `The sandbox does not implement the ${signingName} API.`, 501);
}

export function serializationException(): AwsError {
  return new AwsError("SerializationException", "Start of structure or map found where not expected.");
}

/** "The CRC32 you specified did not match the calculated checksum." */
export function badDigestChecksum(algorithm: string): AwsError {
  return new AwsError("BadDigest", `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
}

/** EC2 names the parameter; the other Query services say only "Missing Action". */
export function missingAction(errorFormat: "ec2" | "query"): AwsError {
  return new AwsError("MissingAction", errorFormat === "ec2" ? "The request must contain the parameter Action" : "Missing Action");
}

export function unknownOperationException(target: string): AwsError {
  return new AwsError("UnknownOperationException", `The operation ${target || "(no X-Amz-Target)"} is not known.`);
}

/** "1 validation error detected: …" (or "N validation errors …; …") under the service's own code. */
export function validationErrorsDetected(code: string, details: string[]): AwsError {
  const count = details.length === 1 ? "1 validation error" : `${details.length} validation errors`;
  return new AwsError(code, `${count} detected: ${details.join("; ")}`, 400);
}

/** The code each service answers a full state with: its own code for an account-level limit. */
const STATE_FULL_CODES: Record<string, { code: string; status: number }> = {
  ec2: { code: "ResourceLimitExceeded", status: 400 },
  iam: { code: "LimitExceeded", status: 409 },
};

/** The sandbox's cap on one account's state per service and Region (AWS's own limits are per resource). */
export function stateSizeLimitExceeded(service: string, maxChars: number): AwsError {
  const { code, status } = STATE_FULL_CODES[service] ?? { code: "LimitExceeded", status: 400 };
  return new AwsError(
    code,
    `The sandbox account's ${service} resources in this Region are at the sandbox's size limit (${maxChars} characters); delete some before creating more.`,
    status,
  );
}

/** The "something broke on our side" error of each family, as AWS words it. */
export function internalError(style: ErrorStyle): AwsError {
  switch (style.family) {
    case "ec2":
      return new AwsError("InternalError", "An internal error has occurred", 500);
    case "s3":
      return new AwsError("InternalError", "We encountered an internal error. Please try again.", 500);
    case "query":
    case "json":
      return new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
  }
}

/**
 * Each family's "slow down" error, as AWS answers a caller over its request rate: EC2's
 * RequestLimitExceeded (503), S3's SlowDown (503), IAM/STS's Throttling and the JSON services'
 * ThrottlingException (both 400). The AWS SDKs and CLI retry all four as throttling.
 */
export function throttlingError(style: ErrorStyle): AwsError {
  switch (style.family) {
    case "ec2":
      return new AwsError("RequestLimitExceeded", "Request limit exceeded.", 503);
    case "s3":
      return new AwsError("SlowDown", "Please reduce your request rate.", 503);
    case "query":
      return new AwsError("Throttling", "Rate exceeded", 400);
    case "json":
      return new AwsError("ThrottlingException", "Rate exceeded", 400);
  }
}
