/**
 * Progress per user and lab. A step is recorded as completed the first time its check passes,
 * however the work was done; a later failing check never un-completes it (the rail shows the live
 * result beside it). Reset to step N forgets steps N and later, since it removes their work;
 * Tear down keeps progress, notes and step records, so the write-up survives the cleanup.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, selectPrepared } from "@/lib/db/client";
import { labProgress, labStepRecords } from "@/lib/db/schema";
import { LABS } from "./catalog";

export interface LabProgressSummary {
  labId: string;
  completedSteps: string[];
  updatedAt: Date;
}

/** Each lab's progress for one user; labs never started are absent. */
export async function progressByLab(userId: string): Promise<Map<string, LabProgressSummary>> {
  const rows = await selectPrepared("progress-by-lab", labProgress, "user_id = $1", [userId]);
  const known = new Set(LABS.map((lab) => lab.id as string));
  return new Map(
    rows
      .filter((row) => known.has(row.labId))
      .map((row) => [row.labId, { labId: row.labId, completedSteps: row.completedSteps, updatedAt: row.updatedAt }]),
  );
}

export interface LabProgressState {
  completedSteps: string[];
  notes: Record<string, string>;
  /** When a reset last reopened each step (ISO time): a doing step counts only what the student did since. */
  reopenedAt: Record<string, string>;
  /** When a Do it for me that succeeded started, per step (ISO time): see stepsDoneForMe. */
  doneForMeAt: Record<string, string>;
}

export async function loadLabProgress(userId: string, labId: string): Promise<LabProgressState> {
  const [row] = await selectPrepared("lab-progress", labProgress, "user_id = $1 AND lab_id = $2", [userId, labId]);
  return { completedSteps: row?.completedSteps ?? [], notes: row?.notes ?? {}, reopenedAt: row?.reopenedAt ?? {}, doneForMeAt: row?.doneForMeAt ?? {} };
}

function inLabOrder(labId: string, stepIds: Iterable<string>): string[] {
  const wanted = new Set(stepIds);
  return (LABS.find((lab) => lab.id === labId)?.steps ?? []).map((step) => step.id).filter((id) => wanted.has(id));
}

async function writeProgress(userId: string, labId: string, values: Partial<LabProgressState>): Promise<void> {
  const db = await getDb();
  const updatedAt = new Date();
  await db
    .insert(labProgress)
    .values({ userId, labId, completedSteps: values.completedSteps ?? [], notes: values.notes ?? {}, reopenedAt: values.reopenedAt ?? {}, doneForMeAt: values.doneForMeAt ?? {}, updatedAt })
    .onConflictDoUpdate({ target: [labProgress.userId, labProgress.labId], set: { ...values, updatedAt } });
}

/** Adds the steps whose check passed; returns all completed steps and the ones new this time. */
export async function recordCompletedSteps(
  userId: string,
  labId: string,
  passed: string[],
  checkedWith?: Record<string, string>,
): Promise<{ completedSteps: string[]; newlyCompleted: string[] }> {
  const { completedSteps, reopenedAt } = await loadLabProgress(userId, labId);
  const before = new Set(completedSteps);
  // A step reopened (Reset to step N) since the check read its reopening time: the check may have seen
  // the step's work before the reset removed it, so it is no evidence for the reopened step.
  const reopenedSince = (id: string) => checkedWith !== undefined && reopenedAt[id] !== checkedWith[id];
  const newlyCompleted = inLabOrder(labId, passed).filter((id) => !before.has(id) && !reopenedSince(id));
  if (!newlyCompleted.length) return { completedSteps, newlyCompleted };
  const all = inLabOrder(labId, [...completedSteps, ...newlyCompleted]);
  await writeProgress(userId, labId, { completedSteps: all });
  return { completedSteps: all, newlyCompleted };
}

/**
 * Reset to a step: its work and the later steps' work are gone, so they are no longer completed,
 * and what the student did in them before (a ping, a session) no longer counts as doing them again.
 */
/** The steps' reopening times once `stepIds` reopen at `at`: evidence from before it no longer counts for them. */
export function reopenedAtAfter(reopenedAt: Record<string, string>, stepIds: string[], at: string): Record<string, string> {
  return { ...reopenedAt, ...Object.fromEntries(stepIds.map((id) => [id, at])) };
}

export async function forgetSteps(userId: string, labId: string, stepIds: string[], at = new Date().toISOString()): Promise<string[]> {
  const { completedSteps, reopenedAt } = await loadLabProgress(userId, labId);
  const remaining = completedSteps.filter((id) => !stepIds.includes(id));
  await writeProgress(userId, labId, { completedSteps: remaining, reopenedAt: reopenedAtAfter(reopenedAt, stepIds, at) });
  return remaining;
}

/** Do it for me built `stepId`, starting at `startedAt`: a completion of the step from then on was its work. Call inside the lab's run lock. */
export async function recordDoneForMe(userId: string, labId: string, stepId: string, startedAt: Date): Promise<void> {
  const { doneForMeAt } = await loadLabProgress(userId, labId);
  await writeProgress(userId, labId, { doneForMeAt: { ...doneForMeAt, [stepId]: startedAt.toISOString() } });
}

/**
 * The completed steps Do it for me completed: recorded as completed once a Do it for me on them had
 * started, and not reopened by a reset since. Derived from times, not recorded by the Do it for me's own
 * check: the console's check of a change often records the step first.
 */
