import { afterEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { verifyPassword } from "./passwords";
import { ABSOLUTE_SESSION_SECONDS, isSessionRevoked, revokeSession, sessionEnded } from "./revoked-sessions";
import { clearAccountFailures, recordSignInFailure, signInWaitMs } from "./throttle";
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

  it("promotes a student to instructor", async () => {
    await fresh();
    await createUser({ name: "Ada", email: "ada@example.com", password: "password-1" });
    const student = await createUser({ name: "Bo", email: "bo@example.com", password: "password-2" });
    expect((await setUserRole(student.id, "instructor"))?.role).toBe("instructor");
  });

  it("lets five failures through, then makes the account wait, doubling the wait", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      expect(await signInWaitMs("ada@example.com", "10.0.0.1", t0 + i)).toBe(0);
      await recordSignInFailure("ada@example.com", "10.0.0.1", t0 + i);
    }
    expect(await signInWaitMs("ada@example.com", "10.0.0.1", t0 + 10)).toBe(30_000 - 6);
    expect(await signInWaitMs("ADA@example.com", "10.0.0.2", t0 + 10)).toBeGreaterThan(0);
    expect(await signInWaitMs("bo@example.com", "10.0.0.1", t0 + 10)).toBe(0);
    await recordSignInFailure("ada@example.com", "10.0.0.1", t0 + 40_000);
    expect(await signInWaitMs("ada@example.com", "10.0.0.3", t0 + 40_000)).toBe(60_000);
    await clearAccountFailures("ada@example.com");
    expect(await signInWaitMs("ada@example.com", "10.0.0.3", t0 + 40_000)).toBe(0);
  });

  it("slows down one address guessing many accounts, and forgets failures after 15 minutes", async () => {
    await fresh();
    const t0 = Date.parse("2026-01-01T10:00:00Z");
    for (let i = 0; i < 20; i++) await recordSignInFailure(`user${i}@example.com`, "10.9.9.9", t0);
    expect(await signInWaitMs("new@example.com", "10.9.9.9", t0 + 1)).toBeGreaterThan(0);
    expect(await signInWaitMs("new@example.com", "10.9.9.8", t0 + 1)).toBe(0);
    expect(await signInWaitMs("new@example.com", "10.9.9.9", t0 + 16 * 60_000)).toBe(0);
  });
});
