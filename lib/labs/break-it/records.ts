/**
 * Break it's records: which fault was applied to whose lab, by whom and when, when it was fixed,
 * how long that took, and how often the student asked where it breaks. A reset or teardown of the
 * lab closes its open fault.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, selectPrepared } from "@/lib/db/client";
import { type LabFaultChange, labFaults } from "@/lib/db/schema";

export type LabFaultRow = typeof labFaults.$inferSelect;

export interface NewLabFault {
  userId: string;
  labId: string;
  faultId: string;
  appliedBy: string;
  appliedAt?: Date;
  change: LabFaultChange;
}

/** One statement for any number of students (an instructor's class at once). */
export async function recordFaults(faults: NewLabFault[]): Promise<LabFaultRow[]> {
  if (!faults.length) return [];
  const db = await getDb();
  return db.insert(labFaults).values(faults).returning();
}

/** Read by every check of the lab. */
export async function openFaultOf(userId: string, labId: string): Promise<LabFaultRow | undefined> {
  const [row] = await selectPrepared("open-fault", labFaults, "user_id = $1 AND lab_id = $2 AND closed_at IS NULL", [userId, labId]);
  return row;
}

/** Open faults of many students of one lab, by user id. */
export async function openFaultsOf(userIds: string[], labId: string): Promise<Map<string, LabFaultRow>> {
  if (!userIds.length) return new Map();
  const db = await getDb();
  const rows = await db.select().from(labFaults).where(and(inArray(labFaults.userId, userIds), eq(labFaults.labId, labId), isNull(labFaults.closedAt)));
  return new Map(rows.map((row) => [row.userId, row]));
}

/** The newest fault of the lab, open or not: what the console shows after a fix. */
export async function latestFaultOf(userId: string, labId: string): Promise<LabFaultRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(labFaults).where(and(eq(labFaults.userId, userId), eq(labFaults.labId, labId))).orderBy(desc(labFaults.appliedAt), desc(labFaults.id)).limit(1);
  return row;
}

export async function markFixed(id: number, at = new Date()): Promise<LabFaultRow | undefined> {
  const db = await getDb();
  const [row] = await db.update(labFaults).set({ fixedAt: at, closedAt: at, closedBy: "fixed" }).where(and(eq(labFaults.id, id), isNull(labFaults.closedAt))).returning();
  return row;
}

export async function countHelpRequest(id: number): Promise<LabFaultRow | undefined> {
  const db = await getDb();
  const [row] = await db.update(labFaults).set({ helpRequests: sql`${labFaults.helpRequests} + 1` }).where(eq(labFaults.id, id)).returning();
  return row;
}

/** A reset or teardown ends the challenge: what it broke is rebuilt or gone. */
export async function closeOpenFaults(userId: string, labId: string, by: "reset" | "teardown"): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(labFaults)
    .set({ closedAt: new Date(), closedBy: by })
    .where(and(eq(labFaults.userId, userId), eq(labFaults.labId, labId), isNull(labFaults.closedAt)))
    .returning({ id: labFaults.id });
  return rows.length;
}

/** Seconds from the fault to the fix. */
export function secondsToFix(row: Pick<LabFaultRow, "appliedAt" | "fixedAt">): number | undefined {
  return row.fixedAt ? Math.round((row.fixedAt.getTime() - row.appliedAt.getTime()) / 1000) : undefined;
}
