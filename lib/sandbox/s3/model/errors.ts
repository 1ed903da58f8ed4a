/** S3's errors, with AWS's codes, statuses, messages and the extra elements S3 puts in <Error>. */
import { AwsError } from "@/lib/sandbox/core/errors";

export function noSuchBucket(bucket: string): AwsError {
  return new AwsError("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: bucket });
}

export function noSuchKey(key: string): AwsError {
  return new AwsError("NoSuchKey", "The specified key does not exist.", 404, { Key: key });
}

export function bucketAlreadyExists(bucket: string): AwsError {
  return new AwsError(
    "BucketAlreadyExists",
    "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
    409,
    { BucketName: bucket },
  );
}

export function bucketAlreadyOwnedByYou(bucket: string): AwsError {
  return new AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, {
    BucketName: bucket,
  });
}

export function bucketNotEmpty(bucket: string): AwsError {
  return new AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, { BucketName: bucket });
}

export function invalidBucketName(bucket: string): AwsError {
  return new AwsError("InvalidBucketName", "The specified bucket is not valid.", 400, { BucketName: bucket });
}

export function noSuchBucketPolicy(bucket: string): AwsError {
  return new AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404, { BucketName: bucket });
}

function malformedPolicy(message: string): AwsError {
  return new AwsError("MalformedPolicy", message, 400);
}

export function malformedPolicyTooLarge(): AwsError {
  return malformedPolicy("Policies must be less than 20 KB");
}

export function malformedPolicyFirstByte(): AwsError {
  return malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
}

export function malformedPolicyInvalidJson(): AwsError {
  return malformedPolicy("This policy contains invalid Json");
}

export function malformedPolicyUnknownField(field: string): AwsError {
  return malformedPolicy(`Unknown field ${field}`);
}

export function malformedPolicyVersion(): AwsError {
  return malformedPolicy("The policy must contain a valid version string");
}

/** "Missing required field Statement" (Effect, Principal, Action, Resource). */
export function malformedPolicyMissingField(field: string): AwsError {
  return malformedPolicy(`Missing required field ${field}`);
}

export function malformedPolicyStatementEmpty(): AwsError {
  return malformedPolicy("Could not parse the policy: Statement is empty!");
}

export function malformedPolicyEffect(effect: unknown): AwsError {
  return malformedPolicy(`Invalid effect: ${String(effect)}`);
}

export function malformedPolicyPrincipal(): AwsError {
  return malformedPolicy("Invalid principal in policy");
}

export function malformedPolicyAction(): AwsError {
  return malformedPolicy("Policy has invalid action");
}

export function malformedPolicyResource(): AwsError {
  return malformedPolicy("Policy has invalid resource");
}

export function malformedPolicyConditionKey(): AwsError {
  return malformedPolicy("Policy has an invalid condition key");
}

export function malformedPolicyConditionType(operator: string): AwsError {
  return malformedPolicy(`Invalid Condition type : ${operator}`);
}

export function malformedPolicyActionNotApplicable(): AwsError {
  return malformedPolicy("Action does not apply to any resource(s) in statement");
}

export function accessDenied(message: string): AwsError {
  return new AwsError("AccessDenied", message, 403);
}

/** A version id that names no version of the key (S3 answers so for "null" and for ids of its own form). */
export function noSuchVersion(key: string, versionId: string): AwsError {
  return new AwsError("NoSuchVersion", "The specified version does not exist.", 404, { Key: key, VersionId: versionId });
}

/** GET or HEAD of a key whose latest version is a delete marker: NoSuchKey, saying so in headers. */
export function deletedKey(key: string, versionId: string): AwsError {
  return new AwsError("NoSuchKey", "The specified key does not exist.", 404, { Key: key }, { "x-amz-delete-marker": "true", "x-amz-version-id": versionId });
}

