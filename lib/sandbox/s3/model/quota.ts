/** The sandbox's per-account S3 storage quota: objects plus parts of unfinished multipart uploads. */
import { quotaExceeded } from "./errors";

const DEFAULT_QUOTA_BYTES = 200 * 1024 * 1024;

/** VPCLAB_S3_QUOTA_BYTES, else 200 MiB. Read on every call so tests and operators can change it. */
export function s3QuotaBytes(): number {
  const configured = Number(process.env.VPCLAB_S3_QUOTA_BYTES);
  return Number.isSafeInteger(configured) && configured >= 0 && process.env.VPCLAB_S3_QUOTA_BYTES?.trim() ? configured : DEFAULT_QUOTA_BYTES;
}

/** Throws QuotaExceeded when `usedBytes` (not counting what the request replaces) plus `requestBytes` exceeds the quota. */
export function checkQuota(usedBytes: number, requestBytes: number): void {
  const quota = s3QuotaBytes();
  if (usedBytes + requestBytes > quota) throw quotaExceeded(usedBytes, requestBytes, quota);
}
