/**
 * Bucket configurations S3 stores and returns as put — CORS, website, lifecycle, logging, Transfer
 * Acceleration, request payment, notifications, replication — with S3's checks on each put and
 * its answer when there is none. The sandbox keeps them (tools read back what they wrote, so
 * Terraform and Ansible see no drift) but acts on none: no CORS headers, no website endpoint, no
 * expirations, no log delivery, no replication. Object Lock is refused as S3 refuses it on a
 * bucket created without it.
 */
import type { S3ConfigurationName } from "@/lib/db/schema";
import { bucketVersioningStatus } from "../model/bucket-settings";
import { invalidRequest, missingConfiguration, type MISSING_CONFIGURATION, invalidBucketStateObjectLockNeedsVersioning, invalidBucketStateObjectLockOnExistingBucket, invalidRequestReplicationNeedsVersioning } from "../model/errors";
import { findBucket, setBucketConfiguration } from "../model/storage";
import {
  invalidLoggingTarget,
  parseAccelerate,
  parseCors,
  parseLifecycle,
  parseLogging,
  parseNotification,
  parseObjectLock,
  parseReplication,
  parseRequestPayment,
  parseWebsite,
} from "../protocol/configurations-xml";
import { RawXml, type S3Result } from "../protocol/response";
import type { S3BucketCall, S3Operation } from "./operation";

interface StoredConfiguration {
  name: S3ConfigurationName;
  /** The document's root element. */
  root: string;
  /** S3's answer to a Get when there is none: its 404, or the document a bucket has by default. */
  absent: { missing: keyof typeof MISSING_CONFIGURATION } | { defaultContent: string };
  /** Checks a Put's body against S3's rules and the bucket; the content to keep, or null to keep none. */
  parse(call: S3BucketCall): Promise<string | null>;
}

function storedContent(call: S3BucketCall, name: S3ConfigurationName): string | undefined {
  const configurations = call.bucket.configurations;
  return Object.hasOwn(configurations, name) ? configurations[name] : undefined;
}

function getter(configuration: StoredConfiguration) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    const content = storedContent(call, configuration.name);
    if (content !== undefined) return { document: { root: configuration.root, content: new RawXml(content) } };
    if ("missing" in configuration.absent) throw missingConfiguration(configuration.absent.missing, call.bucket.name);
    return { document: { root: configuration.root, content: new RawXml(configuration.absent.defaultContent) } };
  };
}

function putter(configuration: StoredConfiguration) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    await setBucketConfiguration(call.bucket.name, configuration.name, await configuration.parse(call));
    return {};
  };
}

/** Deleting a configuration that is not there succeeds, as on S3. */
function deleter(configuration: StoredConfiguration) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    await setBucketConfiguration(call.bucket.name, configuration.name, null);
    return { status: 204 };
  };
}

/** The target must be an existing bucket of the same owner (S3 then delivers logs there; the sandbox does not). */
async function parseLoggingFor(call: S3BucketCall): Promise<string | null> {
  const logging = parseLogging(call.request.body);
  if (logging === null) return null;
  const target = await findBucket(logging.targetBucket);
  if (!target) throw invalidLoggingTarget("The target bucket for logging does not exist", logging.targetBucket);
  if (target.ownerAccountId !== call.bucket.ownerAccountId) {
    throw invalidLoggingTarget("The owner for the bucket to be logged and the target bucket must be the same.", logging.targetBucket);
  }
  return logging.content;
}

/** Replication needs versioning on the bucket and on every destination, which must exist. */
async function parseReplicationFor(call: S3BucketCall): Promise<string> {
  if (bucketVersioningStatus(call.bucket) !== "Enabled") {
    throw invalidRequestReplicationNeedsVersioning(call.bucket.name);
  }
  const { content, destinations } = parseReplication(call.request.body);
  for (const name of destinations) {
    const destination = await findBucket(name);
    if (!destination) throw invalidRequest("Destination bucket must exist.");
    if (bucketVersioningStatus(destination) !== "Enabled") throw invalidRequest("Destination bucket must have versioning enabled.");
  }
  return content;
}

