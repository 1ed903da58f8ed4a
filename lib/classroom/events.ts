/**
 * Classroom changes inside the server's process: a student's progress, check, hint or test was
 * recorded, or a class's membership changed. Class boards (`/api/classes/<id>/board`) listen and
 * send their rows again. One emitter per process (server.ts and the Next bundle share it).
 */
import { EventEmitter } from "node:events";
import { processSingleton } from "@/lib/process-singleton";

export interface ClassroomChange {
  /** The student whose state changed. */
  userId: string;
  /** Set when the change is about one class only (a student removed, a consent changed). */
  classId?: string;
}

function emitter(): EventEmitter {
  return processSingleton("classroom-changes", () => new EventEmitter().setMaxListeners(0));
}

export function announceClassroomChange(userId: string, classId?: string): void {
  emitter().emit("change", { userId, classId } satisfies ClassroomChange);
}

export function onClassroomChange(listener: (change: ClassroomChange) => void): () => void {
  emitter().on("change", listener);
  return () => emitter().off("change", listener);
}
