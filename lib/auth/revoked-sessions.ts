/**
 * Signed-out sessions, by the session id the JWT carries from sign-in on (`sid`). Checked on every
 * server-side read of the session, so a cookie re-set by a response that was in flight at sign-out
 * signs nobody back in.
 */
import { lt } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db/client";
import { revokedSessions } from "@/lib/db/schema";

export async function revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
  const db = await getDb();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
  await db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
}

export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  const rows = await queryRows("select 1 from revoked_sessions where session_id = $1", [sessionId]);
  return rows.length > 0;
}
