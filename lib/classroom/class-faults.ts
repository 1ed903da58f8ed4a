/**
 * Break it for a whole class: an instructor applies one fault, or a random one per student, to the
 * lab of every student of the class who completed it. Only the class's instructors may; only the
 * class's students are touched, each under their lab's run lock, and each board showing them hears
 * of it. See docs/classroom.md and docs/break-it.md.
 */
import { and, eq, inArray } from "drizzle-orm";
import { existingClientsForUsers } from "@/lib/aws/clients";
import { getDb } from "@/lib/db/client";
import { labProgress } from "@/lib/db/schema";
import { applyFaultToMany, type ApplyManyOutcome, type FaultChoice } from "@/lib/labs/break-it";
import { labDefinition } from "@/lib/labs/check";
import { LabRunInProgressError, withLabRunLocks } from "@/lib/labs/run-lock";
import type { LabId } from "@/lib/labs/steps";
import { ClassroomError, requireClassInstructor, studentsOf } from "./classes";
import { announceClassroomChange } from "./events";

export interface ClassFaultRound {
  labId: LabId;
  /** Students whose lab was broken. */
  applied: number;
  /** Students of the class who have not completed the lab: left alone. */
  notCompleted: number;
  /** Students who completed it but were left alone, with the reason (a challenge open, the lab not working now…). */
  skipped: Array<{ userId: string; code: string; message: string }>;
}

/** The students among `userIds` who completed every step of the lab. */
async function completedLab(userIds: string[], labId: LabId): Promise<string[]> {
  if (!userIds.length) return [];
  const stepCount = labDefinition(labId).steps.length;
  const db = await getDb();
  const rows = await db
    .select({ userId: labProgress.userId, completedSteps: labProgress.completedSteps })
    .from(labProgress)
    .where(and(eq(labProgress.labId, labId), inArray(labProgress.userId, userIds)));
  return rows.filter((row) => row.completedSteps.length >= stepCount).map((row) => row.userId);
}

function runInProgress(userId: string): ApplyManyOutcome {
  const { code, message } = new LabRunInProgressError();
  return { userId, ok: false, error: { code, message } };
}

/**
 * The round holds every broken student's lab run lock from start to end (taken, renewed and
 * released in one statement each), and builds their clients from one read of their keys.
 */
export async function applyFaultToClass(instructorId: string, classId: string, choice: { labId: LabId; fault: FaultChoice }): Promise<ClassFaultRound> {
  const klass = await requireClassInstructor(instructorId, classId);
  if (!klass.labIds.includes(choice.labId)) throw new ClassroomError("LabNotInClass", `${labDefinition(choice.labId).title} is not one of this class's labs.`);
  const students = (await studentsOf(classId)).map((student) => student.id);
  const completed = await completedLab(students, choice.labId);
  const outcomes = await withLabRunLocks(completed, choice.labId, async (held) => {
    const clients = await existingClientsForUsers([...held], { labId: choice.labId });
    const broken = await applyFaultToMany(
      [...held].map((userId) => ({ userId, clients: clients.get(userId) })),
      { labId: choice.labId, fault: choice.fault, appliedBy: instructorId },
    );
    // Do it for me, Reset or Tear down of the lab is running: the student's lab is busy, left alone.
    return [...broken, ...completed.filter((userId) => !held.has(userId)).map(runInProgress)];
  });
  for (const outcome of outcomes) if (outcome.ok) announceClassroomChange(outcome.userId);
  return {
    labId: choice.labId,
    applied: outcomes.filter((outcome) => outcome.ok).length,
    notCompleted: students.length - completed.length,
    skipped: outcomes.filter((outcome): outcome is Extract<ApplyManyOutcome, { ok: false }> => !outcome.ok).map(({ userId, error }) => ({ userId, ...error })),
  };
}
