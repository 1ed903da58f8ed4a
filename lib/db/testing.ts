import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closeDatabase, getDb, openDatabase, type Db } from "./client";

export type TestDatabaseKind = "pglite" | "postgres";

/** The database kinds a test suite should run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** The environment variable naming the migrated PGlite dump the unit suite's global setup writes. */
export const PGLITE_TEMPLATE_ENV = "VPCLAB_TEST_PGLITE_TEMPLATE";

let template: { file: string; blob: Blob } | undefined;

/** The migrated dump made once per test run (lib/db/pglite-template.setup.ts), read once per process. */
function pgliteTemplate(): Blob | undefined {
  const file = process.env[PGLITE_TEMPLATE_ENV];
  if (!file || !fs.existsSync(file)) return undefined;
  if (template?.file !== file) template = { file, blob: new Blob([fs.readFileSync(file)]) };
  return template.blob;
}

/**
 * Opens a fresh, empty, migrated database of the given kind as this process's database
 * (a temporary PGlite folder, or a new database on the TEST_DATABASE_URL server).
 */
export async function openFreshTestDatabase(kind: TestDatabaseKind): Promise<{ db: Db; dispose: () => Promise<void> }> {
  await closeDatabase();
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-test-"));
    process.env.VPCLAB_DATA_DIR = dir;
    await openDatabase("", { pgliteTemplate: pgliteTemplate() });
    return {
      db: await getDb(),
      dispose: async () => {
        await closeDatabase();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `vpclab_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await openDatabase(url.toString());
  return {
    db: await getDb(),
    dispose: async () => {
      await closeDatabase();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
