/**
 * Everything the sandbox stores for one account, as text: its states (versions and items), access keys, role
 * sessions, SSM commands, and its buckets with their policies, object versions (bytes included, as
 * the blobs they are made of: a blob's bytes never change once written) and multipart uploads. Two snapshots are equal exactly when nothing of the account changed.
 */
import { queryRows } from "@/lib/db/client";

const ACCOUNT_QUERIES: [string, string][] = [
  ["account", "select account_id, user_id, created_at::text from sandbox_accounts where account_id = $1"],
  ["state", "select service, document::text, version, updated_at::text from sandbox_state where account_id = $1 order by service"],
  ["state items", "select service, collection, item_id, document, sequence::text from sandbox_state_items where account_id = $1 order by service, collection, item_id"],
  ["access keys", "select access_key_id, secret_access_key, user_name, status, created_at::text from sandbox_access_keys where account_id = $1 order by access_key_id"],
  ["role sessions", "select access_key_id, role_arn, session_name, expires_at::text from sandbox_role_sessions where account_id = $1 order by access_key_id"],
  ["ssm commands", "select region, command_id, sequence::text, document::text from sandbox_ssm_commands where account_id = $1 order by region, command_id"],
  ["buckets", "select name, region, policy, created_at::text from s3_buckets where owner_account_id = $1 order by name"],
  [
    "objects",
    "select o.bucket, o.key, o.version_id, o.is_latest, o.delete_marker, o.size::text, o.etag, o.content_type, o.headers::text, o.metadata::text, o.checksum::text, o.last_modified::text, " +
      "(select string_agg(s.blob_id || ':' || s.start || ':' || s.size || ':' || b.size, ',' order by s.idx) from s3_object_segments s join s3_blobs b on b.id = s.blob_id " +
      "where s.bucket = o.bucket and s.key = o.key and s.version_id = o.version_id) as body " +
      "from s3_objects o join s3_buckets b on b.name = o.bucket where b.owner_account_id = $1 order by o.bucket, o.key, o.version_id",
  ],
  [
    "multipart uploads",
    "select u.upload_id, u.bucket, u.key, u.headers::text, u.metadata::text from s3_multipart_uploads u join s3_buckets b on b.name = u.bucket where b.owner_account_id = $1 order by u.upload_id",
  ],
];

export async function accountSnapshot(accountId: string): Promise<string> {
  const parts: Record<string, unknown[]> = {};
  for (const [name, sql] of ACCOUNT_QUERIES) parts[name] = await queryRows(sql, [accountId]);
  return JSON.stringify(parts);
}

/** The first part that differs between two snapshots, for the report. */
export function firstDifference(before: string, after: string): string | undefined {
  if (before === after) return undefined;
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  const part = Object.keys(a).find((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name])) ?? "?";
  return `${part}: ${JSON.stringify(a[part]).slice(0, 200)} -> ${JSON.stringify(b[part]).slice(0, 200)}`;
}
