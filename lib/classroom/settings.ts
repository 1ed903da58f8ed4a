import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { classes } from "@/lib/db/schema";
import { requireClassInstructor } from "./classes";
import { announceClassroomChange } from "./events";

export interface ClassSettings {
  labIds: string[];
  hintsEnabled: boolean;
  stuckMinutes: number;
  stuckFailedChecks: number;
  endsAt?: Date;
}

/** An instructor of the class changes its labs, hints, stuck rule or end (a new end re-arms the teardown). */
export async function updateClassSettings(instructorId: string, classId: string, settings: ClassSettings): Promise<void> {
  await requireClassInstructor(instructorId, classId);
  const db = await getDb();
  await db
    .update(classes)
    .set({ ...settings, endsAt: settings.endsAt ?? null, endedAt: null })
    .where(eq(classes.id, classId));
  announceClassroomChange("", classId);
}
