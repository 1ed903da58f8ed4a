/**
 * A bucket's settings beside its policy — tags, versioning, default encryption, public access
 * block, object ownership — with S3's defaults for a new bucket and S3's rules for tag sets.
 */
import { badRequestTooManyTags, invalidTag } from "./errors";
import { NEW_BUCKET_PUBLIC_ACCESS_BLOCK, type S3EncryptionRule, type S3PublicAccessBlock, type S3Tag } from "@/lib/db/schema";
import type { BucketRow, BucketSettings } from "./storage";

export type { S3EncryptionRule, S3PublicAccessBlock, S3Tag };

export type VersioningStatus = "Enabled" | "Suspended";
export const VERSIONING_STATUSES: readonly VersioningStatus[] = ["Enabled", "Suspended"];

/**
 * The bucket's versioning status; null while versioning was never configured (S3 answers a
 * VersioningConfiguration without Status). Once Enabled a bucket can be Suspended, never unset.
 */
export function bucketVersioningStatus(bucket: Pick<BucketRow, "versioning">): VersioningStatus | null {
  const status = bucket.versioning;
  return status === "Enabled" || status === "Suspended" ? status : null;
}

/** S3 encrypts every object with SSE-S3 unless the bucket names another default (since January 2023). */
export const DEFAULT_ENCRYPTION: S3EncryptionRule = { algorithm: "AES256", bucketKeyEnabled: false };

export function bucketEncryption(bucket: Pick<BucketRow, "encryption">): S3EncryptionRule {
  return bucket.encryption ?? DEFAULT_ENCRYPTION;
}

export const OBJECT_OWNERSHIPS = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"] as const;
export type ObjectOwnership = (typeof OBJECT_OWNERSHIPS)[number];

/** The settings a new bucket has on S3 (the columns' defaults say the same for stored rows). */
export const NEW_BUCKET_SETTINGS = {
  tags: null,
  versioning: null,
  encryption: null,
  publicAccessBlock: NEW_BUCKET_PUBLIC_ACCESS_BLOCK,
  objectOwnership: "BucketOwnerEnforced",
  configurations: {},
} satisfies BucketSettings;

// ---------------------------------------------------------------- tags

/** Objects take 10 tags, buckets 50. */
const MAX_TAGS = { object: 10, bucket: 50 } as const;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;
/** Letters, digits, white space and + - = . _ : / @, as AWS tags allow. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Length in characters as AWS counts them (code points). */
function characters(text: string): number {
  return [...text].length;
}

/** Checks a tag set as S3 does for PutBucketTagging / PutObjectTagging / x-amz-tagging; throws S3's error. */
export function validateTagSet(tags: readonly S3Tag[], resource: "bucket" | "object"): void {
  if (tags.length > MAX_TAGS[resource]) {
    throw badRequestTooManyTags(resource);
  }
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (characters(key) > MAX_TAG_KEY) throw invalidTag(`The TagKey you have provided is too long, max ${MAX_TAG_KEY}`);
    if (characters(value) > MAX_TAG_VALUE) throw invalidTag(`The TagValue you have provided is too long, max ${MAX_TAG_VALUE}`);
    if (key === "" || !TAG_TEXT.test(key)) throw invalidTag("The TagKey you have provided is invalid");
    if (!TAG_TEXT.test(value)) throw invalidTag("The TagValue you have provided is invalid");
    if (key.toLowerCase().startsWith("aws:")) throw invalidTag("System tags cannot be added/updated by requester");
    if (seen.has(key)) throw invalidTag("Cannot provide multiple Tags with the same key");
    seen.add(key);
  }
}
