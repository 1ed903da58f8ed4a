/**
 * A class with an end time: once it passes, every student's labs of the class are torn down with
 * the labs' own teardown (lib/labs/teardown.ts, under the run lock, recorded on the run so the
 * student's console says why), and the class is marked ended. A timer in server.ts sweeps.
 */
import { and, eq, isNull, lte } from "drizzle-orm";
import { clientsForUser } from "@/lib/aws/clients";
import { getDb } from "@/lib/db/client";
import { classes } from "@/lib/db/schema";
import { isLabId } from "@/lib/labs/check";
import { LabRunInProgressError, withLabRunLock } from "@/lib/labs/run-lock";
import { findLabRun, recordTeardown } from "@/lib/labs/runs";
import { teardownLab } from "@/lib/labs/teardown";
import { type ClassRow, studentsOf } from "./classes";
import { announceClassroomChange } from "./events";

export const END_OF_CLASS_SWEEP_MS = 60_000;

export interface ClassTeardownOutcome {
  classId: string;
  userId: string;
  labId: string;
  deleted: number;
  left: number;
}

async function tearDownStudentLab(klass: ClassRow, userId: string, labId: string): Promise<ClassTeardownOutcome | undefined> {
  if (!isLabId(labId)) return undefined;
  const run = await findLabRun(userId, labId);
  if (!run) return undefined;
  return withLabRunLock(userId, labId, async () => {
    const clients = await clientsForUser(userId, { labId, runId: run.runId });
    const report = await teardownLab(clients, labId).catch((error: Error) => ({ deleted: [], left: [{ id: labId, reason: `${error.name}: ${error.message}` }] }));
    await recordTeardown(userId, labId, { at: new Date().toISOString(), reason: "class-ended", className: klass.name, deleted: report.deleted, left: report.left });
    return { classId: klass.id, userId, labId, deleted: report.deleted.length, left: report.left.length };
  });
}

/** Tears down the labs of every class whose end has passed (one lab at a time: AWS throttles per account). */
export async function sweepEndedClasses(now = new Date()): Promise<ClassTeardownOutcome[]> {
  const db = await getDb();
  const ended = await db.select().from(classes).where(and(lte(classes.endsAt, now), isNull(classes.endedAt)));
  const outcomes: ClassTeardownOutcome[] = [];
  for (const klass of ended) {
    let busy = false;
    for (const student of await studentsOf(klass.id)) {
      for (const labId of klass.labIds) {
        const outcome = await tearDownStudentLab(klass, student.id, labId).catch((error: unknown) => {
          // The student is running Do it for me right now: the next sweep tries again.
          if (error instanceof LabRunInProgressError) busy = true;
          else throw error;
          return undefined;
        });
        if (outcome) outcomes.push(outcome);
      }
    }
    if (!busy) await db.update(classes).set({ endedAt: now }).where(eq(classes.id, klass.id));
    announceClassroomChange("", klass.id);
  }
  return outcomes;
}

/** Starts the sweep (server.ts); returns how to stop it. */
export function startEndOfClassTimer(): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const outcome of await sweepEndedClasses()) {
        console.log(`end of class ${outcome.classId}: ${outcome.labId} of ${outcome.userId}: ${outcome.deleted} removed, ${outcome.left} left`);
      }
    } catch (error) {
      console.error("end-of-class teardown failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), END_OF_CLASS_SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
