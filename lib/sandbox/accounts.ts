/**
 * Sandbox AWS accounts: one per user, with the access key of the account's student IAM user
 * `lab-user`, which the console and the student's CLI sign with.
 */
import crypto from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, selectPrepared, type Db } from "@/lib/db/client";
import { onBusReconnect, publish, subscribe } from "@/lib/db/events";
import { sandboxAccessKeys, sandboxAccounts } from "@/lib/db/schema";
import { IdleCache } from "@/lib/idle-cache";
import { processSingleton } from "@/lib/process-singleton";
import type { Caller } from "./core/types";
import { findTemporaryCredentials, forgetCachedTemporaryCredentials, isTemporaryKeyId, type RoleSession } from "./temporary-credentials";

export const LAB_USER_NAME = "lab-user";

/** AWS allows two access keys per user (and per root user). */
export const MAX_ACCESS_KEYS_PER_USER = 2;

/**
 * lab-user has IAM's two keys and both are inactive: the console, which signs as lab-user with one of
 * them, has none to sign with, and making a third would break IAM's quota. The student is told so.
 */
export class NoActiveLabUserKeyError extends Error {
  readonly code = "NoActiveAccessKey";
  constructor(readonly accountId: string) {
    super(
      `Both of ${LAB_USER_NAME}'s access keys are inactive. This console signs as ${LAB_USER_NAME} with one of them, and IAM allows no third (AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}): activate one on the Access keys page, or delete one so the console can make its own.`,
    );
  }
}

export interface SandboxCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** null for a root key and for temporary credentials. */
  userName: string | null;
  /** Set for temporary credentials (AssumeRole): the role session they stand for. */
  session?: RoleSession;
}

const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The longest a key changed by another process may still be accepted here. */
export const KEY_CACHE_MS = 10_000;

/**
 * Keys seen, by id. A key deleted, deactivated or moved through any process is forgotten by every
 * process as the event bus tells it (milliseconds); KEY_CACHE_MS bounds it when an event is lost
 * (the bus's connection dropped) — as AWS, whose key changes take a few seconds to apply everywhere.
 * A key unused for as long goes too: a class's keys are not held after the class.
 */
const keyCache = processSingleton("access-keys", () => ({ keys: new IdleCache<string, { record: AccessKeyRecord; cachedAt: number }>(KEY_CACHE_MS), following: false }));

/** The event bus channel on which a process says its keys changed. */
const KEYS_CHANGED_CHANNEL = "sandbox_access_keys";

function followKeyChanges(): void {
  if (keyCache.following) return;
  keyCache.following = true;
  subscribe(KEYS_CHANGED_CHANNEL, () => keyCache.keys.clear());
  onBusReconnect(() => keyCache.keys.clear());
}

/**
 * Access keys were deleted, deactivated or moved: every process forgets the keys it cached (this
 * one at once: the next request signed with such a key is refused).
 */
export async function accessKeysChanged(): Promise<void> {
  forgetCachedAccessKeys();
  await publish(KEYS_CHANGED_CHANNEL, {});
}