/** GET or HEAD naming a delete marker's version id. */
export function deleteMarkerNotAllowed(method: string, versionId: string, lastModified: string): AwsError {
  return new AwsError(
    "MethodNotAllowed",
    "The specified method is not allowed against this resource.",
    405,
    { Method: method, ResourceType: "DeleteMarker" },
    { "x-amz-delete-marker": "true", "x-amz-version-id": versionId, "Last-Modified": lastModified },
  );
}

export function noSuchUpload(uploadId: string): AwsError {
  return new AwsError(
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    404,
    { UploadId: uploadId },
  );
}

export function invalidRange(range: string, size: number): AwsError {
  return new AwsError("InvalidRange", "The requested range is not satisfiable", 416, { RangeRequested: range, ActualObjectSize: String(size) });
}

export function malformedXml(): AwsError {
  return new AwsError(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
    400,
  );
}

export function invalidArgument(message: string, name: string, value: string): AwsError {
  return new AwsError("InvalidArgument", message, 400, { ArgumentName: name, ArgumentValue: value });
}

export function invalidRequest(message: string): AwsError {
  return new AwsError("InvalidRequest", message, 400);
}

export function methodNotAllowed(method: string, resourceType: "SERVICE" | "BUCKET" | "OBJECT"): AwsError {
  return new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, {
    Method: method,
    ResourceType: resourceType,
  });
}

/** S3's own answer (code, text, 501) to a subresource or header it does not support; the sandbox serves fewer of them. */
export function notImplemented(): AwsError {
  return new AwsError("NotImplemented", "A header you provided implies functionality that is not implemented.", 501);
}

export function preconditionFailed(condition: string): AwsError {
  return new AwsError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, { Condition: condition });
}

export function keyTooLong(): AwsError {
  return new AwsError("KeyTooLongError", "Your key is too long", 400);
}

/** Also answered by the aws-chunked decoder (core), so it lives there. */
export { missingContentLength } from "@/lib/sandbox/core/errors";

/**
 * The sandbox's storage quota (S3 itself has none per account). The code is S3-like and the
 * status 403 is what S3 answers for refusals that retrying will not fix (like AccessDenied); the
 * message says what is used, what the request needs and the limit, so the student knows to delete.
 */
export function quotaExceeded(usedBytes: number, requestBytes: number, quotaBytes: number): AwsError {
  return new AwsError(
    "QuotaExceeded",
    `This request would store ${usedBytes + requestBytes} bytes in the account's buckets, over the sandbox's S3 storage quota of ${quotaBytes} bytes (${usedBytes} bytes in use). Delete objects or abort multipart uploads to free space.`,
    403,
  );
}

export function tooManyBuckets(): AwsError {
  return new AwsError("TooManyBuckets", "You have attempted to create more buckets than allowed", 400);
}

/** S3's error for an ACL on a bucket whose ObjectOwnership is BucketOwnerEnforced. */
export function accessControlListNotSupported(): AwsError {
  return new AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
}

/** The 404 answers of a bucket sub-resource that holds no configuration, as S3 words each. */
export const MISSING_CONFIGURATION = {
  tagging: { code: "NoSuchTagSet", message: "The TagSet does not exist" },
  publicAccessBlock: { code: "NoSuchPublicAccessBlockConfiguration", message: "The public access block configuration was not found" },
  ownershipControls: { code: "OwnershipControlsNotFoundError", message: "The bucket ownership controls were not found" },
  cors: { code: "NoSuchCORSConfiguration", message: "The CORS configuration does not exist" },
  website: { code: "NoSuchWebsiteConfiguration", message: "The specified bucket does not have a website configuration" },
  lifecycle: { code: "NoSuchLifecycleConfiguration", message: "The lifecycle configuration does not exist" },
  replication: { code: "ReplicationConfigurationNotFoundError", message: "The replication configuration was not found" },
  objectLock: { code: "ObjectLockConfigurationNotFoundError", message: "Object Lock configuration does not exist for this bucket" },
  policy: { code: "NoSuchBucketPolicy", message: "The bucket policy does not exist" },
} as const;