const CONFIGURATIONS = {
  cors: { name: "cors", root: "CORSConfiguration", absent: { missing: "cors" }, parse: async (call) => parseCors(call.request.body) },
  website: { name: "website", root: "WebsiteConfiguration", absent: { missing: "website" }, parse: async (call) => parseWebsite(call.request.body) },
  lifecycle: { name: "lifecycle", root: "LifecycleConfiguration", absent: { missing: "lifecycle" }, parse: async (call) => parseLifecycle(call.request.body) },
  logging: { name: "logging", root: "BucketLoggingStatus", absent: { defaultContent: "" }, parse: parseLoggingFor },
  accelerate: { name: "accelerate", root: "AccelerateConfiguration", absent: { defaultContent: "" }, parse: async (call) => parseAccelerate(call.request.body, call.bucket.name) },
  requestPayment: {
    name: "requestPayment",
    root: "RequestPaymentConfiguration",
    absent: { defaultContent: "<Payer>BucketOwner</Payer>" },
    parse: async (call) => parseRequestPayment(call.request.body),
  },
  notification: { name: "notification", root: "NotificationConfiguration", absent: { defaultContent: "" }, parse: async (call) => parseNotification(call.request.body) },
  replication: { name: "replication", root: "ReplicationConfiguration", absent: { missing: "replication" }, parse: parseReplicationFor },
} satisfies Record<S3ConfigurationName, StoredConfiguration>;

/**
 * S3 lets Object Lock be turned on only on a versioned bucket; the sandbox, which keeps no
 * retention, answers a versioned bucket as S3 answered a bucket created without Object Lock.
 */
async function putObjectLockConfiguration(call: S3BucketCall): Promise<never> {
  parseObjectLock(call.request.body);
  if (bucketVersioningStatus(call.bucket) !== "Enabled") {
    throw invalidBucketStateObjectLockNeedsVersioning();
  }
  throw invalidBucketStateObjectLockOnExistingBucket();
}

const { cors, website, lifecycle, logging, accelerate, requestPayment, notification, replication } = CONFIGURATIONS;

export const configurationOperations = {
  GetBucketCors: { scope: "bucket", action: "s3:GetBucketCORS", run: getter(cors) },
  PutBucketCors: { scope: "bucket", action: "s3:PutBucketCORS", run: putter(cors) },
  DeleteBucketCors: { scope: "bucket", action: "s3:PutBucketCORS", run: deleter(cors) },
  GetBucketWebsite: { scope: "bucket", action: "s3:GetBucketWebsite", run: getter(website) },
  PutBucketWebsite: { scope: "bucket", action: "s3:PutBucketWebsite", run: putter(website) },
  DeleteBucketWebsite: { scope: "bucket", action: "s3:DeleteBucketWebsite", run: deleter(website) },
  GetBucketLifecycleConfiguration: { scope: "bucket", action: "s3:GetLifecycleConfiguration", run: getter(lifecycle) },
  PutBucketLifecycleConfiguration: { scope: "bucket", action: "s3:PutLifecycleConfiguration", run: putter(lifecycle) },
  DeleteBucketLifecycle: { scope: "bucket", action: "s3:PutLifecycleConfiguration", run: deleter(lifecycle) },
  GetBucketLogging: { scope: "bucket", action: "s3:GetBucketLogging", run: getter(logging) },
  PutBucketLogging: { scope: "bucket", action: "s3:PutBucketLogging", run: putter(logging) },
  GetBucketAccelerateConfiguration: { scope: "bucket", action: "s3:GetAccelerateConfiguration", run: getter(accelerate) },
  PutBucketAccelerateConfiguration: { scope: "bucket", action: "s3:PutAccelerateConfiguration", run: putter(accelerate) },
  GetBucketRequestPayment: { scope: "bucket", action: "s3:GetBucketRequestPayment", run: getter(requestPayment) },
  PutBucketRequestPayment: { scope: "bucket", action: "s3:PutBucketRequestPayment", run: putter(requestPayment) },
  GetBucketNotificationConfiguration: { scope: "bucket", action: "s3:GetBucketNotification", run: getter(notification) },
  PutBucketNotificationConfiguration: { scope: "bucket", action: "s3:PutBucketNotification", run: putter(notification) },
  GetBucketReplication: { scope: "bucket", action: "s3:GetReplicationConfiguration", run: getter(replication) },
  PutBucketReplication: { scope: "bucket", action: "s3:PutReplicationConfiguration", run: putter(replication) },
  DeleteBucketReplication: { scope: "bucket", action: "s3:PutReplicationConfiguration", run: deleter(replication) },
  PutObjectLockConfiguration: { scope: "bucket", action: "s3:PutBucketObjectLockConfiguration", run: putObjectLockConfiguration },
} satisfies Record<string, S3Operation>;
