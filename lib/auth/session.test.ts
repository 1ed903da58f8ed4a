/**
 * currentUser reads the session as Auth.js's auth() does: its cookie (the `__Secure-` one over HTTPS),
 * decrypted with the secret and the cookie's name as salt, refused when signed out or past its end.
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openFreshTestDatabase } from "@/lib/db/testing";
import { ABSOLUTE_SESSION_SECONDS, revokeSession } from "./revoked-sessions";
import { createUser, type User } from "./users";

const request = vi.hoisted(() => ({ cookie: "" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(request.cookie ? { cookie: request.cookie } : {}) }));
vi.mock("server-only", () => ({}));

const { currentUser } = await import("./session");

const SECRET = "a-test-secret-of-enough-length-0123456789";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

let dispose: () => Promise<void>;
let user: User;
const savedSecret = process.env.AUTH_SECRET;

beforeAll(async () => {
  ({ dispose } = await openFreshTestDatabase("pglite"));
  process.env.AUTH_SECRET = SECRET;
  user = await createUser({ email: `session-${Date.now()}@example.test`, name: "Session", password: "a long enough password 1" });
});

afterAll(async () => {
  process.env.AUTH_SECRET = savedSecret;
  await dispose();
});

async function sessionCookie(name: string, claims: Record<string, unknown>, { salt = name, secret = SECRET } = {}): Promise<string> {
  return `${name}=${await encode({ token: { sub: user.id, sid: crypto.randomUUID(), signedInAt: Math.floor(Date.now() / 1000), ...claims }, secret, salt })}`;
}

async function signedInAs(cookie: string): Promise<string | undefined> {
  request.cookie = cookie;
  return (await currentUser())?.id;
}

describe("the signed-in user", () => {
  it("is the session's user, from the HTTP cookie or the HTTPS one", async () => {
    expect(await signedInAs(await sessionCookie(PLAIN, {}))).toBe(user.id);
    expect(await signedInAs(`theme=dark; ${await sessionCookie(SECURE, {})}`)).toBe(user.id);
  });

  it("is nobody without a session, with one sealed for another cookie or another secret, or with a made-up one", async () => {
    expect(await signedInAs("")).toBeUndefined();
    expect(await signedInAs(await sessionCookie(SECURE, {}, { salt: PLAIN }))).toBeUndefined();
    expect(await signedInAs(await sessionCookie(PLAIN, {}, { secret: "another-secret-of-enough-length-0123456789" }))).toBeUndefined();
    expect(await signedInAs(`${PLAIN}=not-a-session`)).toBeUndefined();
    expect(await signedInAs(await sessionCookie(PLAIN, { sub: "00000000-0000-0000-0000-000000000000" }))).toBeUndefined();
  });

  it("is nobody once the session is signed out, or past its absolute end however fresh its cookie", async () => {
    const sid = crypto.randomUUID();
    const cookie = await sessionCookie(PLAIN, { sid });
    expect(await signedInAs(cookie)).toBe(user.id);
    await revokeSession(sid, new Date(Date.now() + 60_000));
    expect(await signedInAs(cookie)).toBeUndefined();
    const longAgo = Math.floor(Date.now() / 1000) - ABSOLUTE_SESSION_SECONDS - 60;
    expect(await signedInAs(await sessionCookie(PLAIN, { signedInAt: longAgo }))).toBeUndefined();
  });
});