export function stepsDoneForMe(progress: Pick<LabProgressState, "completedSteps" | "reopenedAt" | "doneForMeAt">, records: readonly Pick<StepRecord, "stepId" | "completedAt">[]): string[] {
  const completedAt = new Map(records.map((record) => [record.stepId, record.completedAt.getTime()]));
  return progress.completedSteps.filter((stepId) => {
    const startedAt = Date.parse(progress.doneForMeAt[stepId] ?? "");
    const reopenedAt = Date.parse(progress.reopenedAt[stepId] ?? "");
    return startedAt >= (Number.isNaN(reopenedAt) ? -Infinity : reopenedAt) && (completedAt.get(stepId) ?? -Infinity) >= startedAt;
  });
}

/**
 * How many completed steps Do it for me completed, per `user|lab` (stepsDoneForMe), for many users
 * at once (the class board): two queries, the second only for the progress Do it for me touched.
 */
export async function doneForMeCounts(userIds: string[], labIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!userIds.length || !labIds.length) return counts;
  const db = await getDb();
  const progress = await db
    .select({ userId: labProgress.userId, labId: labProgress.labId, completedSteps: labProgress.completedSteps, reopenedAt: labProgress.reopenedAt, doneForMeAt: labProgress.doneForMeAt })
    .from(labProgress)
    .where(and(inArray(labProgress.userId, userIds), inArray(labProgress.labId, labIds), ne(labProgress.doneForMeAt, sql`'{}'::jsonb`)));
  if (!progress.length) return counts;
  const records = await db
    .select({ userId: labStepRecords.userId, labId: labStepRecords.labId, stepId: labStepRecords.stepId, completedAt: labStepRecords.completedAt })
    .from(labStepRecords)
    .where(and(inArray(labStepRecords.userId, [...new Set(progress.map((row) => row.userId))]), inArray(labStepRecords.labId, labIds)));
  const recordsOf = new Map<string, typeof records>();
  for (const record of records) {
    const key = `${record.userId}|${record.labId}`;
    recordsOf.set(key, [...(recordsOf.get(key) ?? []), record]);
  }
  for (const row of progress) counts.set(`${row.userId}|${row.labId}`, stepsDoneForMe(row, recordsOf.get(`${row.userId}|${row.labId}`) ?? []).length);
  return counts;
}

export async function saveStepNote(userId: string, labId: string, stepId: string, note: string): Promise<void> {
  const { notes } = await loadLabProgress(userId, labId);
  const next = { ...notes };
  if (note.trim()) next[stepId] = note;
  else delete next[stepId];
  await writeProgress(userId, labId, { notes: next });
}

export interface StepRecord {
  stepId: string;
  completedAt: Date;
  summary: string;
  config: string;
  testCommand: string | null;
  testOutput: string | null;
  hasImage: boolean;
}

/** Stores (or replaces, after a reset) what the step looked like when it completed; the image follows from the browser. */
export async function saveStepRecord(
  userId: string,
  labId: string,
  record: { stepId: string; summary: string; config: string; testCommand?: string; testOutput?: string },
): Promise<void> {
  const db = await getDb();
  const values = { summary: record.summary, config: record.config, testCommand: record.testCommand ?? null, testOutput: record.testOutput ?? null, completedAt: new Date(), image: null };
  await db
    .insert(labStepRecords)
    .values({ userId, labId, stepId: record.stepId, ...values })
    .onConflictDoUpdate({ target: [labStepRecords.userId, labStepRecords.labId, labStepRecords.stepId], set: values });
}

/** Attaches the diagram captured when the step completed; false when the step has no record yet. */
export async function saveStepImage(userId: string, labId: string, stepId: string, png: Buffer): Promise<boolean> {
  const db = await getDb();
  const updated = await db
    .update(labStepRecords)
    .set({ image: png })
    .where(and(eq(labStepRecords.userId, userId), eq(labStepRecords.labId, labId), eq(labStepRecords.stepId, stepId)))
    .returning({ stepId: labStepRecords.stepId });
  return updated.length > 0;
}

export async function loadStepRecords(userId: string, labId: string): Promise<StepRecord[]> {
  const db = await getDb();
  const rows = await db
    .select({
      stepId: labStepRecords.stepId,
      completedAt: labStepRecords.completedAt,
      summary: labStepRecords.summary,
      config: labStepRecords.config,
      testCommand: labStepRecords.testCommand,
      testOutput: labStepRecords.testOutput,
      image: labStepRecords.image,
    })
    .from(labStepRecords)
    .where(and(eq(labStepRecords.userId, userId), eq(labStepRecords.labId, labId)));
  return rows.map(({ image, ...row }) => ({ ...row, hasImage: Boolean(image?.length) }));
}

export async function loadStepImages(userId: string, labId: string): Promise<Map<string, Buffer>> {
  const db = await getDb();
  const rows = await db
    .select({ stepId: labStepRecords.stepId, image: labStepRecords.image })
    .from(labStepRecords)
    .where(and(eq(labStepRecords.userId, userId), eq(labStepRecords.labId, labId)));
  return new Map(rows.flatMap((row) => (row.image?.length ? [[row.stepId, row.image] as [string, Buffer]] : [])));
}

export async function loadStepImage(userId: string, labId: string, stepId: string): Promise<Buffer | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ image: labStepRecords.image })
    .from(labStepRecords)
    .where(and(eq(labStepRecords.userId, userId), eq(labStepRecords.labId, labId), eq(labStepRecords.stepId, stepId)));
  return row?.image?.length ? row.image : undefined;
}
