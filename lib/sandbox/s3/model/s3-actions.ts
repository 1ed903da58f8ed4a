/** The S3 actions a bucket policy can name, by the resource type they apply to. */

const BUCKET_ACTIONS = [
  "ListBucket", "ListBucketVersions", "ListBucketMultipartUploads", "GetBucketLocation", "GetBucketPolicy", "PutBucketPolicy",
  "DeleteBucketPolicy", "DeleteBucket", "CreateBucket", "GetBucketAcl", "PutBucketAcl", "GetBucketVersioning", "PutBucketVersioning",
  "GetBucketTagging", "PutBucketTagging", "GetBucketCORS", "PutBucketCORS", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite",
  "GetLifecycleConfiguration", "PutLifecycleConfiguration", "GetEncryptionConfiguration", "PutEncryptionConfiguration",
  "GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "GetBucketOwnershipControls", "PutBucketOwnershipControls",
  "GetBucketLogging", "PutBucketLogging", "GetBucketNotification", "PutBucketNotification", "GetBucketPolicyStatus",
  "GetReplicationConfiguration", "PutReplicationConfiguration", "GetBucketObjectLockConfiguration", "PutBucketObjectLockConfiguration",
  "GetAccelerateConfiguration", "PutAccelerateConfiguration", "GetBucketRequestPayment", "PutBucketRequestPayment",
  "GetAnalyticsConfiguration", "PutAnalyticsConfiguration", "GetInventoryConfiguration", "PutInventoryConfiguration",
  "GetMetricsConfiguration", "PutMetricsConfiguration", "GetIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration",
];

const OBJECT_ACTIONS = [
  "GetObject", "PutObject", "DeleteObject", "GetObjectVersion", "DeleteObjectVersion", "GetObjectAcl", "PutObjectAcl",
  "GetObjectVersionAcl", "PutObjectVersionAcl", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
  "GetObjectVersionTagging", "PutObjectVersionTagging", "DeleteObjectVersionTagging", "GetObjectAttributes",
  "GetObjectVersionAttributes", "AbortMultipartUpload", "ListMultipartUploadParts", "RestoreObject", "GetObjectRetention",
  "PutObjectRetention", "GetObjectLegalHold", "PutObjectLegalHold", "BypassGovernanceRetention", "ReplicateObject",
  "ReplicateDelete", "ReplicateTags", "GetObjectTorrent", "GetObjectVersionTorrent", "ObjectOwnerOverrideToBucketOwner",
];

const ACCOUNT_ACTIONS = ["ListAllMyBuckets", "GetAccountPublicAccessBlock", "PutAccountPublicAccessBlock", "ListAccessPoints", "ListJobs", "CreateJob"];

export type S3ResourceType = "bucket" | "object" | "account";

export const S3_ACTIONS: ReadonlyMap<string, S3ResourceType> = new Map<string, S3ResourceType>([
  ...BUCKET_ACTIONS.map((name): [string, S3ResourceType] => [name.toLowerCase(), "bucket"]),
  ...OBJECT_ACTIONS.map((name): [string, S3ResourceType] => [name.toLowerCase(), "object"]),
  ...ACCOUNT_ACTIONS.map((name): [string, S3ResourceType] => [name.toLowerCase(), "account"]),
]);

/** An IAM glob (`*` any run, `?` one character) as a case-insensitive or exact regular expression. */
export function globToRegExp(glob: string, ignoreCase: boolean): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

/** The resource types of the known S3 actions an action pattern ("s3:Get*", "*") matches. */
export function resourceTypesOf(actionPattern: string): Set<S3ResourceType> {
  const types = new Set<S3ResourceType>();
  const colon = actionPattern.indexOf(":");
  const service = colon < 0 ? actionPattern : actionPattern.slice(0, colon);
  if (colon < 0 && actionPattern !== "*") return types;
  if (!globToRegExp(service, true).test("s3")) return types;
  const name = colon < 0 ? "*" : actionPattern.slice(colon + 1);
  const pattern = globToRegExp(name, true);
  for (const [action, type] of S3_ACTIONS) if (pattern.test(action)) types.add(type);
  return types;
}
