/**
 * Bucket and object sub-resources the sandbox never configures (Object Lock, legal hold and
 * retention, torrents): S3's answers for a bucket that has none of them, so tools that read every
 * sub-resource (Terraform's aws_s3_bucket, Ansible's s3_bucket) see a plain bucket.
 */
import { isPublicPolicy } from "../model/public-access";
import { missingConfiguration, missingObjectLock, noSuchKey, type MISSING_CONFIGURATION, invalidRequestBitTorrent } from "../model/errors";
import { findObject } from "../model/storage";
import type { S3Result } from "../protocol/response";
import type { S3BucketCall, S3Operation } from "./operation";

function missing(kind: keyof typeof MISSING_CONFIGURATION) {
  return async (call: S3BucketCall) => {
    throw missingConfiguration(kind, call.bucket.name);
  };
}

async function noObjectLock(): Promise<never> {
  throw missingObjectLock();
}

/** NoSuchBucketPolicy without a policy; whether it is public otherwise. */
async function getBucketPolicyStatus(call: S3BucketCall): Promise<S3Result> {
  if (call.bucket.policy === null) throw missingConfiguration("policy", call.bucket.name);
  return { document: { root: "PolicyStatus", content: { IsPublic: isPublicPolicy(call.bucket.policy) } } };
}

/**
 * S3 ended BitTorrent in 2022 (and never offered it in Regions launched after May 2016): a
 * ?torrent on an object that exists is refused; one that does not is NoSuchKey.
 */
async function getObjectTorrent(call: S3BucketCall): Promise<never> {
  if (!(await findObject(call.bucket.name, call.request.key))) throw noSuchKey(call.request.key);
  throw invalidRequestBitTorrent();
}

export const unconfiguredOperations = {
  GetBucketPolicyStatus: { scope: "bucket", action: "s3:GetBucketPolicyStatus", run: getBucketPolicyStatus },
  GetObjectLockConfiguration: { scope: "bucket", action: "s3:GetBucketObjectLockConfiguration", run: missing("objectLock") },
  GetObjectLegalHold: { scope: "object", action: "s3:GetObjectLegalHold", run: noObjectLock },
  PutObjectLegalHold: { scope: "object", action: "s3:PutObjectLegalHold", run: noObjectLock },
  GetObjectRetention: { scope: "object", action: "s3:GetObjectRetention", run: noObjectLock },
  PutObjectRetention: { scope: "object", action: "s3:PutObjectRetention", run: noObjectLock },
  GetObjectTorrent: { scope: "object", action: "s3:GetObjectTorrent", run: getObjectTorrent },
} satisfies Record<string, S3Operation>;
