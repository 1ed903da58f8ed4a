import "server-only";
import crypto from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { getDb, selectPrepared } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { hashPassword } from "./passwords";

export type Role = "instructor" | "student";
export type User = typeof users.$inferSelect;

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists. Sign in instead.");
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  return user;
}

/** Read on every signed-in request. */
export async function findUserById(id: string): Promise<User | undefined> {
  const [user] = await selectPrepared("user-by-id", users, "id = $1", [id]);
  return user;
}

export async function findUserByGithubId(githubId: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.githubId, githubId));
  return user;
}

interface NewUser {
  email: string;
  name: string;
  password?: string;
  githubId?: string;
}

/**
 * Creates an account. The first account of a fresh database is an instructor, every later one a
 * student; the table lock makes two simultaneous first sign-ups agree on who was first.
 */
export async function createUser(input: NewUser): Promise<User> {
  const db = await getDb();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
      const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
      const [user] = await tx
        .insert(users)
        .values({
          id: crypto.randomUUID(),
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          passwordHash,
          githubId: input.githubId ?? null,
          role: count === 0 ? "instructor" : "student",
        })
        .returning();
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError();
    throw error;
  }
}

/** Stores a new hash of the user's password (a sign-in that verified a hash of an older scheme). */
export async function rehashPassword(userId: string, password: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}

export async function linkGithubAccount(userId: string, githubId: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ githubId }).where(eq(users.id, userId));
}

export async function listUsers(): Promise<User[]> {
  const db = await getDb();
  return db.select().from(users).orderBy(asc(users.createdAt));
}

export async function setUserRole(userId: string, role: Role): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.update(users).set({ role }).where(eq(users.id, userId)).returning();
  return user;
}

export async function countUsers(): Promise<number> {
  const db = await getDb();
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return count;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === "23505") return true;
  }
  return false;
}
