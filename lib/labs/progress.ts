import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { labProgress } from "@/lib/db/schema";
import { LABS } from "./catalog";

export interface LabProgressSummary {
  labId: string;
  completedSteps: string[];
  updatedAt: Date;
}

/** Each lab's progress for one user; labs never started are absent. */
export async function progressByLab(userId: string): Promise<Map<string, LabProgressSummary>> {
  const db = await getDb();
  const rows = await db.select().from(labProgress).where(eq(labProgress.userId, userId));
  const known = new Set(LABS.map((lab) => lab.id as string));
  return new Map(
    rows
      .filter((row) => known.has(row.labId))
      .map((row) => [row.labId, { labId: row.labId, completedSteps: row.completedSteps, updatedAt: row.updatedAt }]),
  );
}
