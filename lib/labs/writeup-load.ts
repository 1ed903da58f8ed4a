/**
 * Loads everything a user's write-up shows for one lab (records, moments, their own words, the
 * reflection data, the account now) and saves their words.
 */
import { and, eq } from "drizzle-orm";
import { clientsForUser } from "@/lib/aws/clients";
import { getDb } from "@/lib/db/client";
import { labStepActivity, labWriteupTexts } from "@/lib/db/schema";
import { checkAllSteps, labDefinition, readLabContext } from "./check";
import { captureMoments, loadMoments } from "./moment-store";
import { loadLabProgress, loadStepRecords, stepsDoneForMe } from "./progress";
import { findLabRun } from "./runs";
import type { CheckResult, LabId, StepContext } from "./steps";
import { buildWriteup, type StepActivity, type WriteupDocument, type WriteupInput } from "./writeup";
import { editableSectionIds } from "./writeup-sections";

export const MAX_SECTION_TEXT = 10_000;

export async function loadWriteupTexts(userId: string, labId: string): Promise<Record<string, string>> {
  const db = await getDb();
  const rows = await db.select({ sectionId: labWriteupTexts.sectionId, text: labWriteupTexts.text }).from(labWriteupTexts).where(and(eq(labWriteupTexts.userId, userId), eq(labWriteupTexts.labId, labId)));
  return Object.fromEntries(rows.map((row) => [row.sectionId, row.text]));
}

/** Saves the student's words for a section; an empty text brings the draft back. False for an unknown section. */
export async function saveWriteupText(userId: string, labId: LabId, sectionId: string, text: string): Promise<boolean> {
  if (!editableSectionIds(labId).includes(sectionId)) return false;
  const db = await getDb();
  const where = and(eq(labWriteupTexts.userId, userId), eq(labWriteupTexts.labId, labId), eq(labWriteupTexts.sectionId, sectionId));
  if (!text.trim()) {
    await db.delete(labWriteupTexts).where(where);
    return true;
  }
  const updatedAt = new Date();
  await db
    .insert(labWriteupTexts)
    .values({ userId, labId, sectionId, text, updatedAt })
    .onConflictDoUpdate({ target: [labWriteupTexts.userId, labWriteupTexts.labId, labWriteupTexts.sectionId], set: { text, updatedAt } });
  return true;
}

async function loadActivity(userId: string, labId: string): Promise<StepActivity[]> {
  const db = await getDb();
  return db
    .select({ stepId: labStepActivity.stepId, checkAttempts: labStepActivity.checkAttempts, hintsUsed: labStepActivity.hintsUsed })
    .from(labStepActivity)
    .where(and(eq(labStepActivity.userId, userId), eq(labStepActivity.labId, labId)));
}

export interface LoadedWriteup {
  input: WriteupInput;
  document: WriteupDocument;
}

/** Everything the write-up page and its exports show, for one user and lab. */
export async function loadWriteup(user: { id: string; name: string }, labId: LabId): Promise<LoadedWriteup> {
  const lab = labDefinition(labId);
  const [progress, records, texts, activity, run, aws] = await Promise.all([
    loadLabProgress(user.id, labId),
    loadStepRecords(user.id, labId),
    loadWriteupTexts(user.id, labId),
    loadActivity(user.id, labId),
    findLabRun(user.id, labId),
    clientsForUser(user.id),
  ]);
  let current: StepContext | undefined;
  let currentResults: Record<string, CheckResult> | undefined;
  try {
    current = await readLabContext(aws, lab);
    currentResults = await checkAllSteps(lab, current, progress.reopenedAt);
    // A moment the console's own check has not seen yet (the page opened right after a command) is taken now.
    await captureMoments(user.id, lab, current);
  } catch (error) {
    // The write-up still stands on the saved records when the account cannot be read.
    console.error("write-up: could not read the account", error);
  }
  const moments = await loadMoments(user.id, labId);
  const input: WriteupInput = {
    lab,
    studentName: user.name,
    accountId: current?.snapshot.accountId ?? "(unknown)",
    region: current?.snapshot.region ?? aws.region,
    completedSteps: progress.completedSteps,
    records,
    notes: progress.notes,
    doneForMe: stepsDoneForMe(progress, records),
    moments,
    texts,
    activity,
    runStartedAt: run?.startedAt,
    current,
    currentResults,
  };
  return { input, document: buildWriteup(input) };
}
