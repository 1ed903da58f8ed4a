/**
 * A bucket's own settings: tagging, versioning, default encryption, public access block and
 * ownership controls (Get/Put/Delete of each, with S3's defaults and its answers when unset).
 */
import { bucketEncryption, bucketVersioningStatus, validateTagSet } from "../model/bucket-settings";
import { missingConfiguration, notImplemented } from "../model/errors";
import { updateBucketSettings } from "../model/storage";
import type { S3Result } from "../protocol/response";
import {
  encryptionFields,
  ownershipControlsFields,
  parseEncryption,
  parseOwnershipControls,
  parsePublicAccessBlock,
  parseTagging,
  parseVersioning,
  publicAccessBlockFields,
  taggingFields,
  versioningFields,
} from "../protocol/settings-xml";
import type { S3BucketCall, S3Operation } from "./operation";

// ---------------------------------------------------------------- tagging

async function getBucketTagging(call: S3BucketCall): Promise<S3Result> {
  if (call.bucket.tags === null) throw missingConfiguration("tagging", call.bucket.name);
  return { document: { root: "Tagging", content: taggingFields(call.bucket.tags) } };
}

/** The new set replaces the old one whole; an empty TagSet removes every tag (then NoSuchTagSet). */
async function putBucketTagging(call: S3BucketCall): Promise<S3Result> {
  const tags = parseTagging(call.request.body);
  validateTagSet(tags, "bucket");
  await updateBucketSettings(call.bucket.name, { tags: tags.length === 0 ? null : tags });
  return { status: 204 };
}

async function deleteBucketTagging(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { tags: null });
  return { status: 204 };
}

// ---------------------------------------------------------------- versioning

/** A bucket whose versioning was never set answers a configuration without Status. */
async function getBucketVersioning(call: S3BucketCall): Promise<S3Result> {
  return { document: { root: "VersioningConfiguration", content: versioningFields(bucketVersioningStatus(call.bucket)) } };
}

async function putBucketVersioning(call: S3BucketCall): Promise<S3Result> {
  const { status, mfaDelete } = parseVersioning(call.request.body);
  // MFA delete needs an MFA device's code on every call (x-amz-mfa); the sandbox has no MFA devices.
  if (mfaDelete === "Enabled") throw notImplemented();
  if (status !== undefined) await updateBucketSettings(call.bucket.name, { versioning: status });
  return {};
}

// ---------------------------------------------------------------- default encryption

/** Always a rule: SSE-S3 unless another default was put (S3 encrypts every object since January 2023). */
async function getBucketEncryption(call: S3BucketCall): Promise<S3Result> {
  return { document: { root: "ServerSideEncryptionConfiguration", content: encryptionFields(bucketEncryption(call.bucket)) } };
}

async function putBucketEncryption(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { encryption: parseEncryption(call.request.body) });
  return {};
}

/** Back to S3's default, SSE-S3. */
async function deleteBucketEncryption(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { encryption: null });
  return { status: 204 };
}

// ---------------------------------------------------------------- public access block

async function getPublicAccessBlock(call: S3BucketCall): Promise<S3Result> {
  if (call.bucket.publicAccessBlock === null) throw missingConfiguration("publicAccessBlock", call.bucket.name);
  return { document: { root: "PublicAccessBlockConfiguration", content: publicAccessBlockFields(call.bucket.publicAccessBlock) } };
}

async function putPublicAccessBlock(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { publicAccessBlock: parsePublicAccessBlock(call.request.body) });
  return {};
}

async function deletePublicAccessBlock(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { publicAccessBlock: null });
  return { status: 204 };
}

// ---------------------------------------------------------------- ownership controls

async function getBucketOwnershipControls(call: S3BucketCall): Promise<S3Result> {
  if (call.bucket.objectOwnership === null) throw missingConfiguration("ownershipControls", call.bucket.name);
  return { document: { root: "OwnershipControls", content: ownershipControlsFields(call.bucket.objectOwnership) } };
}

async function putBucketOwnershipControls(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { objectOwnership: parseOwnershipControls(call.request.body) });
  return {};
}

async function deleteBucketOwnershipControls(call: S3BucketCall): Promise<S3Result> {
  await updateBucketSettings(call.bucket.name, { objectOwnership: null });
  return { status: 204 };
}

export const bucketSettingOperations = {
  GetBucketTagging: { scope: "bucket", action: "s3:GetBucketTagging", run: getBucketTagging },
  PutBucketTagging: { scope: "bucket", action: "s3:PutBucketTagging", run: putBucketTagging },
  DeleteBucketTagging: { scope: "bucket", action: "s3:PutBucketTagging", run: deleteBucketTagging },
  GetBucketVersioning: { scope: "bucket", action: "s3:GetBucketVersioning", run: getBucketVersioning },
  PutBucketVersioning: { scope: "bucket", action: "s3:PutBucketVersioning", run: putBucketVersioning },
  GetBucketEncryption: { scope: "bucket", action: "s3:GetEncryptionConfiguration", run: getBucketEncryption },
  PutBucketEncryption: { scope: "bucket", action: "s3:PutEncryptionConfiguration", run: putBucketEncryption },
  DeleteBucketEncryption: { scope: "bucket", action: "s3:PutEncryptionConfiguration", run: deleteBucketEncryption },
  GetPublicAccessBlock: { scope: "bucket", action: "s3:GetBucketPublicAccessBlock", run: getPublicAccessBlock },
  PutPublicAccessBlock: { scope: "bucket", action: "s3:PutBucketPublicAccessBlock", run: putPublicAccessBlock },
  DeletePublicAccessBlock: { scope: "bucket", action: "s3:PutBucketPublicAccessBlock", run: deletePublicAccessBlock },
  GetBucketOwnershipControls: { scope: "bucket", action: "s3:GetBucketOwnershipControls", run: getBucketOwnershipControls },
  PutBucketOwnershipControls: { scope: "bucket", action: "s3:PutBucketOwnershipControls", run: putBucketOwnershipControls },
  DeleteBucketOwnershipControls: { scope: "bucket", action: "s3:PutBucketOwnershipControls", run: deleteBucketOwnershipControls },
} satisfies Record<string, S3Operation>;
