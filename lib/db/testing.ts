import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { closeDatabaseUntilReopened, getDb, replaceDatabase, type Db } from "./client";

export type TestDatabaseKind = "pglite" | "postgres";

/** The database kinds a test suite should run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** The environment variable naming the migrated PGlite dump the unit suite's global setup writes. */
export const PGLITE_TEMPLATE_ENV = "VPCLAB_TEST_PGLITE_TEMPLATE";

/** This process's embedded test database, on globalThis so that it outlives vi.resetModules between files. */
const workerPgliteKey = Symbol.for("vpc-lab.test-pglite");
type GlobalWithTestPglite = typeof globalThis & { [workerPgliteKey]?: Promise<PGlite> };

/**
 * A migrated embedded database in a folder of its own, removed when the process exits. It starts from
 * the migrated dump the unit suite's global setup writes (lib/db/pglite-template.setup.ts); without
 * one (a benchmark, the fuzzer) the migrations run.
 */
async function openMigratedPglite(): Promise<PGlite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-test-db-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = process.env[PGLITE_TEMPLATE_ENV];
  const template = file && fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined;
  const client = await PGlite.create(dir, template ? { loadDataDir: template } : {});
  await migrate(drizzle(client), { migrationsFolder: path.resolve("drizzle") });
  return client;
}

/**
 * One embedded database per test process (a vitest worker runs many files): opening one costs a few
 * seconds of CPU, emptying it a fraction of one.
 */
function workerPglite(): Promise<PGlite> {
  const g = globalThis as GlobalWithTestPglite;
  g[workerPgliteKey] ??= openMigratedPglite();
  return g[workerPgliteKey];
}

/** Empties every table of the schema, as a new database is (the migrations insert no rows). */
async function emptyAllTables(client: PGlite): Promise<void> {
  const { rows } = await client.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'");
  await client.exec(`TRUNCATE ${rows.map((row) => row.name).join(", ")} RESTART IDENTITY CASCADE`);
}

export interface TestDatabase {
  db: Db;
  /** Closes the process's handle and opens the same database again, as a restarted server does. */
  reopen: () => Promise<void>;
  dispose: () => Promise<void>;
}

/**
 * Opens a fresh, empty, migrated database of the given kind as this process's database (the
 * process's embedded database emptied, with a new data folder, or a new database on the
 * TEST_DATABASE_URL server).
 */
export async function openFreshTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const { open, drop } = kind === "pglite" ? await emptiedWorkerDatabase() : await newServerDatabase();
  await open();
  return {
    db: await getDb(),
    reopen: open,
    dispose: async () => {
      await closeDatabaseUntilReopened();
      await drop();
    },
  };
}

interface DatabaseToOpen {
  open: () => Promise<void>;
  drop: () => Promise<void>;
}

async function emptiedWorkerDatabase(): Promise<DatabaseToOpen> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-test-"));
  process.env.VPCLAB_DATA_DIR = dataDir;
  const pglite = await workerPglite();
  await emptyAllTables(pglite);
  return {
    open: () => replaceDatabase("", { pglite }),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function newServerDatabase(): Promise<DatabaseToOpen> {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `vpclab_test_${crypto.randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    open: () => replaceDatabase(url.toString()),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(statement);
  await admin.end();
}

/** The migration files, in the order they apply (migration tests build a database as an earlier version left it). */
export function migrationFiles(): string[] {
  return fs.readdirSync(path.join(process.cwd(), "drizzle")).filter((file) => /^\d{4}_.*\.sql$/.test(file)).sort();
}

/** Applies one migration file to a raw embedded database, statement by statement, as drizzle's migrator does. */
export async function applyMigrationFile(db: PGlite, file: string): Promise<void> {
  for (const statement of fs.readFileSync(path.join(process.cwd(), "drizzle", file), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) await db.exec(statement);
  }
}
