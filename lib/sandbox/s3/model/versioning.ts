/**
 * A bucket's versioning status, as the object operations read it: undefined for a bucket whose
 * versioning was never set (S3 then stores only "null" versions), "Enabled" or "Suspended".
 * PutBucketVersioning stores the status; `setVersioningStatusReader` is how its storage is
 * plugged in here (the object operations need nothing else).
 */
import type { BucketRow } from "./storage";

export type VersioningStatus = "Enabled" | "Suspended" | undefined;

type StatusReader = (bucket: BucketRow) => VersioningStatus | Promise<VersioningStatus>;

/** Until a reader is set, every bucket is unversioned. */
let readStatus: StatusReader = () => undefined;

export function setVersioningStatusReader(reader: StatusReader): void {
  readStatus = reader;
}

export async function versioningStatusOf(bucket: BucketRow): Promise<VersioningStatus> {
  return readStatus(bucket);
}
