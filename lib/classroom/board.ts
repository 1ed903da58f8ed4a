/**
 * The class board's rows: per student the lab they work in (the class's lab they touched last),
 * the step they are on and since when, their Check my work presses and failures in a row on it,
 * the hints opened in the lab, and their last test. Three queries for the whole class, however big.
 */
import { and, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { labLiveStatus, labStepActivity, type RecordedVerdict } from "@/lib/db/schema";
import { findLab } from "@/lib/labs/catalog";
import type { ClassRow } from "./classes";
import { studentsOf } from "./classes";
import type { StuckRule } from "./stuck";

export interface BoardRow {
  studentId: string;
  name: string;
  email: string;
  projectorConsent: boolean;
  labId: string | null;
  labTitle: string | null;
  /** 1-based; null when the lab is done or not started. */
  stepNumber: number | null;
  stepCount: number;
  stepTitle: string | null;
  currentStepId: string | null;
  completed: boolean;
  stepSince: string | null;
  checkAttempts: number;
  failedChecksInRow: number;
  hintsUsed: number;
  lastVerdict: RecordedVerdict | null;
}

export interface Board {
  classId: string;
  className: string;
  rule: StuckRule;
  rows: BoardRow[];
  at: string;
}

type Status = typeof labLiveStatus.$inferSelect;

/** Each student's status in the class's lab they touched last. */
function latestStatusByStudent(statuses: Status[]): Map<string, Status> {
  const latest = new Map<string, Status>();
  for (const status of statuses) {
    const seen = latest.get(status.userId);
    if (!seen || seen.updatedAt < status.updatedAt) latest.set(status.userId, status);
  }
  return latest;
}

function rowFor(student: Awaited<ReturnType<typeof studentsOf>>[number], status: Status | undefined, activity: Map<string, { attempts: number; failed: number; hints: number }>): BoardRow {
  const lab = status ? findLab(status.labId) : undefined;
  const stepIndex = lab && status?.currentStepId ? lab.steps.findIndex((step) => step.id === status.currentStepId) : -1;
  const onStep = status?.currentStepId ? activity.get(`${student.id}|${status.labId}|${status.currentStepId}`) : undefined;
  const inLab = status ? activity.get(`${student.id}|${status.labId}`) : undefined;
  return {
    studentId: student.id,
    name: student.name,
    email: student.email,
    projectorConsent: student.projectorConsent,
    labId: lab?.id ?? null,
    labTitle: lab?.title ?? null,
    stepNumber: stepIndex >= 0 ? stepIndex + 1 : null,
    stepCount: lab?.steps.length ?? 0,
    stepTitle: stepIndex >= 0 ? lab!.steps[stepIndex].title : null,
    currentStepId: status?.currentStepId ?? null,
    completed: Boolean(lab && status && !status.currentStepId),
    stepSince: status?.stepSince.toISOString() ?? null,
    checkAttempts: onStep?.attempts ?? 0,
    failedChecksInRow: onStep?.failed ?? 0,
    hintsUsed: inLab?.hints ?? 0,
    lastVerdict: status?.lastVerdict ?? null,
  };
}

export async function loadBoard(klass: ClassRow, now = new Date()): Promise<Board> {
  const students = await studentsOf(klass.id);
  const ids = students.map((student) => student.id);
  const db = await getDb();
  const [statuses, steps] = ids.length
    ? await Promise.all([
        db.select().from(labLiveStatus).where(and(inArray(labLiveStatus.userId, ids), inArray(labLiveStatus.labId, klass.labIds))),
        db
          .select({ userId: labStepActivity.userId, labId: labStepActivity.labId, stepId: labStepActivity.stepId, attempts: labStepActivity.checkAttempts, failed: labStepActivity.failedChecksInRow, hints: labStepActivity.hintsUsed })
          .from(labStepActivity)
          .where(and(inArray(labStepActivity.userId, ids), inArray(labStepActivity.labId, klass.labIds))),
      ])
    : [[], []];
  const activity = new Map<string, { attempts: number; failed: number; hints: number }>();
  for (const step of steps) {
    activity.set(`${step.userId}|${step.labId}|${step.stepId}`, step);
    const lab = activity.get(`${step.userId}|${step.labId}`) ?? { attempts: 0, failed: 0, hints: 0 };
    activity.set(`${step.userId}|${step.labId}`, { attempts: lab.attempts + step.attempts, failed: 0, hints: lab.hints + step.hints });
  }
  const latest = latestStatusByStudent(statuses);
  const rows = students.map((student) => rowFor(student, latest.get(student.id), activity)).sort((a, b) => a.name.localeCompare(b.name));
  return { classId: klass.id, className: klass.name, rule: { minutes: klass.stuckMinutes, failedChecks: klass.stuckFailedChecks }, rows, at: now.toISOString() };
}
