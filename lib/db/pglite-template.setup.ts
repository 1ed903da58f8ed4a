/**
 * Vitest global setup: migrates one in-memory PGlite database and dumps it to a file, so each test
 * file's fresh database loads that dump (about a second) instead of running initdb and the
 * migrations again (several seconds each, the larger part of the unit suite's set-up).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { PGLITE_TEMPLATE_ENV } from "./testing";

export default async function setup(): Promise<() => void> {
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder: path.resolve("drizzle") });
  const dump = await client.dumpDataDir("none");
  await client.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-pglite-template-"));
  const file = path.join(dir, "migrated.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[PGLITE_TEMPLATE_ENV] = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
