/**
 * Bucket and object sub-resources the sandbox never configures (CORS, website, lifecycle,
 * logging, replication, Object Lock, acceleration, requester pays, notifications, analytics,
 * metrics, inventory, intelligent tiering): S3's answers for a bucket that has none of them, so
 * tools that read every sub-resource (Terraform's aws_s3_bucket, Ansible's s3_bucket) see a plain
 * bucket. Deleting a configuration that is not there succeeds, as on S3; putting the default
 * back (no logging, the owner pays, …) succeeds and changes nothing.
 */
import { isPublicPolicy } from "../model/bucket-policy";
import { missingConfiguration, missingObjectLock, noSuchConfiguration, notImplemented, type MISSING_CONFIGURATION } from "../model/errors";
import { asksForDefault } from "../protocol/settings-xml";
import { emptyResponse, xmlDocument } from "../protocol/xml";
import type { S3BucketCall, S3Operation } from "./operation";

function missing(kind: keyof typeof MISSING_CONFIGURATION) {
  return async (call: S3BucketCall) => {
    throw missingConfiguration(kind, call.bucket.name);
  };
}

function document(root: string, children = "") {
  return async (call: S3BucketCall) => xmlDocument(call.ctx.requestId, root, children);
}

/** A Put that sets what every bucket has by default changes nothing and succeeds; any other is beyond the sandbox. */
function defaultOnly(root: Parameters<typeof asksForDefault>[1]) {
  return async (call: S3BucketCall) => {
    if (!asksForDefault(call.request.body, root)) throw notImplemented();
    return emptyResponse(call.ctx.requestId, 200);
  };
}

async function deleted(call: S3BucketCall) {
  return emptyResponse(call.ctx.requestId, 204);
}

async function noConfiguration(): Promise<never> {
  throw noSuchConfiguration();
}

async function noObjectLock(): Promise<never> {
  throw missingObjectLock();
}

/** NoSuchBucketPolicy without a policy; whether it is public otherwise. */
async function getBucketPolicyStatus(call: S3BucketCall) {
  if (call.bucket.policy === null) throw missingConfiguration("policy", call.bucket.name);
  return xmlDocument(call.ctx.requestId, "PolicyStatus", `<IsPublic>${isPublicPolicy(call.bucket.policy)}</IsPublic>`);
}

const EMPTY_LIST = "<IsTruncated>false</IsTruncated>";

export const unconfiguredOperations = {
  GetBucketPolicyStatus: { scope: "bucket", action: "s3:GetBucketPolicyStatus", run: getBucketPolicyStatus },
  GetBucketCors: { scope: "bucket", action: "s3:GetBucketCORS", run: missing("cors") },
  DeleteBucketCors: { scope: "bucket", action: "s3:PutBucketCORS", run: deleted },
  GetBucketWebsite: { scope: "bucket", action: "s3:GetBucketWebsite", run: missing("website") },
  DeleteBucketWebsite: { scope: "bucket", action: "s3:DeleteBucketWebsite", run: deleted },
  GetBucketLifecycleConfiguration: { scope: "bucket", action: "s3:GetLifecycleConfiguration", run: missing("lifecycle") },
  DeleteBucketLifecycle: { scope: "bucket", action: "s3:PutLifecycleConfiguration", run: deleted },
  GetBucketReplication: { scope: "bucket", action: "s3:GetReplicationConfiguration", run: missing("replication") },
  DeleteBucketReplication: { scope: "bucket", action: "s3:PutReplicationConfiguration", run: deleted },
  GetObjectLockConfiguration: { scope: "bucket", action: "s3:GetBucketObjectLockConfiguration", run: missing("objectLock") },
  GetBucketLogging: { scope: "bucket", action: "s3:GetBucketLogging", run: document("BucketLoggingStatus") },
  PutBucketLogging: { scope: "bucket", action: "s3:PutBucketLogging", run: defaultOnly("BucketLoggingStatus") },
  GetBucketAccelerateConfiguration: { scope: "bucket", action: "s3:GetAccelerateConfiguration", run: document("AccelerateConfiguration") },
  PutBucketAccelerateConfiguration: { scope: "bucket", action: "s3:PutAccelerateConfiguration", run: defaultOnly("AccelerateConfiguration") },
  GetBucketRequestPayment: { scope: "bucket", action: "s3:GetBucketRequestPayment", run: document("RequestPaymentConfiguration", "<Payer>BucketOwner</Payer>") },
  PutBucketRequestPayment: { scope: "bucket", action: "s3:PutBucketRequestPayment", run: defaultOnly("RequestPaymentConfiguration") },
  GetBucketNotificationConfiguration: { scope: "bucket", action: "s3:GetBucketNotification", run: document("NotificationConfiguration") },
  PutBucketNotificationConfiguration: { scope: "bucket", action: "s3:PutBucketNotification", run: defaultOnly("NotificationConfiguration") },
  ListBucketAnalyticsConfigurations: { scope: "bucket", action: "s3:GetAnalyticsConfiguration", run: document("ListBucketAnalyticsConfigurationResult", EMPTY_LIST) },
  GetBucketAnalyticsConfiguration: { scope: "bucket", action: "s3:GetAnalyticsConfiguration", run: noConfiguration },
  DeleteBucketAnalyticsConfiguration: { scope: "bucket", action: "s3:PutAnalyticsConfiguration", run: noConfiguration },
  ListBucketMetricsConfigurations: { scope: "bucket", action: "s3:GetMetricsConfiguration", run: document("ListMetricsConfigurationsResult", EMPTY_LIST) },
  GetBucketMetricsConfiguration: { scope: "bucket", action: "s3:GetMetricsConfiguration", run: noConfiguration },
  DeleteBucketMetricsConfiguration: { scope: "bucket", action: "s3:PutMetricsConfiguration", run: noConfiguration },
  ListBucketInventoryConfigurations: { scope: "bucket", action: "s3:GetInventoryConfiguration", run: document("ListInventoryConfigurationsResult", EMPTY_LIST) },
  GetBucketInventoryConfiguration: { scope: "bucket", action: "s3:GetInventoryConfiguration", run: noConfiguration },
  DeleteBucketInventoryConfiguration: { scope: "bucket", action: "s3:PutInventoryConfiguration", run: noConfiguration },
  ListBucketIntelligentTieringConfigurations: {
    scope: "bucket",
    action: "s3:GetIntelligentTieringConfiguration",
    run: document("ListBucketIntelligentTieringConfigurationsOutput", EMPTY_LIST),
  },
  GetBucketIntelligentTieringConfiguration: { scope: "bucket", action: "s3:GetIntelligentTieringConfiguration", run: noConfiguration },
  DeleteBucketIntelligentTieringConfiguration: { scope: "bucket", action: "s3:PutIntelligentTieringConfiguration", run: noConfiguration },
  GetObjectLegalHold: { scope: "object", action: "s3:GetObjectLegalHold", run: noObjectLock },
  PutObjectLegalHold: { scope: "object", action: "s3:PutObjectLegalHold", run: noObjectLock },
  GetObjectRetention: { scope: "object", action: "s3:GetObjectRetention", run: noObjectLock },
  PutObjectRetention: { scope: "object", action: "s3:PutObjectRetention", run: noObjectLock },
} satisfies Record<string, S3Operation>;
