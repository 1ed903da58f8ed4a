import { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { boolean, date, integer, interval, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptDrizzleParsers, drizzleOverPglite } from "./pglite-drizzle";

const samples = pgTable("samples", {
  id: integer("id").primaryKey(),
  at: timestamp("at", { withTimezone: true, mode: "date" }),
  atText: timestamp("at_text", { withTimezone: true, mode: "string" }),
  local: timestamp("local", { mode: "date" }),
  day: date("day"),
  span: interval("span"),
  amounts: numeric("amounts").array(),
  moments: timestamp("moments", { mode: "string" }).array(),
  counts: integer("counts").array(),
  document: jsonb("document"),
  flag: boolean("flag"),
  note: text("note"),
});

const CREATE = `create table samples (id integer primary key, at timestamptz, at_text timestamptz, local timestamp, day date, span interval,
  amounts numeric[], moments timestamp[], counts integer[], document jsonb, flag boolean, note text)`;
const ROW = {
  id: 1,
  at: new Date("2026-12-05T04:30:00.123Z"),
  atText: "2026-12-05 04:30:00.123456+00",
  local: new Date("2026-12-05T04:30:00Z"),
  day: "2026-12-05",
  span: "1 day 02:03:04",
  amounts: ["1.50", "2"],
  moments: ["2026-12-05 04:30:00"],
  counts: [1, 2, 3],
  document: { vpc: "vpc-1", tags: [{ Key: "Name" }] },
  flag: true,
  note: "lab ü",
};

let plain: PGlite;
let adopted: PGlite;
const optionsSeen: { parsers?: unknown }[] = [];

beforeAll(async () => {
  [plain, adopted] = await Promise.all([PGlite.create(), PGlite.create()]);
  for (const client of [plain, adopted]) await client.exec(CREATE);
  adoptDrizzleParsers(adopted);
  const query = adopted.query.bind(adopted);
  adopted.query = ((text: string, params?: unknown[], options?: { parsers?: unknown }) => {
    optionsSeen.push(options ?? {});
    return query(text, params, options as never);
  }) as typeof adopted.query;
});
afterAll(async () => {
  await Promise.all([plain.close(), adopted.close()]);
});

describe("drizzle over the embedded database, with drizzle's parsers adopted once", () => {
  it("reads every kind of column as drizzle's own driver does, in and out of transactions, passing no parsers per query", async () => {
    const reference = drizzle(plain);
    const ours = drizzleOverPglite(adopted, {});
    const read = async (db: typeof reference) => {
      await db.insert(samples).values(ROW);
      const selected = await db.select().from(samples).where(eq(samples.id, 1));
      const inTransaction = await db.transaction(async (tx) => {
        await tx.update(samples).set({ note: "changed" }).where(eq(samples.id, 1));
        return tx.select().from(samples);
      });
      const raw = await db.execute(sql`select at, day, span, moments from samples`);
      return { selected, inTransaction, raw: raw.rows };
    };
    const expected = await read(reference);
    expect(await read(ours as unknown as typeof reference)).toEqual(expected);
    expect(expected.selected[0]).toMatchObject({ at: ROW.at, day: "2026-12-05", document: ROW.document, counts: [1, 2, 3] });
    expect(optionsSeen.length).toBeGreaterThanOrEqual(3);
    expect(optionsSeen.filter((options) => options.parsers !== undefined)).toEqual([]);
  });
});
