/**
 * Classes: an instructor creates one (labs, hints, when a student counts as stuck, an optional end),
 * students join with its code, several instructors may run it. Every read of a class's people or
 * progress goes through `requireClassInstructor`: an instructor sees only the classes they teach,
 * a student never sees a board.
 */
import crypto from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ForbiddenError } from "@/lib/auth/session";
import type { User } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { classes, classInstructors, classStudents, users } from "@/lib/db/schema";
import { announceClassroomChange } from "./events";

export type ClassRow = typeof classes.$inferSelect;

/** A refusal the class pages show as it is, with a code in the console's style. */
export class ClassroomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No 0/O, 1/I/L: a code read off a projector is typed without guessing. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;

export function newJoinCode(): string {
  const bytes = crypto.randomBytes(JOIN_CODE_LENGTH);
  return Array.from(bytes, (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join("");
}

/** What students type: case, spaces and dashes do not matter. */
export function normalizeJoinCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

export interface NewClass {
  name: string;
  labIds: string[];
  hintsEnabled: boolean;
  stuckMinutes: number;
  stuckFailedChecks: number;
  endsAt?: Date;
}

export async function createClass(instructor: Pick<User, "id" | "role">, input: NewClass): Promise<ClassRow> {
  if (instructor.role !== "instructor") throw new ForbiddenError("Only instructors can create a class.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(classes)
      .values({ id: crypto.randomUUID(), joinCode: newJoinCode(), ...input, name: input.name.trim(), endsAt: input.endsAt ?? null })
      .returning();
    await tx.insert(classInstructors).values({ classId: created.id, userId: instructor.id });
    return created;
  });
}

export async function findClass(classId: string): Promise<ClassRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(classes).where(eq(classes.id, classId));
  return row;
}

/** The class, when `userId` is one of its instructors; otherwise a refusal that does not say whether it exists. */
export async function requireClassInstructor(userId: string, classId: string): Promise<ClassRow> {
  const db = await getDb();
  const [row] = await db
    .select({ class: classes })
    .from(classes)
    .innerJoin(classInstructors, and(eq(classInstructors.classId, classes.id), eq(classInstructors.userId, userId)))
    .where(eq(classes.id, classId));
  if (!row) throw new ForbiddenError("Only this class's instructors can see it.");
  return row.class;
}

/** The class and the student, when `instructorId` teaches a class `studentId` is in. */
export async function requireStudentOfMyClass(instructorId: string, classId: string, studentId: string): Promise<{ klass: ClassRow; student: User }> {
  const klass = await requireClassInstructor(instructorId, classId);
  const db = await getDb();
  const [row] = await db
    .select({ student: users })
    .from(classStudents)
    .innerJoin(users, eq(users.id, classStudents.userId))
    .where(and(eq(classStudents.classId, classId), eq(classStudents.userId, studentId)));
  if (!row) throw new ForbiddenError("This student is not in your class.");
  return { klass, student: row.student };
}

export async function classesTaughtBy(userId: string): Promise<ClassRow[]> {
  const db = await getDb();
  const rows = await db
    .select({ class: classes })
    .from(classes)
    .innerJoin(classInstructors, eq(classInstructors.classId, classes.id))
    .where(eq(classInstructors.userId, userId))
    .orderBy(classes.createdAt);
  return rows.map((row) => row.class);
}

export interface Membership {
  klass: ClassRow;
  projectorConsent: boolean;
}

export async function classesJoinedBy(userId: string): Promise<Membership[]> {
  const db = await getDb();
  const rows = await db
    .select({ class: classes, projectorConsent: classStudents.projectorConsent })
    .from(classes)
    .innerJoin(classStudents, eq(classStudents.classId, classes.id))
    .where(eq(classStudents.userId, userId))
    .orderBy(classes.createdAt);
  return rows.map((row) => ({ klass: row.class, projectorConsent: row.projectorConsent }));
}

/** Joins the class the code names (again is fine); an ended class takes no one. */
export async function joinClass(user: Pick<User, "id">, code: string): Promise<ClassRow> {
  const db = await getDb();
  const [klass] = await db.select().from(classes).where(eq(classes.joinCode, normalizeJoinCode(code)));
  if (!klass) throw new ClassroomError("InvalidJoinCode", "No class has this join code. Check it with your instructor.");
  if (klass.endedAt || (klass.endsAt && klass.endsAt <= new Date())) throw new ClassroomError("ClassEnded", `${klass.name} has ended.`);
  await db.insert(classStudents).values({ classId: klass.id, userId: user.id }).onConflictDoNothing();
  announceClassroomChange(user.id, klass.id);
  return klass;
}

export async function removeStudent(instructorId: string, classId: string, studentId: string): Promise<void> {
  await requireClassInstructor(instructorId, classId);
  const db = await getDb();
  await db.delete(classStudents).where(and(eq(classStudents.classId, classId), eq(classStudents.userId, studentId)));
  announceClassroomChange(studentId, classId);
}

/** Another instructor (an instructor account, by email) runs the class too. */
export async function addInstructor(instructorId: string, classId: string, email: string): Promise<User> {
  await requireClassInstructor(instructorId, classId);
  const db = await getDb();
  const [colleague] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  if (!colleague || colleague.role !== "instructor") {
    throw new ClassroomError("NotAnInstructor", "No instructor account has this email. An instructor can promote a student on the People page first.");
  }
  await db.insert(classInstructors).values({ classId, userId: colleague.id }).onConflictDoNothing();
  return colleague;
}

export async function instructorsOf(classId: string): Promise<Array<Pick<User, "id" | "name" | "email">>> {
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(classInstructors)
    .innerJoin(users, eq(users.id, classInstructors.userId))
    .where(eq(classInstructors.classId, classId));
}

export interface ClassStudent {
  id: string;
  name: string;
  email: string;
  joinedAt: Date;
  projectorConsent: boolean;
}

export async function studentsOf(classId: string): Promise<ClassStudent[]> {
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, email: users.email, joinedAt: classStudents.joinedAt, projectorConsent: classStudents.projectorConsent })
    .from(classStudents)
    .innerJoin(users, eq(users.id, classStudents.userId))
    .where(eq(classStudents.classId, classId));
}

export async function setProjectorConsent(studentId: string, classId: string, consent: boolean): Promise<void> {
  const db = await getDb();
  await db
    .update(classStudents)
    .set({ projectorConsent: consent })
    .where(and(eq(classStudents.classId, classId), eq(classStudents.userId, studentId)));
  announceClassroomChange(studentId, classId);
}

/** The steps' hints are hidden when a class the student is in runs this lab with hints off. */
export async function hintsAllowed(userId: string, labId: string): Promise<boolean> {
  const joined = await classesJoinedBy(userId);
  return !joined.some(({ klass }) => !klass.endedAt && !klass.hintsEnabled && klass.labIds.includes(labId));
}

/** The classes each student is in, for announcing a student's change to the boards that show them. */
export async function classIdsOfStudents(userIds: string[]): Promise<Map<string, string[]>> {
  if (!userIds.length) return new Map();
  const db = await getDb();
  const rows = await db.select().from(classStudents).where(inArray(classStudents.userId, userIds));
  const byUser = new Map<string, string[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.classId]);
  return byUser;
}