export function missingConfiguration(kind: keyof typeof MISSING_CONFIGURATION, bucket: string): AwsError {
  const { code, message } = MISSING_CONFIGURATION[kind];
  return new AwsError(code, message, 404, { BucketName: bucket });
}

/** A named analytics, metrics, inventory or intelligent-tiering configuration that is not there. */
export function noSuchConfiguration(): AwsError {
  return new AwsError("NoSuchConfiguration", "The specified configuration does not exist.", 404);
}

/** Retention and legal hold on a bucket created without Object Lock. */
export function missingObjectLock(): AwsError {
  return new AwsError("InvalidRequest", "Bucket is missing Object Lock Configuration", 400);
}

/** S3's answer to an upload whose client went silent for too long (here: until the sweep took its bytes). */
export function requestTimeout(): AwsError {
  return new AwsError("RequestTimeout", "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.", 400);
}

export function entityTooSmall(size: number, minSize: number, partNumber: number, etag: string): AwsError {
  return new AwsError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400, {
    ProposedSize: String(size),
    MinSizeAllowed: String(minSize),
    PartNumber: String(partNumber),
    ETag: etag,
  });
}

export function illegalLocationConstraintException(constraint: string): AwsError {
  return new AwsError("IllegalLocationConstraintException", `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
}

export function invalidArgumentDestinations(details: Record<string, string>): AwsError {
  return new AwsError("InvalidArgument", "Unable to validate the following destination configurations", 400, details);
}

export function invalidBucketStateObjectLockNeedsVersioning(): AwsError {
  return new AwsError("InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", 409);
}

export function invalidBucketStateObjectLockOnExistingBucket(): AwsError {
  return new AwsError("InvalidBucketState", "Object Lock configuration cannot be enabled on existing buckets", 409);
}

export function invalidObjectState(): AwsError {
  return new AwsError("InvalidObjectState", "Restore is not allowed for the object's current storage class", 403);
}

export function invalidPart(uploadId: string, partNumber: number, etag: string): AwsError {
  return new AwsError(
    "InvalidPart",
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
  );
}

export function invalidPartOrder(uploadId: string): AwsError {
  return new AwsError("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400, { UploadId: uploadId });
}

export function invalidRequestBitTorrent(): AwsError {
  return new AwsError("InvalidRequest", "BitTorrent is no longer supported by Amazon S3.", 400);
}

export function invalidRequestReplicationNeedsVersioning(bucket: string): AwsError {
  return new AwsError("InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication configuration", 400, { BucketName: bucket });
}

export function invalidTargetBucketForLogging(message: string, targetBucket: string): AwsError {
  return new AwsError("InvalidTargetBucketForLogging", message, 400, { TargetBucket: targetBucket });
}

export function invalidUri(): AwsError {
  return new AwsError("InvalidURI", "Couldn't parse the specified URI.");
}

export function metadataTooLarge(size: number, maxSize: number): AwsError {
  return new AwsError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", 400, {
    Size: String(size),
    MaxSizeAllowed: String(maxSize),
  });
}

export function tooManyConfigurations(): AwsError {
  return new AwsError("TooManyConfigurations", "You are attempting to create a new configuration but have already reached the 1,000-configuration limit.", 400);
}

export function tooManyConfigurationsBytes(maxBytes: number): AwsError {
  return new AwsError(
    "TooManyConfigurations",
    `The bucket's configurations would take more than the sandbox's ${maxBytes} bytes. Delete analytics, metrics, inventory or Intelligent-Tiering configurations first.`,
    400,
  );
}

export function invalidTag(message: string): AwsError {
  return new AwsError("InvalidTag", message, 400);
}

/** Objects take 10 tags, buckets 50. */
export function badRequestTooManyTags(resource: "bucket" | "object"): AwsError {
  return new AwsError("BadRequest", resource === "object" ? "Object tags cannot be greater than 10" : "Bucket tag count cannot be greater than 50", 400);
}
