/** S3's general purpose bucket naming rules (docs: "General purpose bucket naming rules"). */

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Whether `name` may be created as a bucket. */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes("..")) return false;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return false;
  if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return false;
  return !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
