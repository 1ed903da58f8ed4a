import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

/**
 * Makes sure AUTH_SECRET is set: taken from the environment when given, else read from
 * (or generated once into) the data folder, which git ignores.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(/*turbopackIgnore: true*/ dataDir(), "auth-secret");
  let secret: string;
  if (fs.existsSync(file)) {
    secret = fs.readFileSync(file, "utf8").trim();
  } else {
    fs.mkdirSync(dataDir(), { recursive: true });
    secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}
