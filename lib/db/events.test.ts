import { sql } from "drizzle-orm";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, queryRows } from "./client";
import { listening, onBusReconnect, publish, subscribe, type EventOrigin } from "./events";
import { openFreshTestDatabase, testDatabaseKinds, type TestDatabase } from "./testing";

interface Seen {
  payload: { n: number; tag?: string };
  origin: EventOrigin;
}

function collect(channel: string): Seen[] {
  const seen: Seen[] = [];
  subscribe<Seen["payload"]>(channel, (payload, origin) => seen.push({ payload, origin }));
  return seen;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for events");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets any event still on its way arrive, so a test can assert that none more does. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.each(testDatabaseKinds())("event bus (%s)", (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openFreshTestDatabase(kind);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it("delivers this process's own events to its listeners exactly once and in order, identical payloads included", async () => {
    const seen = collect("bus-order");
    await listening();
    const sent = Array.from({ length: 100 }, (_, i) => publish("bus-order", { n: i % 10 === 0 ? 0 : i }));
    await Promise.all(sent);
    await until(() => seen.length >= 100);
    await settle();
    expect(seen.map((event) => event.payload.n)).toEqual(Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 0 : i)));
    expect(seen.every((event) => event.origin.local)).toBe(true);
  });

  it("opens no database for a subscription made while none is open (a module's import), and listens once one is opened", async () => {
    await database.dispose();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const seen = collect("bus-early");
      await settle();
      // Before, the subscription asked for a database at once: it opened the default one (or, refused, logged this).
      expect(errors.mock.calls.flat().map(String).filter((line) => line.includes("could not listen"))).toEqual([]);
      database = await openFreshTestDatabase(kind);
      for (let tries = 0; seen.length === 0 && tries < 50; tries++) {
        await publish("bus-early", { n: 1 });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      errors.mockRestore();
    }
  });

  it("delivers an event published in a transaction when it commits, and never when it rolls back", async () => {
    const seen = collect("bus-tx");
    await listening();
    const db = await getDb();
    await db.transaction(async (tx) => {
      await publish("bus-tx", { n: 1 }, { transaction: tx });
      await settle();
      expect(seen).toEqual([]);
    });
    await until(() => seen.length === 1);
    await db
      .transaction(async (tx) => {
        await publish("bus-tx", { n: 2 }, { transaction: tx });
        tx.rollback();
      })
      .catch(() => undefined);
    await publish("bus-tx", { n: 3 });
    await until(() => seen.length === 2);
    await settle();
    expect(seen.map((event) => event.payload.n)).toEqual([1, 3]);
  });

  it("refuses a payload over NOTIFY's 8000 bytes: events carry ids, not documents", async () => {
    await expect(publish("bus-big", { tag: "x".repeat(8000) }, { transaction: await getDb() })).rejects.toThrow("send ids, not documents");
  });

  it("stops calling a listener once unsubscribed", async () => {
    const seen: number[] = [];
    const unsubscribe = subscribe<{ n: number }>("bus-unsub", (payload) => seen.push(payload.n));
    await listening();
    await publish("bus-unsub", { n: 1 });
    await until(() => seen.length === 1);
    unsubscribe();
    await publish("bus-unsub", { n: 2 });
    await settle();
    expect(seen).toEqual([1]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("event bus across processes (postgres)", () => {
  let database: TestDatabase;
  let other: pg.Client;
  beforeEach(async () => {
    database = await openFreshTestDatabase("postgres");
    const [{ url }] = await queryRows<{ url: string }>("select current_database() as url", []);
    const server = new URL(process.env.TEST_DATABASE_URL!);
    server.pathname = `/${url}`;
    other = new pg.Client({ connectionString: server.toString() });
    await other.connect();
  });
  afterEach(async () => {
    await other.end();
    await database.dispose();
  });

  it("delivers another connection's events, marked as not local, and sends ours to it", async () => {
    const seen = collect("bus-cross");
    await listening();
    const received: string[] = [];
    other.on("notification", (message) => received.push(message.payload ?? ""));
    await other.query('LISTEN "bus-cross"');

    await other.query("select pg_notify('bus-cross', $1)", [JSON.stringify({ o: "another-process", n: 1, p: { n: 7 } })]);
    await publish("bus-cross", { n: 8 });
    await until(() => seen.length === 2 && received.length === 2);
    expect(seen).toEqual([
      { payload: { n: 7 }, origin: { local: false } },
      { payload: { n: 8 }, origin: { local: true } },
    ]);
    expect(JSON.parse(received[1]).p).toEqual({ n: 8 });
  });

  it("listens again when its connection is dropped, and tells who may have missed events", async () => {
    const seen = collect("bus-drop");
    let reconnects = 0;
    onBusReconnect(() => reconnects++);
    await listening();
    const listeners = await queryRows<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and query like 'LISTEN%'",
      [],
    );
    expect(listeners).toHaveLength(1);
    await other.query("select pg_terminate_backend($1)", [listeners[0].pid]);

    await until(() => reconnects === 1);
    await other.query("select pg_notify('bus-drop', $1)", [JSON.stringify({ o: "another-process", n: 1, p: { n: 1 } })]);
    await until(() => seen.length === 1);
    expect(seen[0].payload).toEqual({ n: 1 });
  });

  it("survives the database being swapped: listens on the new one", async () => {
    const seen = collect("bus-swap");
    await listening();
    await database.reopen();
    await listening();
    await (await getDb()).execute(sql`select pg_notify('bus-swap', ${JSON.stringify({ o: "x", n: 1, p: { n: 5 } })})`);
    await until(() => seen.length === 1);
    expect(seen[0].payload).toEqual({ n: 5 });
  });
});
