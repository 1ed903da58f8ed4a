/**
 * IAM access keys live in `sandbox_access_keys`, the table SigV4 verification reads, so a key
 * created here signs requests at once and a deactivated or deleted one stops at once.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { sandboxAccessKeys, sandboxAccounts } from "@/lib/db/schema";
import { accessKeysChanged, MAX_ACCESS_KEYS_PER_USER, newAccessKeyId, newSecretAccessKey } from "@/lib/sandbox/accounts";
import { limitExceededQuota, noSuchEntityAccessKey } from "./errors";

export type AccessKeyRow = typeof sandboxAccessKeys.$inferSelect;
export type AccessKeyStatus = "Active" | "Inactive";

/** null names the account's root user. */
function ownedBy(accountId: string, userName: string | null) {
  return and(eq(sandboxAccessKeys.accountId, accountId), userName === null ? isNull(sandboxAccessKeys.userName) : eq(sandboxAccessKeys.userName, userName));
}

export async function accessKeysOf(accountId: string, userName: string | null): Promise<AccessKeyRow[]> {
  const db = await getDb();
  return db.select().from(sandboxAccessKeys).where(ownedBy(accountId, userName)).orderBy(asc(sandboxAccessKeys.createdAt), asc(sandboxAccessKeys.accessKeyId));
}

/** A new active key for the user, unless it already has two (LimitExceeded, as IAM). */
export async function createAccessKey(accountId: string, userName: string | null): Promise<AccessKeyRow> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.select({ accountId: sandboxAccounts.accountId }).from(sandboxAccounts).where(eq(sandboxAccounts.accountId, accountId)).for("update");
    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(sandboxAccessKeys).where(ownedBy(accountId, userName));
    if (count >= MAX_ACCESS_KEYS_PER_USER) throw limitExceededQuota("AccessKeysPerUser", MAX_ACCESS_KEYS_PER_USER);
    const [row] = await tx
      .insert(sandboxAccessKeys)
      .values({ accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey(), accountId, userName, status: "Active" })
      .returning();
    return row;
  });
}

function noSuchKey(accessKeyId: string): Error {
  return noSuchEntityAccessKey(accessKeyId);
}

export async function setAccessKeyStatus(accountId: string, userName: string | null, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
  const db = await getDb();
  const rows = await db
    .update(sandboxAccessKeys)
    .set({ status })
    .where(and(ownedBy(accountId, userName), eq(sandboxAccessKeys.accessKeyId, accessKeyId)))
    .returning({ accessKeyId: sandboxAccessKeys.accessKeyId });
  if (rows.length === 0) throw noSuchKey(accessKeyId);
  // SigV4 caches keys by id; an Inactive key must stop working with the next request, in every process.
  await accessKeysChanged();
}

export async function deleteAccessKey(accountId: string, userName: string | null, accessKeyId: string): Promise<void> {
  const db = await getDb();
  const rows = await db
    .delete(sandboxAccessKeys)
    .where(and(ownedBy(accountId, userName), eq(sandboxAccessKeys.accessKeyId, accessKeyId)))
    .returning({ accessKeyId: sandboxAccessKeys.accessKeyId });
  if (rows.length === 0) throw noSuchKey(accessKeyId);
  await accessKeysChanged();
}

/** UpdateUser's rename: the user's keys follow it (they keep signing, as the new user's). */
export async function moveAccessKeys(accountId: string, fromUserName: string, toUserName: string): Promise<void> {
  const db = await getDb();
  await db.update(sandboxAccessKeys).set({ userName: toUserName }).where(ownedBy(accountId, fromUserName));
  await accessKeysChanged();
}
