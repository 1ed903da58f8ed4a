/**
 * Looking over a student's shoulder: an instructor of the student's class reads their console
 * (diagram, panels, activity, terminal scrollback, write-up draft) through the same read paths the
 * student's own console uses. Nothing here writes: the student's account, progress and lab run
 * (the idle-teardown clock) are left as they were.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { LabSnapshot } from "@/lib/analysis";
import { type ActionResult, awsErrorOf } from "@/lib/action-pipeline/result";
import { type BucketListing, listBucketObjects } from "@/lib/aws/bucket-objects";
import { clientsForUser } from "@/lib/aws/clients";
import { ForbiddenError } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { classStudents, labLiveStatus } from "@/lib/db/schema";
import { findLab } from "@/lib/labs/catalog";
import { type ActivityPage, activityPageForUser, loadAccountForUser } from "@/lib/labs/console-data";
import { readStudentRecords } from "@/lib/labs/evidence";
import { loadLabProgress } from "@/lib/labs/progress";
import { requireStudentOfMyClass } from "./classes";

export interface TerminalLine {
  at: string;
  instanceId: string;
  via: "terminal" | "ssm";
  command: string;
  output: string;
}

export interface ShoulderData {
  classId: string;
  student: { id: string; name: string; email: string };
  projectorConsent: boolean;
  labId: string;
  labTitle: string;
  steps: Array<{ id: string; title: string; done: boolean; note: string }>;
  snapshot: LabSnapshot;
  activity: ActivityPage;
  terminal: TerminalLine[];
  loadedAt: string;
}

/** How much of the terminal's history comes along. */
const SCROLLBACK_COMMANDS = 50;

/** The class's lab the student touched last (the board shows the same one), else the class's first. */
async function labShownFor(studentId: string, labIds: string[]): Promise<string> {
  const db = await getDb();
  const [latest] = await db
    .select({ labId: labLiveStatus.labId })
    .from(labLiveStatus)
    .where(and(eq(labLiveStatus.userId, studentId), inArray(labLiveStatus.labId, labIds)))
    .orderBy(desc(labLiveStatus.updatedAt))
    .limit(1);
  return latest?.labId ?? labIds[0];
}

async function consentOf(classId: string, studentId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ consent: classStudents.projectorConsent }).from(classStudents).where(and(eq(classStudents.classId, classId), eq(classStudents.userId, studentId)));
  return row?.consent ?? false;
}

export async function loadShoulderData(instructorId: string, classId: string, studentId: string): Promise<ShoulderData> {
  const { klass, student } = await requireStudentOfMyClass(instructorId, classId, studentId);
  const labId = await labShownFor(studentId, klass.labIds);
  const lab = findLab(labId);
  const [{ snapshot }, activity, progress, projectorConsent] = await Promise.all([
    loadAccountForUser(studentId),
    activityPageForUser(studentId),
    loadLabProgress(studentId, labId),
    consentOf(classId, studentId),
  ]);
  const records = await readStudentRecords(await clientsForUser(studentId), snapshot.accountId).catch(() => ({ runs: [] }));
  const done = new Set(progress.completedSteps);
  return {
    classId,
    student: { id: student.id, name: student.name, email: student.email },
    projectorConsent,
    labId,
    labTitle: lab?.title ?? labId,
    steps: (lab?.steps ?? []).map((step) => ({ id: step.id, title: step.title, done: done.has(step.id), note: progress.notes[step.id] ?? "" })),
    snapshot,
    activity,
    terminal: records.runs.slice(-SCROLLBACK_COMMANDS).map((run) => ({ at: new Date(run.at).toISOString(), instanceId: run.instanceId, via: run.via, command: run.command, output: run.output })),
    loadedAt: new Date().toISOString(),
  };
}

/** The projector shows a student's diagram only with their consent. */
export async function loadForProjector(instructorId: string, classId: string, studentId: string): Promise<ShoulderData> {
  const data = await loadShoulderData(instructorId, classId, studentId);
  if (!data.projectorConsent) throw new ForbiddenError(`${data.student.name} has not agreed to be shown on the projector.`);
  return data;
}

/**
 * A bucket's objects in the student's account, for the read-only view's bucket panel: the
 * student's credentials, no lab run (so the idle clock is not touched), and only a bucket the
 * student's account holds.
 */
export async function listStudentBucketObjects(instructorId: string, classId: string, studentId: string, bucket: string): Promise<ActionResult<BucketListing>> {
  await requireStudentOfMyClass(instructorId, classId, studentId);
  try {
    return { ok: true, data: await listBucketObjects((await clientsForUser(studentId)).s3, bucket) };
  } catch (error) {
    const known = awsErrorOf(error);
    if (known) return { ok: false, error: known };
    throw error;
  }
}
