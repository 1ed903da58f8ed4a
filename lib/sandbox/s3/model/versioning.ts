/**
 * A bucket's versioning status, as the object operations read it: undefined for a bucket whose
 * versioning was never set (S3 then stores only "null" versions), "Enabled" or "Suspended".
 * PutBucketVersioning stores it with the bucket's settings (bucket-settings.ts).
 */
import { bucketVersioningStatus } from "./bucket-settings";
import type { BucketRow, VersioningStatus } from "./storage";

export type { VersioningStatus };

export async function versioningStatusOf(bucket: Pick<BucketRow, "versioning">): Promise<VersioningStatus> {
  return bucketVersioningStatus(bucket) ?? undefined;
}
