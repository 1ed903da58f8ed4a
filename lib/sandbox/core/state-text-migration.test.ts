/**
 * The change of sandbox_state.document from json to text (drizzle/0016): a database written
 * before it keeps every account's state, character for character, as the store reads it.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrationFile as apply, migrationFiles } from "@/lib/db/testing";

const migrations = migrationFiles();

const db = new PGlite();
afterAll(() => db.close());

describe("migration 0016: sandbox state documents are stored as text", () => {
  it("keeps a state written as json, and the version the store checks its writes against", async () => {
    const split = migrations.findIndex((file) => file.startsWith("0016_"));
    expect(split).toBeGreaterThan(0);
    for (const file of migrations.slice(0, split)) await apply(db, file);
    await db.exec(`insert into users (id, email, name, role) values ('u1', 'a@example.com', 'A', 'student');
      insert into sandbox_accounts (account_id, user_id) values ('111122223333', 'u1')`);
    const written = JSON.stringify({ vpcs: { "vpc-0123456789abcdef0": { cidrBlock: "10.1.0.0/16", tags: [{ key: "Name", value: "Lab 1 ✓" }] } }, nextId: 7 });
    await db.query("insert into sandbox_state (account_id, service, document, version) values ($1, $2, $3::json, 5)", ["111122223333", "ec2:us-east-1", written]);

    for (const file of migrations.slice(split)) await apply(db, file);

    const rows = await db.query<{ json: string; version: number }>("select document as json, version from sandbox_state where account_id = '111122223333'");
    expect(rows.rows).toEqual([{ json: written, version: 5 }]);
  }, 120_000); // every migration on a fresh PGlite: slow on a loaded machine
});
