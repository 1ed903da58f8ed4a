/**
 * The class board's rows: per student the lab they work in (the class's lab they touched last),
 * the step they are on and since when, their Check my work presses and failures in a row on it,
 * the hints opened in the lab, the steps Do it for me completed there, their last test, and their
 * latest Break it challenge there. Six queries at most for the whole class, however big.
 */
import { and, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { labFaults, labLiveStatus, labStepActivity, type RecordedVerdict } from "@/lib/db/schema";
import { faultById, type FaultId, isFaultId } from "@/lib/labs/break-it/catalog";
import { secondsToFix } from "@/lib/labs/break-it/records";
import { findLab } from "@/lib/labs/catalog";
import { doneForMeCounts } from "@/lib/labs/progress";
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
  /** Completed steps of the lab that Do it for me completed, not the student. */
  doneForMeSteps: number;
  lastVerdict: RecordedVerdict | null;
  /** The student's latest Break it challenge in that lab, or null. */
  challenge: BoardChallenge | null;
}

/** A Break it challenge as the board shows it: the fault (the instructor may know it), fixed or not, how fast, help asked. */
export interface BoardChallenge {
  faultId: string;
  faultTitle: string;
  /** Applied by an instructor (a class round), or started by the student ("Challenge me"). */
  byInstructor: boolean;
  appliedAt: string;
  fixed: boolean;
  secondsToFix: number | null;
  helpRequests: number;
  /** Ended without a fix: "reset" or "teardown". */
  closedBy: string | null;
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

type FaultRow = typeof labFaults.$inferSelect;

/** Each student's newest challenge per lab (keyed `user|lab`) and in any of the class's labs (keyed `user`). */
function latestChallenges(faults: FaultRow[]): Map<string, FaultRow> {
  const latest = new Map<string, FaultRow>();
  const newer = (fault: FaultRow, seen: FaultRow | undefined) => !seen || seen.appliedAt < fault.appliedAt || (seen.appliedAt.getTime() === fault.appliedAt.getTime() && seen.id < fault.id);
  for (const fault of faults) {
    for (const key of [`${fault.userId}|${fault.labId}`, fault.userId]) if (newer(fault, latest.get(key))) latest.set(key, fault);
  }
  return latest;
}

function boardChallenge(row: FaultRow | undefined): BoardChallenge | null {
  if (!row || !isFaultId(row.faultId)) return null;
  return {
    faultId: row.faultId,
    faultTitle: faultById(row.faultId as FaultId).title,
    byInstructor: row.appliedBy !== row.userId,
    appliedAt: row.appliedAt.toISOString(),
    fixed: Boolean(row.fixedAt),
    secondsToFix: secondsToFix(row) ?? null,
    helpRequests: row.helpRequests,
    closedBy: row.closedAt && !row.fixedAt ? (row.closedBy ?? null) : null,
  };
}

function rowFor(
  student: Awaited<ReturnType<typeof studentsOf>>[number],
  status: Status | undefined,
  activity: Map<string, { attempts: number; failed: number; hints: number }>,
  challenges: Map<string, FaultRow>,
  doneForMe: Map<string, number>,
): BoardRow {
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
    doneForMeSteps: status ? (doneForMe.get(`${student.id}|${status.labId}`) ?? 0) : 0,
    lastVerdict: status?.lastVerdict ?? null,
    // The challenge in the lab shown; a student the board has not seen working yet shows their newest.
    challenge: boardChallenge(challenges.get(status ? `${student.id}|${status.labId}` : student.id)),
  };
}

export async function loadBoard(klass: ClassRow, now = new Date()): Promise<Board> {
  const students = await studentsOf(klass.id);
  const ids = students.map((student) => student.id);
  const db = await getDb();
  const [statuses, steps, faults, doneForMe] = ids.length
    ? await Promise.all([
        db.select().from(labLiveStatus).where(and(inArray(labLiveStatus.userId, ids), inArray(labLiveStatus.labId, klass.labIds))),
        db
          .select({ userId: labStepActivity.userId, labId: labStepActivity.labId, stepId: labStepActivity.stepId, attempts: labStepActivity.checkAttempts, failed: labStepActivity.failedChecksInRow, hints: labStepActivity.hintsUsed })
          .from(labStepActivity)
          .where(and(inArray(labStepActivity.userId, ids), inArray(labStepActivity.labId, klass.labIds))),
        db.select().from(labFaults).where(and(inArray(labFaults.userId, ids), inArray(labFaults.labId, klass.labIds))),
        doneForMeCounts(ids, klass.labIds),
      ])
    : [[], [], [], new Map<string, number>()];
  const activity = new Map<string, { attempts: number; failed: number; hints: number }>();
  for (const step of steps) {
    activity.set(`${step.userId}|${step.labId}|${step.stepId}`, step);
    const lab = activity.get(`${step.userId}|${step.labId}`) ?? { attempts: 0, failed: 0, hints: 0 };
    activity.set(`${step.userId}|${step.labId}`, { attempts: lab.attempts + step.attempts, failed: 0, hints: lab.hints + step.hints });
  }
  const latest = latestStatusByStudent(statuses);
  const challenges = latestChallenges(faults);
  const rows = students.map((student) => rowFor(student, latest.get(student.id), activity, challenges, doneForMe)).sort((a, b) => a.name.localeCompare(b.name));
  return { classId: klass.id, className: klass.name, rule: { minutes: klass.stuckMinutes, failedChecks: klass.stuckFailedChecks }, rows, at: now.toISOString() };
}
