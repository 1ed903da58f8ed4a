/**
 * The move of Run Command history out of the SSM state document (drizzle/0005): a database
 * written before it keeps its commands, in order, and its fleet.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrationFile as apply, migrationFiles } from "@/lib/db/testing";

const migrations = migrationFiles();

const db = new PGlite();
afterAll(() => db.close());

describe("migration 0005: SSM commands get rows of their own", () => {
  it("moves each account's commands in order and leaves the fleet in the state document", async () => {
    const split = migrations.findIndex((file) => file.startsWith("0005_"));
    for (const file of migrations.slice(0, split)) await apply(db, file);
    await db.exec(`insert into users (id, email, name, role) values ('u1', 'a@example.com', 'A', 'student');
      insert into sandbox_accounts (account_id, user_id) values ('111122223333', 'u1')`);
    const command = (id: string, requestedAt: number) => ({ id, requestedAt, documentName: "AWS-RunShellScript", invocations: [] });
    const fleet = { "i-0123456789abcdef0": { state: "running", privateIp: "10.1.0.10" } };
    const old = { commands: [command("c-older", 1000), command("c-newer", 1000)], fleet };
    await db.query("insert into sandbox_state (account_id, service, document) values ($1, $2, $3::json)", ["111122223333", "ssm:us-east-1", JSON.stringify(old)]);

    for (const file of migrations.slice(split)) await apply(db, file);

    const rows = await db.query<{ command_id: string; region: string; document: { requestedAt: number } }>(
      "select command_id, region, document from sandbox_ssm_commands order by sequence desc",
    );
    expect(rows.rows.map((row) => [row.command_id, row.region, row.document.requestedAt])).toEqual([
      ["c-newer", "us-east-1", 1000],
      ["c-older", "us-east-1", 1000],
    ]);
    const state = await db.query<{ document: unknown; version: number }>("select document::json as document, version from sandbox_state where service = 'ssm:us-east-1'");
    expect(state.rows[0]).toEqual({ document: { fleet }, version: 2 });
  });
});
