import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "./migrate-postgres";
import { migrationFiles } from "./testing";

const serverUrl = process.env.TEST_DATABASE_URL;

async function onServer(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(statement);
  await admin.end();
}

describe.skipIf(!serverUrl)("migrations when several app processes start together on one PostgreSQL", () => {
  const name = `vpclab_test_${crypto.randomBytes(6).toString("hex")}`;
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    await onServer(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    for (let i = 0; i < 4; i++) pools.push(new pg.Pool({ connectionString: url.toString(), max: 2 }));
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("every process starts, and each migration is applied once", async () => {
    const folder = path.join(process.cwd(), "drizzle");
    await Promise.all(pools.map((pool) => migratePostgres(pool, folder)));
    const applied = await pools[0].query<{ count: string }>("SELECT count(*) FROM drizzle.__drizzle_migrations");
    expect(Number(applied.rows[0].count)).toBe(migrationFiles().length);
  });
});
