import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { currentDatabase, databaseKind, getDb } from "./client";
import { openFreshTestDatabase } from "./testing";

it("work a test leaves running after its database is disposed fails, and opens no database in the folder being removed", async () => {
  const first = await openFreshTestDatabase("pglite");
  const dataDir = process.env.VPCLAB_DATA_DIR!;
  await first.dispose();

  // A late activity flush, as a sandbox call still in flight when its test ended makes.
  await expect(getDb()).rejects.toThrow("the test database is closed: the test that opened it has ended");
  expect(fs.existsSync(path.join(dataDir, "db"))).toBe(false);

  // The next test opens its database as before.
  const second = await openFreshTestDatabase("pglite");
  const result = (await second.db.execute(sql`SELECT 1 AS one`)) as unknown as { rows: unknown[] };
  expect(result.rows).toEqual([{ one: 1 }]);
  await second.dispose();
});

it("work that was waiting for the database when its test disposed it fails on the closed database, not on a missing handle", async () => {
  const database = await openFreshTestDatabase("pglite");
  // Asked for before the dispose, answered after it (a fleet sync's lock, an activity flush).
  const waiting = [getDb(), databaseKind(), currentDatabase()].map((call) => call.then(() => "answered", (error: Error) => error.message));
  await database.dispose();
  for (const outcome of await Promise.all(waiting)) expect(outcome).not.toMatch(/undefined/);
});
