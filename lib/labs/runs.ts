/**
 * A user's runs of the labs: the run id tagged (`vpclab:run`) onto what the console creates, when
 * the lab was last touched (the idle teardown's clock), and what the last teardown did.
 * A run starts when the lab is first opened and again after each reset and teardown.
 */
import crypto from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { getDb, selectPrepared } from "@/lib/db/client";
import { labRuns, type TeardownRecord } from "@/lib/db/schema";
import { memoized } from "@/lib/request-memo";
import { closeOpenFaults } from "./break-it/records";

export interface LabRun {
  userId: string;
  labId: string;
  runId: string;
  /** When the run started (the lab first opened, or the last reset or complete teardown). */
  startedAt: Date;
  touchedAt: Date;
  lastTeardown: TeardownRecord | null;
}

export function newRunId(): string {
  return `run-${crypto.randomBytes(6).toString("hex")}`;
}

function toRun(row: typeof labRuns.$inferSelect): LabRun {
  return { userId: row.userId, labId: row.labId, runId: row.runId, startedAt: row.startedAt, touchedAt: row.touchedAt, lastTeardown: row.lastTeardown ?? null };
}

/** Marks the lab touched now (it may hold resources again) and returns its run, started if new. */
export async function touchLabRun(userId: string, labId: string): Promise<LabRun> {
  const db = await getDb();
  const now = new Date();
  const [row] = await db
    .insert(labRuns)
    .values({ userId, labId, runId: newRunId(), startedAt: now, touchedAt: now, active: true })
    .onConflictDoUpdate({ target: [labRuns.userId, labRuns.labId], set: { touchedAt: now, active: true } })
    .returning();
  return toRun(row);
}

/** The lab the user worked in last (the console's actions tag what they create with its run), if any. */
export function latestLabRun(userId: string): Promise<LabRun | undefined> {
  return memoized(`latest-lab-run\n${userId}`, async () => {
    const [row] = await selectPrepared("latest-lab-run", labRuns, "user_id = $1", [userId], { orderBy: "touched_at DESC", limit: 1 });
    return row ? toRun(row) : undefined;
  });
}

export function findLabRun(userId: string, labId: string): Promise<LabRun | undefined> {
  return memoized(`lab-run\n${userId}\n${labId}`, async () => {
    const [row] = await selectPrepared("lab-run", labRuns, "user_id = $1 AND lab_id = $2", [userId, labId]);
    return row ? toRun(row) : undefined;
  });
}

/** A reset starts a new run: what it rebuilds is tagged with the new run id. It ends an open Break it challenge. */
export async function startNewLabRun(userId: string, labId: string): Promise<LabRun> {
  await closeOpenFaults(userId, labId, "reset");
  const db = await getDb();
  const now = new Date();
  const [row] = await db
    .insert(labRuns)
    .values({ userId, labId, runId: newRunId(), startedAt: now, touchedAt: now, active: true })
    .onConflictDoUpdate({ target: [labRuns.userId, labRuns.labId], set: { runId: newRunId(), startedAt: now, touchedAt: now, active: true } })
    .returning();
  return toRun(row);
}

/** After a teardown: what it did is kept for the student, and the next start is a new run. It ends an open Break it challenge. */
export async function recordTeardown(userId: string, labId: string, record: TeardownRecord): Promise<void> {
  await closeOpenFaults(userId, labId, "teardown");
  const db = await getDb();
  const complete = record.left.length === 0;
  await db
    .insert(labRuns)
    .values({ userId, labId, runId: newRunId(), active: !complete, lastTeardown: record })
    // Something left behind keeps the run active, so the next idle sweep tries again.
    .onConflictDoUpdate({ target: [labRuns.userId, labRuns.labId], set: { lastTeardown: record, active: !complete, ...(complete ? { runId: newRunId(), startedAt: new Date() } : {}) } });
}

/** Runs that may hold resources and were not touched since `before`. */
export async function idleLabRuns(before: Date): Promise<LabRun[]> {
  const db = await getDb();
  const rows = await db.select().from(labRuns).where(and(eq(labRuns.active, true), lt(labRuns.touchedAt, before)));
  return rows.map(toRun);
}
