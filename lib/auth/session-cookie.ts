import type { NextRequest } from "next/server";

/** Auth.js's session cookie: `__Secure-` prefixed on HTTPS, split into `.0`, `.1`… when it is large. */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;
const SECURE_SESSION_COOKIE = /(?:^|;\s*)__Secure-authjs\.session-token(?:\.\d+)?=/;

/** Whether the request carries a session at all (not whether it is valid: only decrypting it says that). */
export function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some(({ name, value }) => value !== "" && SESSION_COOKIE.test(name));
}

/** Whether a Cookie header holds the HTTPS session cookie: a browser sets it only over HTTPS, where Auth.js reads that one alone. */
export function hasSecureSessionCookie(cookieHeader: string): boolean {
  return SECURE_SESSION_COOKIE.test(cookieHeader);
}