function randomFrom(alphabet: string, length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  // Both alphabets have a power-of-two size, so the modulo keeps the choice uniform.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** IAM user access key ids: "AKIA" + 16 upper-case base32 characters. */
export function newAccessKeyId(): string {
  return `AKIA${randomFrom(KEY_ID_ALPHABET, 16)}`;
}

export function newSecretAccessKey(): string {
  return randomFrom(SECRET_ALPHABET, 40);
}

/** A random 12-digit account id that does not start with 0 (AWS's never do). */
export function newAccountId(): string {
  const first = 1 + crypto.randomInt(9);
  const rest = Array.from({ length: 11 }, () => crypto.randomInt(10)).join("");
  return `${first}${rest}`;
}

export function callerFor(key: AccessKeyRecord): Caller {
  const { session } = key;
  if (session) {
    return {
      arn: `arn:aws:sts::${key.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
      accountId: key.accountId,
      userName: null,
      role: { roleName: session.roleName, roleId: session.roleId, roleArn: session.roleArn, sessionName: session.sessionName },
      accessKeyId: key.accessKeyId,
    };
  }
  return {
    arn: key.userName === null ? `arn:aws:iam::${key.accountId}:root` : `arn:aws:iam::${key.accountId}:user/${key.userName}`,
    accountId: key.accountId,
    userName: key.userName,
    accessKeyId: key.accessKeyId,
  };
}

/**
 * Each user's account, once known, by database: a user's account never changes (no code updates or
 * deletes a `sandbox_accounts` row), so every process may keep what it read. The console asked for
 * it twice on every request (its clients, its activity panel).
 */
const knownAccounts = new WeakMap<object, Map<string, string>>();

async function accountOfUser(userId: string): Promise<string | null> {
  const db = await getDb();
  let known = knownAccounts.get(db);
  if (!known) knownAccounts.set(db, (known = new Map()));
  const cached = known.get(userId);
  if (cached) return cached;
  const rows = await db.select({ accountId: sandboxAccounts.accountId }).from(sandboxAccounts).where(eq(sandboxAccounts.userId, userId));
  const accountId = rows[0]?.accountId ?? null;
  if (accountId) known.set(userId, accountId);
  return accountId;
}

/** Creates the user's account; a concurrent call that won the race is fine (user_id is unique). */
async function createAccount(userId: string): Promise<string> {
  const db = await getDb();
  for (let attempt = 0; attempt < 5; attempt++) {
    const accountId = newAccountId();
    const taken = await db.select({ accountId: sandboxAccounts.accountId }).from(sandboxAccounts).where(eq(sandboxAccounts.accountId, accountId));
    if (taken.length > 0) continue;
    await db.insert(sandboxAccounts).values({ accountId, userId }).onConflictDoNothing();
    const owner = await accountOfUser(userId);
    if (owner) return owner;
  }
  throw new Error(`could not allocate a sandbox account id for user ${userId}`);
}

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function activeLabUserKey(tx: Transaction | Db, accountId: string): Promise<SandboxCredentials | null> {
  const rows = await tx
    .select()
    .from(sandboxAccessKeys)
    .where(
      and(
        eq(sandboxAccessKeys.accountId, accountId),
        eq(sandboxAccessKeys.userName, LAB_USER_NAME),
        eq(sandboxAccessKeys.status, "Active"),
      ),
    )
    .orderBy(sandboxAccessKeys.createdAt, sandboxAccessKeys.accessKeyId)
    .limit(1);
  return rows[0] ? { accountId, accessKeyId: rows[0].accessKeyId, secretAccessKey: rows[0].secretAccessKey } : null;
}

async function insertLabUserKey(tx: Transaction, accountId: string): Promise<SandboxCredentials> {
  const credentials = { accountId, accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() };
  await tx.insert(sandboxAccessKeys).values({ ...credentials, userName: LAB_USER_NAME, status: "Active" });
  return credentials;
}

/** Runs `fn` holding the account row's lock, so two key changes of one account never interleave. */
async function withAccountLocked<T>(accountId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.select({ accountId: sandboxAccounts.accountId }).from(sandboxAccounts).where(eq(sandboxAccounts.accountId, accountId)).for("update");
    return fn(tx);
  });
}

/**
 * The user's sandbox account and its console key (lab-user's active access key), created on
 * first use. Later calls return the same account and key.
 */
export async function ensureSandboxAccount(userId: string): Promise<SandboxCredentials> {
  const accountId = (await accountOfUser(userId)) ?? (await createAccount(userId));
  // Nearly always there is one: read it without the account's lock (a transaction of five round trips on every request).
  const [active] = await selectPrepared("console-key", sandboxAccessKeys, "account_id = $1 AND user_name = $2 AND status = 'Active'", [accountId, LAB_USER_NAME], {
    orderBy: "created_at, access_key_id",
    limit: 1,
  });
  if (active) return { accountId, accessKeyId: active.accessKeyId, secretAccessKey: active.secretAccessKey };
  return withAccountLocked(accountId, async (tx) => (await activeLabUserKey(tx, accountId)) ?? (await newConsoleKeyWithinQuota(tx, accountId)));
}

/**
 * The console keys of many users in one query (an instructor's round over a class): each user's
 * account and lab-user's active key, the one ensureSandboxAccount would pick. Users without an
 * account or an active key are absent; ensureSandboxAccount makes what they lack.
 */
export async function existingConsoleKeysOf(userIds: string[]): Promise<Map<string, SandboxCredentials>> {
  const found = new Map<string, SandboxCredentials>();
  if (!userIds.length) return found;
  const db = await getDb();
  const rows = await db
    .select({ userId: sandboxAccounts.userId, accountId: sandboxAccessKeys.accountId, accessKeyId: sandboxAccessKeys.accessKeyId, secretAccessKey: sandboxAccessKeys.secretAccessKey })
    .from(sandboxAccounts)
    .innerJoin(sandboxAccessKeys, eq(sandboxAccessKeys.accountId, sandboxAccounts.accountId))
    .where(and(inArray(sandboxAccounts.userId, userIds), eq(sandboxAccessKeys.userName, LAB_USER_NAME), eq(sandboxAccessKeys.status, "Active")))
    .orderBy(sandboxAccessKeys.createdAt, sandboxAccessKeys.accessKeyId);
  for (const { userId, ...credentials } of rows) if (!found.has(userId)) found.set(userId, credentials);
  return found;
}

/** The account the user's sandbox console works in, made on first use (no key needed to know it). */
export async function sandboxAccountIdOf(userId: string): Promise<string> {
  return (await accountOfUser(userId)) ?? (await createAccount(userId));
}

/** A key for the console when lab-user has none active, as IAM would make it: never past the quota. */
async function newConsoleKeyWithinQuota(tx: Transaction, accountId: string): Promise<SandboxCredentials> {
  const keys = await tx
    .select({ accessKeyId: sandboxAccessKeys.accessKeyId })
    .from(sandboxAccessKeys)
    .where(and(eq(sandboxAccessKeys.accountId, accountId), eq(sandboxAccessKeys.userName, LAB_USER_NAME)));
  if (keys.length >= MAX_ACCESS_KEYS_PER_USER) throw new NoActiveLabUserKeyError(accountId);
  return insertLabUserKey(tx, accountId);
}

/**
 * The account root user's access key, made on first use. It never leaves the server: the console uses it
 * only for what AWS keeps for the root user — deleting a bucket policy that locks everyone else out.
 */
export async function sandboxRootCredentials(accountId: string): Promise<SandboxCredentials> {
  return withAccountLocked(accountId, async (tx) => {
    const rows = await tx
      .select()
      .from(sandboxAccessKeys)
      .where(and(eq(sandboxAccessKeys.accountId, accountId), isNull(sandboxAccessKeys.userName), eq(sandboxAccessKeys.status, "Active")))
      .limit(1);
    if (rows[0]) return { accountId, accessKeyId: rows[0].accessKeyId, secretAccessKey: rows[0].secretAccessKey };
    const credentials = { accountId, accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() };
    await tx.insert(sandboxAccessKeys).values({ ...credentials, userName: null, status: "Active" });
    return credentials;
  });
}

/** Replaces lab-user's key pair: the new key is active at once, the old one is deleted (and stops working). */
export async function rotateSandboxKeys(userId: string): Promise<SandboxCredentials> {
  const { accountId } = await ensureSandboxAccount(userId);
  const { credentials, removed } = await withAccountLocked(accountId, async (tx) => {
    const deleted = await tx
      .delete(sandboxAccessKeys)
      .where(and(eq(sandboxAccessKeys.accountId, accountId), eq(sandboxAccessKeys.userName, LAB_USER_NAME)))
      .returning({ accessKeyId: sandboxAccessKeys.accessKeyId });
    return { credentials: await insertLabUserKey(tx, accountId), removed: deleted };
  });
  if (removed.length > 0) await accessKeysChanged();
  return credentials;
}

async function findTemporaryKey(accessKeyId: string): Promise<AccessKeyRecord | null> {
  const found = await findTemporaryCredentials(accessKeyId);
  if (!found) return null;
  const { accessKeyId: id, secretAccessKey, ...session } = found;
  return { accessKeyId: id, secretAccessKey, accountId: found.accountId, userName: null, session };
}

/**
 * The active access key with this id, or temporary credentials (expired ones too: the caller is
 * told they expired), or null. Cached in memory; a database read on first sight, and again after
 * KEY_CACHE_MS or a change of keys made through any process.
 */
export async function findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | null> {
  if (isTemporaryKeyId(accessKeyId)) return findTemporaryKey(accessKeyId);
  followKeyChanges();
  const cached = keyCache.keys.get(accessKeyId);
  if (cached && Date.now() - cached.cachedAt < KEY_CACHE_MS) return cached.record;
  const rows = await selectPrepared("access-key", sandboxAccessKeys, "access_key_id = $1 AND status = 'Active'", [accessKeyId]);
  if (rows.length === 0) return null;
  const record: AccessKeyRecord = {
    accessKeyId: rows[0].accessKeyId,
    secretAccessKey: rows[0].secretAccessKey,
    accountId: rows[0].accountId,
    userName: rows[0].userName,
  };
  keyCache.keys.set(accessKeyId, { record, cachedAt: Date.now() });
  return record;
}

/** Forgets cached keys (tests, and after the database was swapped). */
export function forgetCachedAccessKeys(): void {
  keyCache.keys.clear();
  forgetCachedTemporaryCredentials();
}
