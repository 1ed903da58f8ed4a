/**
 * Classroom changes: a student's progress, check, hint or test was recorded, or a class's
 * membership changed. Class boards (`/api/classes/<id>/board`) listen and send their rows again.
 * This process's listeners hear a change at once; other app processes hear it through the event bus
 * (lib/db/events.ts), so a board served by one process follows progress recorded by another.
 * One emitter per process (server.ts and the Next bundle share it).
 */
import { EventEmitter } from "node:events";
import { publish, subscribe } from "@/lib/db/events";
import { processSingleton } from "@/lib/process-singleton";

export interface ClassroomChange {
  /** The student whose state changed. */
  userId: string;
  /** Set when the change is about one class only (a student removed, a consent changed). */
  classId?: string;
}

const CHANNEL = "classroom_change";

function emitter(): EventEmitter {
  return processSingleton("classroom-changes", () => {
    const local = new EventEmitter().setMaxListeners(0);
    subscribe<ClassroomChange>(CHANNEL, (change, origin) => {
      if (!origin.local) local.emit("change", change);
    });
    return local;
  });
}

export function announceClassroomChange(userId: string, classId?: string): void {
  const change: ClassroomChange = classId === undefined ? { userId } : { userId, classId };
  emitter().emit("change", change);
  publish(CHANNEL, change).catch((error: unknown) => console.error("classroom change not announced to other processes", error));
}

export function onClassroomChange(listener: (change: ClassroomChange) => void): () => void {
  emitter().on("change", listener);
  return () => emitter().off("change", listener);
}
