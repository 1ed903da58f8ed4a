import { afterEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { getDb, queryRows } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { verifyPassword } from "./passwords";
import { ABSOLUTE_SESSION_SECONDS, isSessionRevoked, revokeSession, sessionEnded } from "./revoked-sessions";
import { checkCredentials, WRONG_CREDENTIALS } from "./credentials";
import { reserveSignInAttempt, reserveSignUp, signInSucceeded } from "./throttle";
import { createUser, EmailTakenError, findUserByEmail, setUserRole } from "./users";

describe.each(testDatabaseKinds())("accounts and sign-in throttling on %s", (kind) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });
  const fresh = async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
  };

  it("keeps a signed-out session revoked, and forgets revocations once their JWT has expired", async () => {
    await fresh();
    await revokeSession("expired-session", new Date(Date.now() - 1000));
    await revokeSession("live-session", new Date(Date.now() + 3_600_000));
    expect(await isSessionRevoked("live-session")).toBe(true);
    expect(await isSessionRevoked("never-signed-out")).toBe(false);
    expect((await queryRows<{ session_id: string }>("select session_id from revoked_sessions", [])).map((row) => row.session_id)).toEqual(["live-session"]);
  });

  it("ends a session when it is signed out, or 30 days after its sign-in however often it was refreshed", async () => {
    await fresh();
    const now = Math.floor(Date.now() / 1000);
    await revokeSession("signed-out", new Date(Date.now() + 60_000));
    expect(await sessionEnded({ sid: "signed-out", signedInAt: now })).toBe(true);
    expect(await sessionEnded({ sid: "active", signedInAt: now - ABSOLUTE_SESSION_SECONDS + 60 })).toBe(false);
    expect(await sessionEnded({ sid: "active", signedInAt: now - ABSOLUTE_SESSION_SECONDS })).toBe(true);
    expect(await sessionEnded({})).toBe(false);
  });

  it("makes the first account an instructor and later ones students", async () => {
    await fresh();
    const first = await createUser({ name: "Ada", email: "ada@example.com", password: "password-1" });
    const second = await createUser({ name: "Bo", email: "bo@example.com", password: "password-2" });
    expect([first.role, second.role]).toEqual(["instructor", "student"]);
  });

  it("agrees on a single instructor when the first sign-ups arrive together", async () => {
    await fresh();
    const created = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createUser({ name: `U${i}`, email: `u${i}@example.com`, password: "password-x" })),
    );
    expect(created.filter((user) => user.role === "instructor")).toHaveLength(1);
  });

  it("refuses an email already taken, whatever its case, and stores a real hash", async () => {
    await fresh();
    await createUser({ name: "Ada", email: "Ada@Example.com", password: "password-1" });
    await expect(createUser({ name: "Other", email: "ada@example.COM", password: "password-2" })).rejects.toBeInstanceOf(EmailTakenError);
    const stored = await findUserByEmail("ADA@example.com");
    expect(stored?.email).toBe("ada@example.com");
    expect(stored?.passwordHash).not.toContain("password-1");
    expect(await verifyPassword("password-1", stored!.passwordHash!)).toBe(true);
    expect(await verifyPassword("password-2", stored!.passwordHash!)).toBe(false);
  });

  it("signs in an account whose password was hashed with bcrypt before, and stores it as scrypt from then on", async () => {
    await fresh();
    const bcryptHash = "$2b$11$eG7c4Xosc5Or0TlhJdS7xus0dW.SAeoC9y1Ntqg79bcsyPTpVSwHi"; // "password-1", as stored before
    await (await getDb()).insert(users).values({ id: "old-user", email: "old@example.com", name: "Old", passwordHash: bcryptHash, role: "student" });
    expect(await checkCredentials("old@example.com", "password-2", "10.0.0.1")).toEqual({ error: WRONG_CREDENTIALS });
    expect((await findUserByEmail("old@example.com"))?.passwordHash).toBe(bcryptHash);
    expect(await checkCredentials("old@example.com", "password-1", "10.0.0.1")).toMatchObject({ user: { id: "old-user" } });
    expect((await findUserByEmail("old@example.com"))?.passwordHash).toMatch(/^\$scrypt\$ln=14,r=8,p=5\$/);
    expect(await checkCredentials("old@example.com", "password-1", "10.0.0.1")).toMatchObject({ user: { id: "old-user" } });
  });

  it("promotes a student to instructor", async () => {
    await fresh();
    await createUser({ name: "Ada", email: "ada@example.com", password: "password-1" });
    const student = await createUser({ name: "Bo", email: "bo@example.com", password: "password-2" });
    expect((await setUserRole(student.id, "instructor"))?.role).toBe("instructor");
  });

  it("lets five failures from one address through, then makes that account wait there, doubling the wait", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    for (let i = 0; i < 5; i++) expect(await reserveSignInAttempt("ada@example.com", "10.0.0.1", t0 + i)).toBe(0);
    expect(await reserveSignInAttempt("ada@example.com", "10.0.0.1", t0 + 10)).toBe(30_000 - 6);
    expect(await reserveSignInAttempt("bo@example.com", "10.0.0.1", t0 + 10)).toBe(0);
    expect(await reserveSignInAttempt("ADA@example.com", "10.0.0.1", t0 + 40_000)).toBe(0);
    expect(await reserveSignInAttempt("ada@example.com", "10.0.0.1", t0 + 40_001)).toBe(60_000 - 1);
    await signInSucceeded("ada@example.com", "10.0.0.1");
    expect(await reserveSignInAttempt("ada@example.com", "10.0.0.1", t0 + 40_002)).toBe(0);
  });

  it("checks only the allowed attempts when 40 wrong passwords for one account arrive at once", async () => {
    await fresh();
    await createUser({ name: "Ada", email: "ada@example.com", password: "password-1" });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => checkCredentials("ada@example.com", `wrong-${i}`, "10.0.0.1")));
    const checked = results.filter((result) => "error" in result && result.error === WRONG_CREDENTIALS);
    expect(checked).toHaveLength(5);
    expect(results.filter((result) => "error" in result && result.error.startsWith("Too many failed sign-ins."))).toHaveLength(35);
    expect(await checkCredentials("ada@example.com", "password-1", "10.0.0.1")).toEqual({ error: expect.stringMatching(/^Too many failed sign-ins\. Wait \d+ seconds and try again\.$/) });
  });

  it("counts parallel attempts exactly", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    const waits = await Promise.all(Array.from({ length: 40 }, () => reserveSignInAttempt("ada@example.com", "10.0.0.1", t0)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect((await queryRows<{ key: string; failures: number }>("select key, failures from sign_in_failures order by key", [])).map((row) => row.failures)).toEqual([5, 5]);
  });

  it("never locks other users out behind one address (a school's NAT)", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    for (let i = 0; i < 20; i++) await reserveSignInAttempt("ada@example.com", "10.9.9.9", t0 + i);
    for (let i = 0; i < 20; i++) await reserveSignInAttempt(`user${i}@example.com`, "10.9.9.9", t0 + i);
    expect(await reserveSignInAttempt("ada@example.com", "10.9.9.9", t0 + 100)).toBeGreaterThan(0);
    expect(await reserveSignInAttempt("bo@example.com", "10.9.9.9", t0 + 100)).toBe(0);
    await createUser({ name: "Bo", email: "bo@example.com", password: "password-2" });
    expect(await checkCredentials("bo@example.com", "password-2", "10.9.9.9")).toMatchObject({ user: { email: "bo@example.com" } });
  });

  it("slows down one account guessed from many addresses, and forgets attempts after 15 minutes", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    for (let i = 0; i < 20; i++) expect(await reserveSignInAttempt("ada@example.com", `10.1.0.${i}`, t0 + i)).toBe(0);
    expect(await reserveSignInAttempt("ada@example.com", "10.2.0.1", t0 + 100)).toBeGreaterThan(0);
    expect(await reserveSignInAttempt("ada@example.com", "10.2.0.1", t0 + 16 * 60_000)).toBe(0);
  });

  it("throttles sign-ups per address: a class of 300 behind one NAT goes through, the next waits, another address does not", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    const waits = await Promise.all(Array.from({ length: 310 }, () => reserveSignUp("10.3.3.3", t0)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(300);
    expect(await reserveSignUp("10.4.4.4", t0)).toBe(0);
  });

  it("lets a sign-up through while under the free attempts even when an attempt read the clock later but counted first (concurrent requests)", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    expect(await reserveSignUp("10.5.5.5", t0 + 5)).toBe(0);
    expect(await reserveSignUp("10.5.5.5", t0)).toBe(0);
    expect(await reserveSignInAttempt("ada@example.com", "10.5.5.5", t0 + 5)).toBe(0);
    expect(await reserveSignInAttempt("ada@example.com", "10.5.5.5", t0)).toBe(0);
  });
});
