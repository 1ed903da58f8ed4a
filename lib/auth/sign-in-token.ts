import "server-only";
import crypto from "node:crypto";
import { ensureAuthSecret } from "./secret";

/**
 * A short-lived proof, minted by the sign-in and sign-up actions after they checked the
 * password (and the throttle), that the credentials provider exchanges for a session.
 * Keeping the password check in the actions keeps throttling and error messages in one place.
 */
const LIFETIME_MS = 60_000;

function sign(payload: string): string {
  return crypto.createHmac("sha256", ensureAuthSecret()).update(`sign-in:${payload}`).digest("base64url");
}

export function mintSignInToken(userId: string, now = Date.now()): string {
  const payload = `${userId}.${now + LIFETIME_MS}`;
  return `${payload}.${sign(payload)}`;
}

/** The user id the token proves, or null when it is forged or expired. */
export function verifySignInToken(token: string, now = Date.now()): string | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [userId, expires, signature] = parts;
  const expected = Buffer.from(sign(`${userId}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  if (Number(expires) < now) return null;
  return userId;
}
