import type { NextRequest } from "next/server";

/** Auth.js's session cookie: `__Secure-` prefixed on HTTPS, split into `.0`, `.1`… when it is large. */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/** Whether the request carries a session at all (not whether it is valid: only decrypting it says that). */
export function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some(({ name, value }) => value !== "" && SESSION_COOKIE.test(name));
}
