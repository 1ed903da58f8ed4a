/**
 * What the class board needs and the labs did not record: which step a student is on and since
 * when, their Check my work presses per step (and how many failed in a row), the hints they opened,
 * and the last test they ran. Each write announces the student to the boards that show them.
 * None of this touches the lab's run (the idle clock) or the account.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Hop, PacketVerdict, S3Verdict } from "@/lib/analysis";
import { getDb } from "@/lib/db/client";
import { labLiveStatus, labStepActivity, type RecordedVerdict } from "@/lib/db/schema";
import { LABS } from "@/lib/labs/catalog";
import { latestLabRun } from "@/lib/labs/runs";
import { announceClassroomChange } from "./events";

/** The first step of the lab not completed; null when all are. */
export function currentStepOf(labId: string, completedSteps: readonly string[]): string | null {
  const done = new Set(completedSteps);
  return LABS.find((lab) => lab.id === labId)?.steps.find((step) => !done.has(step.id))?.id ?? null;
}

/** Records the step the student is on; its clock restarts only when the step changes. */
export async function noteCurrentStep(userId: string, labId: string, completedSteps: readonly string[], now = new Date()): Promise<void> {
  const currentStepId = currentStepOf(labId, completedSteps);
  const db = await getDb();
  const changed = await db
    .insert(labLiveStatus)
    .values({ userId, labId, currentStepId, stepSince: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [labLiveStatus.userId, labLiveStatus.labId],
      set: { currentStepId, stepSince: now, updatedAt: now },
      setWhere: sql`${labLiveStatus.currentStepId} is distinct from ${currentStepId}`,
    })
    .returning({ userId: labLiveStatus.userId });
  if (changed.length) announceClassroomChange(userId);
}

async function bumpStepActivity(userId: string, labId: string, stepId: string, change: { attempt?: { passed: boolean }; hint?: boolean }): Promise<void> {
  const db = await getDb();
  const attempts = change.attempt ? 1 : 0;
  const failed = change.attempt && !change.attempt.passed ? 1 : 0;
  const hints = change.hint ? 1 : 0;
  await db
    .insert(labStepActivity)
    .values({ userId, labId, stepId, checkAttempts: attempts, failedChecksInRow: failed, hintsUsed: hints })
    .onConflictDoUpdate({
      target: [labStepActivity.userId, labStepActivity.labId, labStepActivity.stepId],
      set: {
        checkAttempts: sql`${labStepActivity.checkAttempts} + ${attempts}`,
        // A passing check ends the run of failures; a hint leaves it as it is.
        failedChecksInRow: change.attempt ? (failed ? sql`${labStepActivity.failedChecksInRow} + 1` : 0) : sql`${labStepActivity.failedChecksInRow}`,
        hintsUsed: sql`${labStepActivity.hintsUsed} + ${hints}`,
      },
    });
  await touchStatus(userId, labId);
  announceClassroomChange(userId);
}

/** The lab the student touched last is the one the board shows. */
async function touchStatus(userId: string, labId: string): Promise<void> {
  const db = await getDb();
  await db.update(labLiveStatus).set({ updatedAt: new Date() }).where(and(eq(labLiveStatus.userId, userId), eq(labLiveStatus.labId, labId)));
}

/** The student pressed Check my work on a step (the checks the console runs by itself do not count). */
export function recordCheckAttempt(userId: string, labId: string, stepId: string, passed: boolean): Promise<void> {
  return bumpStepActivity(userId, labId, stepId, { attempt: { passed } });
}

export function recordHintOpened(userId: string, labId: string, stepId: string): Promise<void> {
  return bumpStepActivity(userId, labId, stepId, { hint: true });
}

function hopName(hop: Hop): string {
  return `${hop.componentType} ${hop.componentId}${hop.direction === "return" ? " (return)" : ""}`;
}

export function pingVerdict(verdict: PacketVerdict, at = new Date()): RecordedVerdict {
  return { kind: "ping", ok: verdict.reachable, blockedBy: verdict.blockedAt ? hopName(verdict.blockedAt) : undefined, at: at.toISOString() };
}

export function s3Verdict(verdict: S3Verdict, at = new Date()): RecordedVerdict {
  const deniedHop = verdict.allowed ? undefined : verdict.hops.find((hop) => hop.verdict === "deny");
  const blockedBy = verdict.allowed ? undefined : deniedHop ? hopName(deniedHop) : (verdict.deniedBy ?? verdict.errorCode);
  return { kind: "s3", ok: verdict.allowed, blockedBy, at: at.toISOString() };
}

export async function recordVerdict(userId: string, labId: string, verdict: RecordedVerdict): Promise<void> {
  const db = await getDb();
  const now = new Date(verdict.at);
  await db
    .insert(labLiveStatus)
    .values({ userId, labId, currentStepId: currentStepOf(labId, []), stepSince: now, lastVerdict: verdict, updatedAt: now })
    .onConflictDoUpdate({ target: [labLiveStatus.userId, labLiveStatus.labId], set: { lastVerdict: verdict, updatedAt: now } });
  announceClassroomChange(userId);
}

/** A test run from the console belongs to the lab the student works in (the one its actions are tagged with). */
export async function recordTestOfLatestLab(userId: string, verdict: RecordedVerdict): Promise<void> {
  const run = await latestLabRun(userId);
  if (run) await recordVerdict(userId, run.labId, verdict);
}
