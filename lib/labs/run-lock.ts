/**
 * One run at a time per lab: Do it for me, Reset and Tear down (and the idle sweep) of one user's
 * lab take a lease row in the database, so two tabs, or two server processes, never build the
 * same step twice. The lease lives `LEASE_SECONDS` on the database's clock and is renewed while
 * the run works; a crashed process's lease lapses by itself.
 */
import crypto from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { labRunLocks } from "@/lib/db/schema";

const LEASE_SECONDS = 60;
const RENEW_EVERY_MS = 15_000;

export class LabRunInProgressError extends Error {
  readonly code = "RunInProgress";
  constructor() {
    super("Another run of this lab is in progress (Do it for me, Reset or Tear down, perhaps in another tab). Wait for it to finish, then try again.");
  }
}

const leaseEnd = () => sql`now() + make_interval(secs => ${LEASE_SECONDS})`;

/** Takes the lease in one statement: a new row, or an expired one taken over. */
async function acquire(userId: string, labId: string, owner: string): Promise<boolean> {
  const db = await getDb();
  const taken = await db
    .insert(labRunLocks)
    .values({ userId, labId, owner, expiresAt: leaseEnd() })
    .onConflictDoUpdate({
      target: [labRunLocks.userId, labRunLocks.labId],
      set: { owner, expiresAt: leaseEnd() },
      setWhere: lt(labRunLocks.expiresAt, sql`now()`),
    })
    .returning({ owner: labRunLocks.owner });
  return taken.length === 1;
}

function ownedBy(userId: string, labId: string, owner: string) {
  return and(eq(labRunLocks.userId, userId), eq(labRunLocks.labId, labId), eq(labRunLocks.owner, owner));
}

async function renew(userId: string, labId: string, owner: string): Promise<void> {
  const db = await getDb();
  await db.update(labRunLocks).set({ expiresAt: leaseEnd() }).where(ownedBy(userId, labId, owner));
}

async function release(userId: string, labId: string, owner: string): Promise<void> {
  const db = await getDb();
  await db.delete(labRunLocks).where(ownedBy(userId, labId, owner));
}

/** Runs `work` holding the lab's lease; throws LabRunInProgressError at once when another run holds it. */
export async function withLabRunLock<T>(userId: string, labId: string, work: () => Promise<T>): Promise<T> {
  const owner = crypto.randomUUID();
  if (!(await acquire(userId, labId, owner))) throw new LabRunInProgressError();
  const renewal = setInterval(() => {
    renew(userId, labId, owner).catch((error: Error) => console.error(`lab run lock of ${labId} could not be renewed: ${error.message}`));
  }, RENEW_EVERY_MS);
  renewal.unref();
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await release(userId, labId, owner);
  }
}

/** Takes the leases of many users' labs in one statement; returns the users whose lease it took. */
async function acquireMany(userIds: string[], labId: string, owner: string): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const db = await getDb();
  const taken = await db
    .insert(labRunLocks)
    .values(userIds.map((userId) => ({ userId, labId, owner, expiresAt: leaseEnd() })))
    .onConflictDoUpdate({
      target: [labRunLocks.userId, labRunLocks.labId],
      set: { owner, expiresAt: leaseEnd() },
      setWhere: lt(labRunLocks.expiresAt, sql`now()`),
    })
    .returning({ userId: labRunLocks.userId });
  return new Set(taken.map((row) => row.userId));
}

/**
 * withLabRunLock for many users' labs at once (an instructor's round over a class): the leases are
 * taken, renewed and released with one statement each, all held until `work` ends. `work` gets the
 * users whose lab it holds; the others have a run in progress (Do it for me, Reset, Tear down).
 */
export async function withLabRunLocks<T>(userIds: string[], labId: string, work: (held: Set<string>) => Promise<T>): Promise<T> {
  const owner = crypto.randomUUID();
  const held = await acquireMany([...new Set(userIds)], labId, owner);
  if (!held.size) return work(held);
  const heldBy = and(eq(labRunLocks.labId, labId), eq(labRunLocks.owner, owner), inArray(labRunLocks.userId, [...held]));
  const renewal = setInterval(() => {
    getDb()
      .then((db) => db.update(labRunLocks).set({ expiresAt: leaseEnd() }).where(heldBy))
      .catch((error: Error) => console.error(`lab run locks of ${labId} could not be renewed: ${error.message}`));
  }, RENEW_EVERY_MS);
  renewal.unref();
  try {
    return await work(held);
  } finally {
    clearInterval(renewal);
    await (await getDb()).delete(labRunLocks).where(heldBy);
  }
}
