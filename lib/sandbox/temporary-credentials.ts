/**
 * Temporary credentials, as STS AssumeRole issues them: an "ASIA" key id, a secret and a session
 * token the caller must send with every request (X-Amz-Security-Token), valid until they expire.
 */
import crypto from "node:crypto";
import { queryRows } from "@/lib/db/client";
import { processSingleton } from "@/lib/process-singleton";

export interface RoleSession {
  accountId: string;
  roleName: string;
  roleId: string;
  roleArn: string;
  sessionName: string;
  sessionToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface TemporaryCredentials extends RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
}

const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const cache = processSingleton("role-sessions", () => new Map<string, TemporaryCredentials>());

/** Temporary key ids: "ASIA" + 16 upper-case base32 characters (long-term keys start "AKIA"). */
export function isTemporaryKeyId(accessKeyId: string): boolean {
  return accessKeyId.startsWith("ASIA");
}

function newTemporaryKeyId(): string {
  let id = "ASIA";
  for (const byte of crypto.randomBytes(16)) id += KEY_ID_ALPHABET[byte % 32];
  return id;
}

/** STS session tokens are long opaque base64 strings; the sandbox's are random, never decoded. */
function newSessionToken(): string {
  return `IQoJb3JpZ2luX2Vj${crypto.randomBytes(240).toString("base64")}`;
}

export async function issueTemporaryCredentials(session: Omit<RoleSession, "sessionToken">): Promise<TemporaryCredentials> {
  const credentials: TemporaryCredentials = {
    ...session,
    accessKeyId: newTemporaryKeyId(),
    secretAccessKey: crypto.randomBytes(30).toString("base64"),
    sessionToken: newSessionToken(),
  };
  await queryRows(
    `insert into sandbox_role_sessions (access_key_id, secret_access_key, session_token, account_id, role_name, role_id, role_arn, session_name, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.sessionToken,
      session.accountId,
      session.roleName,
      session.roleId,
      session.roleArn,
      session.sessionName,
      new Date(session.expiresAt).toISOString(),
    ],
  );
  cache.set(credentials.accessKeyId, credentials);
  return credentials;
}

interface SessionRow {
  access_key_id: string;
  secret_access_key: string;
  session_token: string;
  account_id: string;
  role_name: string;
  role_id: string;
  role_arn: string;
  session_name: string;
  expires_at: Date | string;
}

/** The temporary credentials with this key id (expired ones included), or null. */
export async function findTemporaryCredentials(accessKeyId: string): Promise<TemporaryCredentials | null> {
  const cached = cache.get(accessKeyId);
  if (cached) return cached;
  const rows = await queryRows<SessionRow>("select * from sandbox_role_sessions where access_key_id = $1", [accessKeyId]);
  if (rows.length === 0) return null;
  const row = rows[0];
  const credentials: TemporaryCredentials = {
    accessKeyId: row.access_key_id,
    secretAccessKey: row.secret_access_key,
    sessionToken: row.session_token,
    accountId: row.account_id,
    roleName: row.role_name,
    roleId: row.role_id,
    roleArn: row.role_arn,
    sessionName: row.session_name,
    expiresAt: new Date(row.expires_at).getTime(),
  };
  cache.set(accessKeyId, credentials);
  return credentials;
}

export function forgetCachedTemporaryCredentials(): void {
  cache.clear();
}
