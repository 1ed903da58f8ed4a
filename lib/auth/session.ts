import "server-only";
import { redirect } from "next/navigation";
import { getToken, type JWT } from "next-auth/jwt";
import { sessionEnded } from "./revoked-sessions";
import { hasSecureSessionCookie } from "./session-cookie";
import { findUserById, type User } from "./users";

export class NotSignedInError extends Error {
  constructor() {
    super("Your session has ended. Sign in again.");
  }
}

export class ForbiddenError extends Error {
  readonly code = "Forbidden";
  constructor(message = "Only instructors can do this.") {
    super(message);
  }
}

/**
 * The session's claims, from its cookie as Auth.js's `auth()` reads them (the same cookie, secret and
 * salt; `__Secure-` over HTTPS) and judged as its jwt callback judges them (lib/auth/auth.ts: ended
 * or signed out, none). `auth()` runs Auth.js's whole session action to get there, building a request
 * and a response and encrypting a refreshed token nobody can set from here: ~3 ms of the server's one
 * thread on every request of a class's consoles (npm run load). Only the cookie is looked at, not an
 * Authorization header, as with `auth()`.
 */
async function sessionClaims(): Promise<JWT | null> {
  // Imported on first use: server.ts loads this module (through the classroom's timers) before Next has
  // set up its request storage, and next/headers loaded then would keep a storage that never works.
  const { headers } = await import("next/headers");
  const cookie = (await headers()).get("cookie");
  if (!cookie) return null;
  const claims = await getToken({ req: { headers: { cookie } }, secret: process.env.AUTH_SECRET ?? "", secureCookie: hasSecureSessionCookie(cookie) });
  return claims && !(await sessionEnded(claims)) ? claims : null;
}

/** The signed-in user, fresh from the database (so a role change or a deleted account counts at once). */
export async function currentUser(): Promise<User | null> {
  const claims = await sessionClaims();
  if (typeof claims?.sub !== "string") return null;
  return (await findUserById(claims.sub)) ?? null;
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For server actions and route handlers. */
export async function requireUserOrThrow(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new NotSignedInError();
  return user;
}

export async function requireInstructorOrThrow(): Promise<User> {
  const user = await requireUserOrThrow();
  if (user.role !== "instructor") throw new ForbiddenError();
  return user;
}
