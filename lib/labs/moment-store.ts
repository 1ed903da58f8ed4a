/**
 * Moments kept per user and lab run (table `lab_moments`): captured by every check as the student
 * meets them, pinned by the student from a terminal or a test, dropped or moved by the student.
 * Capture is idempotent: one row per (run, key), inserted only if absent; a dropped moment keeps its
 * row so the next check does not bring it back.
 */
import { and, asc, desc, eq, getTableColumns, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { labMoments } from "@/lib/db/schema";
import type { LabSnapshot } from "@/lib/analysis";
import { renderLabDiagram } from "./diagram-image";
import { detectMoments, type DetectedMoment } from "./moments";
import { findLabRun } from "./runs";
import type { LabDefinition, LabId, StepContext } from "./steps";
import { sectionOfMoment } from "./writeup-sections";

export interface StoredMoment {
  id: number;
  runId: string;
  key: string;
  kind: string;
  sectionId: string;
  title: string;
  happenedAt: Date;
  position: number;
  detail: string;
  command: string | null;
  output: string;
  diagramSvg: string;
  pinned: boolean;
}

/** The run moments belong to; before the lab was ever opened, one run from the beginning of time. */
async function currentRun(userId: string, labId: string): Promise<{ runId: string; startedAt: Date }> {
  const run = await findLabRun(userId, labId);
  return run ? { runId: run.runId, startedAt: run.startedAt } : { runId: "run-initial", startedAt: new Date(0) };
}

async function storedKeys(userId: string, labId: string, runId: string): Promise<Set<string>> {
  const db = await getDb();
  const rows = await db.select({ key: labMoments.key }).from(labMoments).where(and(eq(labMoments.userId, userId), eq(labMoments.labId, labId), eq(labMoments.runId, runId)));
  return new Set(rows.map((row) => row.key));
}

async function diagramAt(labId: LabId, snapshot: LabSnapshot, moment: Pick<DetectedMoment, "highlight" | "title" | "at">): Promise<string> {
  const { body } = await renderLabDiagram(snapshot, { labId, format: "svg", highlight: moment.highlight, testCaption: moment.title, at: moment.at });
  return body.toString("utf8");
}

interface NewMoment {
  key: string;
  /** Where the write-up shows it; by default the section of its kind or step. */
  sectionId?: string;
  kind: string;
  stepId: string;
  title: string;
  at: Date;
  command?: string | null;
  output: string;
  detail: string;
  diagramSvg: string;
  pinned: boolean;
}

/** Inserts the moment at the end of the run's order, unless the run already has its key. */
async function insertMoment(userId: string, labId: LabId, runId: string, moment: NewMoment): Promise<boolean> {
  const db = await getDb();
  const nextPosition = sql<number>`(select coalesce(max(${labMoments.position}), 0) + 1 from ${labMoments} where ${labMoments.userId} = ${userId} and ${labMoments.labId} = ${labId} and ${labMoments.runId} = ${runId})`;
  const inserted = await db
    .insert(labMoments)
    .values({
      userId,
      labId,
      runId,
      key: moment.key,
      kind: moment.kind,
      sectionId: moment.sectionId ?? sectionOfMoment(labId, moment.kind, moment.stepId),
      title: moment.title,
      happenedAt: moment.at,
      position: nextPosition,
      detail: moment.detail,
      command: moment.command ?? null,
      output: moment.output,
      diagramSvg: moment.diagramSvg,
      pinned: moment.pinned,
    })
    .onConflictDoNothing()
    .returning({ id: labMoments.id });
  return inserted.length > 0;
}

/**
 * Stores the moments this check sees that the run does not have yet, each with the diagram drawn
 * now (the check runs as the console sees the change, so "now" is the moment). Returns the new keys.
 */
export async function captureMoments(userId: string, lab: LabDefinition, context: StepContext, now = new Date()): Promise<string[]> {
  const { runId, startedAt } = await currentRun(userId, lab.id);
  const detected = detectMoments(lab, context, startedAt.getTime(), now);
  // Most checks find none (a reset's new run has none yet): no need to ask which the run has.
  const known = detected.length ? await storedKeys(userId, lab.id, runId) : new Set<string>();
  const fresh = detected.filter((moment) => !known.has(moment.key));
  const added: string[] = [];
  for (const moment of fresh) {
    const diagramSvg = await diagramAt(lab.id, context.snapshot, moment);
    if (await insertMoment(userId, lab.id, runId, { ...moment, diagramSvg, pinned: false })) added.push(moment.key);
  }
  return added;
}

export interface PinnedOutput {
  title: string;
  stepId: string;
  command?: string;
  output: string;
  detail?: string;
}

/** The student pins a terminal output or a test result: a moment of its own, with the diagram now. */
export async function pinMoment(userId: string, labId: LabId, snapshot: LabSnapshot, pinned: PinnedOutput, now = new Date()): Promise<void> {
  const { runId } = await currentRun(userId, labId);
  const diagramSvg = await diagramAt(labId, snapshot, { title: pinned.title, at: now });
  const key = `pinned-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`;
  await insertMoment(userId, labId, runId, { key, kind: "pinned", stepId: pinned.stepId, title: pinned.title, at: now, command: pinned.command, output: pinned.output, detail: pinned.detail ?? "", diagramSvg, pinned: true });
}

const visible = (userId: string, labId: string) => and(eq(labMoments.userId, userId), eq(labMoments.labId, labId), isNull(labMoments.droppedAt));

/**
 * The run the write-up follows: the latest that has any moment (a teardown starts a new run, and
 * the write-up keeps the finished one's until the new run has moments of its own).
 */
async function shownRunId(userId: string, labId: string): Promise<string | undefined> {
  const db = await getDb();
  const [latest] = await db.select({ runId: labMoments.runId }).from(labMoments).where(visible(userId, labId)).orderBy(desc(labMoments.id)).limit(1);
  return latest?.runId;
}

type MomentRow = typeof labMoments.$inferSelect;

function withoutDiagram(row: Omit<MomentRow, "diagramSvg">): Omit<StoredMoment, "diagramSvg"> {
  return {
    id: row.id,
    runId: row.runId,
    key: row.key,
    kind: row.kind,
    sectionId: row.sectionId,
    title: row.title,
    happenedAt: row.happenedAt,
    position: row.position,
    detail: row.detail,
    command: row.command,
    output: row.output,
    pinned: row.pinned,
  };
}

/** The moments the write-up shows: those of the run it follows, in the student's order. */
export async function loadMoments(userId: string, labId: string): Promise<StoredMoment[]> {
  const runId = await shownRunId(userId, labId);
  if (!runId) return [];
  const db = await getDb();
  const rows = await db
    .select()
    .from(labMoments)
    .where(and(visible(userId, labId), eq(labMoments.runId, runId)))
    .orderBy(asc(labMoments.position), asc(labMoments.happenedAt), asc(labMoments.id));
  return rows.map((row) => ({ ...withoutDiagram(row), diagramSvg: row.diagramSvg }));
}

/** Every column but the SVG: the list shows titles, and each picture is fetched only when opened. */
function columnsWithoutDiagram() {
  const { diagramSvg, ...columns } = getTableColumns(labMoments);
  void diagramSvg;
  return columns;
}

/** A moment of an earlier run, listed under the write-up; its diagram is served on its own. */
export type EarlierMoment = Omit<StoredMoment, "diagramSvg">;

/** Brought back into the run the write-up follows under this key, so bringing it twice keeps one copy. */
const broughtBackKey = (id: number) => `earlier-${id}`;

/**
 * Moments of runs before the one the write-up follows (a reset or a teardown started a new run),
 * newest first: not in the write-up, but not lost either; those already brought back are left out.
 */
export async function loadEarlierMoments(userId: string, labId: string): Promise<EarlierMoment[]> {
  const runId = await shownRunId(userId, labId);
  if (!runId) return [];
  const db = await getDb();
  const columns = columnsWithoutDiagram();
  const [rows, shown] = await Promise.all([
    db
      .select(columns)
      .from(labMoments)
      .where(and(visible(userId, labId), ne(labMoments.runId, runId)))
      .orderBy(desc(labMoments.happenedAt), desc(labMoments.id)),
    storedKeys(userId, labId, runId),
  ]);
  return rows.filter((row) => !shown.has(broughtBackKey(row.id))).map(withoutDiagram);
}

/**
 * Copies a moment of an earlier run into the run the write-up follows, as a pinned moment in its
 * section with its diagram and output as they were. False when the user has no such earlier moment.
 */
export async function bringBackMoment(userId: string, labId: LabId, id: number): Promise<boolean> {
  const earlier = (await loadEarlierMoments(userId, labId)).find((moment) => moment.id === id);
  const runId = await shownRunId(userId, labId);
  if (!earlier || !runId) return false;
  const diagramSvg = await loadMomentDiagram(userId, labId, id);
  if (diagramSvg === undefined) return false;
  return insertMoment(userId, labId, runId, {
    key: broughtBackKey(id),
    kind: earlier.kind,
    stepId: "",
    sectionId: earlier.sectionId,
    title: earlier.title,
    at: earlier.happenedAt,
    command: earlier.command,
    output: earlier.output,
    detail: earlier.detail,
    diagramSvg,
    pinned: true,
  });
}

/** The diagram of one of the user's moments, of whichever run (the write-up's pictures and its "Earlier runs" list). */
export async function loadMomentDiagram(userId: string, labId: string, id: number): Promise<string | undefined> {
  const db = await getDb();
  const [row] = await db.select({ diagramSvg: labMoments.diagramSvg }).from(labMoments).where(and(visible(userId, labId), eq(labMoments.id, id)));
  return row?.diagramSvg;
}

/** Drops a moment from the write-up; false when the user has no such moment. */
export async function dropMoment(userId: string, labId: string, id: number): Promise<boolean> {
  const db = await getDb();
  const updated = await db.update(labMoments).set({ droppedAt: new Date() }).where(and(visible(userId, labId), eq(labMoments.id, id))).returning({ id: labMoments.id });
  return updated.length > 0;
}

/** Moves a moment one place earlier or later among the moments the write-up shows; false when it cannot. */
export async function moveMoment(userId: string, labId: string, id: number, direction: "up" | "down"): Promise<boolean> {
  const moments = await loadMoments(userId, labId);
  const index = moments.findIndex((moment) => moment.id === id);
  const other = index < 0 ? -1 : direction === "up" ? index - 1 : index + 1;
  if (index < 0 || other < 0 || other >= moments.length) return false;
  const order = moments.map((moment) => moment.id);
  [order[index], order[other]] = [order[other], order[index]];
  const db = await getDb();
  await db.transaction(async (tx) => {
    for (const [position, momentId] of order.entries()) {
      await tx.update(labMoments).set({ position: position + 1 }).where(and(eq(labMoments.userId, userId), eq(labMoments.id, momentId)));
    }
  });
  return true;
}
