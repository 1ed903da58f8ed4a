import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { dataDir } from "@/lib/config";
import { databaseKind, getDb } from "@/lib/db/client";
import { sharedSecrets } from "@/lib/db/schema";

function secretFile(): string {
  return path.join(/*turbopackIgnore: true*/ dataDir(), "auth-secret");
}

function fileSecret(): string | undefined {
  const file = secretFile();
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

function newSecret(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/**
 * Makes sure AUTH_SECRET is set: taken from the environment when given, else read from
 * (or generated once into) the data folder, which git ignores.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  let secret = fileSecret();
  if (!secret) {
    fs.mkdirSync(dataDir(), { recursive: true });
    secret = newSecret();
    fs.writeFileSync(secretFile(), secret + "\n", { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}

/**
 * As ensureAuthSecret, but on PostgreSQL the secret is the database's: every app process on it signs
 * and accepts the same session cookies, whatever its data folder. The first process to start stores
 * its data folder's secret when it has one (a single server moved to several signs nobody out), else
 * a new one; the others read it.
 */
export async function ensureSharedAuthSecret(): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if ((await databaseKind()) === "pglite") return ensureAuthSecret();
  const db = await getDb();
  await db.insert(sharedSecrets).values({ name: "auth-secret", value: fileSecret() ?? newSecret() }).onConflictDoNothing();
  const [stored] = await db.select({ value: sharedSecrets.value }).from(sharedSecrets).where(eq(sharedSecrets.name, "auth-secret"));
  process.env.AUTH_SECRET = stored.value;
  return stored.value;
}
