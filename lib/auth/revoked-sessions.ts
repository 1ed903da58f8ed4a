/**
 * Signed-out sessions, by the session id the JWT carries from sign-in on (`sid`). Checked on every
 * server-side read of the session, so a cookie re-set by a response that was in flight at sign-out
 * signs nobody back in.
 */
import "server-only";
import { lt } from "drizzle-orm";
import { getDb, queryPrepared } from "@/lib/db/client";
import { revokedSessions } from "@/lib/db/schema";

export async function revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
  const db = await getDb();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
  await db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
}

export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  const rows = await queryPrepared("session-revoked", "select 1 from revoked_sessions where session_id = $1", [sessionId]);
  return rows.length > 0;
}

/**
 * However often the cookie is refreshed, a session lasts at most this long from sign-in: so the
 * revocation of a signed-out session (kept until then) can never run out while its cookie lives.
 */
export const ABSOLUTE_SESSION_SECONDS = 30 * 24 * 60 * 60;

/** A session's JWT claims; `sid` and `signedInAt` are set at sign-in (tokens from before have neither). */
export type SessionClaims = Record<string, unknown>;

/** When the session must end; sessions from before sign-in times were recorded count from now. */
export function sessionEnd(token: SessionClaims, now = Date.now()): Date {
  const start = typeof token.signedInAt === "number" ? token.signedInAt : Math.floor(now / 1000);
  return new Date((start + ABSOLUTE_SESSION_SECONDS) * 1000);
}

export async function sessionEnded(token: SessionClaims, now = Date.now()): Promise<boolean> {
  if (sessionEnd(token, now).getTime() <= now) return true;
  return typeof token.sid === "string" && isSessionRevoked(token.sid);
}
