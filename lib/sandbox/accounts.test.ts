import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { sandboxAccessKeys, sandboxAccounts } from "@/lib/db/schema";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import {
  callerFor,
  ensureSandboxAccount,
  findAccessKey,
  forgetCachedAccessKeys,
  newAccessKeyId,
  newAccountId,
  newSecretAccessKey,
  rotateSandboxKeys,
} from "./accounts";
import { createTestUser } from "./testing";

describe("identifiers", () => {
  it("makes AWS-shaped account ids, IAM user key ids and secrets", () => {
    for (let i = 0; i < 200; i++) {
      expect(newAccountId()).toMatch(/^[1-9]\d{11}$/);
      expect(newAccessKeyId()).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(newSecretAccessKey()).toMatch(/^[A-Za-z0-9+/]{40}$/);
    }
  });

  it("names the caller by user ARN, or root ARN for a root key", () => {
    const key = { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s", accountId: "123456789012" };
    expect(callerFor({ ...key, userName: "lab-user" })).toEqual({
      arn: "arn:aws:iam::123456789012:user/lab-user",
      accountId: "123456789012",
      userName: "lab-user",
      accessKeyId: "AKIAEXAMPLE",
    });
    expect(callerFor({ ...key, userName: null }).arn).toBe("arn:aws:iam::123456789012:root");
  });
});

describe.each(testDatabaseKinds())("sandbox accounts (%s)", (kind) => {
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
    forgetCachedAccessKeys();
  });
  afterAll(async () => {
    forgetCachedAccessKeys();
    await dispose();
  });

  it("creates one account per user on first use and returns the same account and key afterwards", async () => {
    const userId = await createTestUser();
    const first = await ensureSandboxAccount(userId);
    expect(first.accountId).toMatch(/^\d{12}$/);
    expect(await ensureSandboxAccount(userId)).toEqual(first);
    const db = await getDb();
    const keys = await db.select().from(sandboxAccessKeys).where(eq(sandboxAccessKeys.accountId, first.accountId));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ accessKeyId: first.accessKeyId, userName: "lab-user", status: "Active" });
  });

  it("gives concurrent first calls of one user a single account and key", async () => {
    const userId = await createTestUser();
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureSandboxAccount(userId)));
    expect(new Set(results.map((r) => `${r.accountId}/${r.accessKeyId}`)).size).toBe(1);
    const db = await getDb();
    expect(await db.select().from(sandboxAccounts).where(eq(sandboxAccounts.userId, userId))).toHaveLength(1);
  });

  // Every console request asks for the key: it must not queue behind a key change of the account (PostgreSQL: other connections).
  it.runIf(kind === "postgres")("finds the console key while the account's row is locked by a key change in progress", async () => {
    const userId = await createTestUser();
    const credentials = await ensureSandboxAccount(userId);
    const db = await getDb();
    const found = await db.transaction(async (tx) => {
      await tx.select().from(sandboxAccounts).where(eq(sandboxAccounts.accountId, credentials.accountId)).for("update");
      return Promise.race([ensureSandboxAccount(userId), new Promise((resolve) => setTimeout(() => resolve("still waiting for the lock"), 2_000))]);
    });
    expect(found).toEqual(credentials);
  });

  it("gives different users different accounts", async () => {
    const a = await ensureSandboxAccount(await createTestUser());
    const b = await ensureSandboxAccount(await createTestUser());
    expect(a.accountId).not.toBe(b.accountId);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
  });

  it("finds active keys with their account and user, and nothing for unknown ids", async () => {
    const credentials = await ensureSandboxAccount(await createTestUser());
    expect(await findAccessKey(credentials.accessKeyId)).toEqual({ ...credentials, userName: "lab-user" });
    expect(await findAccessKey("AKIANOTAREALKEY00000")).toBeNull();
  });

  it("rotates: a new pair works, the old one is deleted and forgotten by the cache", async () => {
    const userId = await createTestUser();
    const old = await ensureSandboxAccount(userId);
    expect(await findAccessKey(old.accessKeyId)).not.toBeNull();
    const rotated = await rotateSandboxKeys(userId);
    expect(rotated.accountId).toBe(old.accountId);
    expect(rotated.accessKeyId).not.toBe(old.accessKeyId);
    expect(rotated.secretAccessKey).not.toBe(old.secretAccessKey);
    expect(await findAccessKey(old.accessKeyId)).toBeNull();
    expect(await findAccessKey(rotated.accessKeyId)).toMatchObject({ accountId: old.accountId, userName: "lab-user" });
    expect(await ensureSandboxAccount(userId)).toEqual(rotated);
  });

  it("does not accept an inactive key", async () => {
    const credentials = await ensureSandboxAccount(await createTestUser());
    const db = await getDb();
    await db.update(sandboxAccessKeys).set({ status: "Inactive" }).where(eq(sandboxAccessKeys.accessKeyId, credentials.accessKeyId));
    expect(await findAccessKey(credentials.accessKeyId)).toBeNull();
  });
});
