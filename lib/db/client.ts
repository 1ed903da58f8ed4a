import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { getTableColumns, getTableName } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { prepareValue } from "pg/lib/utils";
import { serialize } from "pg-protocol";
import { dataDir } from "@/lib/config";
import { migratePostgres } from "./migrate-postgres";
import { adoptDrizzleParsers, drizzleOverPglite } from "./pglite-drizzle";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The one raw database handle of this process: PGlite holds its folder with one handle only. */
export type Handle = { kind: "pglite"; client: PGlite } | { kind: "postgres"; client: pg.Pool };

/**
 * owned: closeDatabase closes the handle (false for a PGlite lent by the caller, see OpenOptions.pglite).
 * closing: what must end with the handle (the event bus's LISTEN connection), run before it closes.
 */
type Opened = { handle: Handle; ready: Promise<void>; owned: boolean; closing?: Set<() => Promise<void>> };

const globalKey = Symbol.for("vpc-lab.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Opened };

function migrationsFolder(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.VPCLAB_MIGRATIONS_DIR ?? "drizzle");
}

export interface OpenOptions {
  /**
   * An open, migrated embedded database to use instead of a folder; closeDatabase leaves it open:
   * the unit suite keeps one per test worker and empties it for each test file.
   */
  pglite?: PGlite;
}

function openHandle(databaseUrl: string | undefined, options: OpenOptions): Opened {
  if (databaseUrl) {
    const client = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // An idle connection the server ends (a restart, an administrator) must not take the process down;
    // the pool replaces it on the next query.
    client.on("error", (error) => console.error(`database: an idle connection was closed (${error.message})`));
    const ready = migratePostgres(client, migrationsFolder());
    return { handle: { kind: "postgres", client }, ready, owned: true };
  }
  if (options.pglite) {
    adoptDrizzleParsers(options.pglite);
    return { handle: { kind: "pglite", client: options.pglite }, ready: Promise.resolve(), owned: false };
  }
  const folder = path.join(/*turbopackIgnore: true*/ dataDir(), "db");
  fs.mkdirSync(folder, { recursive: true });
  const client = new PGlite(folder);
  const ready = client.waitReady.then(() => {
    adoptDrizzleParsers(client);
    return migratePglite(drizzleOverPglite(client, schema), { migrationsFolder: migrationsFolder() });
  });
  return { handle: { kind: "pglite", client }, ready, owned: true };
}

/**
 * Opens (once per process) the database and applies pending migrations.
 * server.ts calls this at start; the Next bundle and the sandbox then share the handle
 * through globalThis, each wrapping it in its own drizzle instance.
 */
export async function openDatabase(databaseUrl = process.env.DATABASE_URL, options: OpenOptions = {}): Promise<void> {
  await openedDatabase(databaseUrl, options);
}

/**
 * The handle this call waited for. Read again after the wait, the process's handle may already be
 * another one: a test closing its database meanwhile left a refused one without a handle, and the
 * caller failed on `undefined.kind` instead of on the closed database.
 */
async function openedDatabase(databaseUrl = process.env.DATABASE_URL, options: OpenOptions = {}): Promise<Opened> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) announceWhenReady((g[globalKey] = openHandle(databaseUrl, options)));
  const opened = g[globalKey];
  await opened.ready;
  return opened;
}

const openHooksKey = Symbol.for("vpc-lab.database.open-hooks");
type GlobalWithOpenHooks = typeof globalThis & { [openHooksKey]?: Set<() => void> };

function openHooks(): Set<() => void> {
  return ((globalThis as GlobalWithOpenHooks)[openHooksKey] ??= new Set());
}

function announceWhenReady(opened: Opened): void {
  opened.ready.then(
    () => {
      const hooks = [...openHooks()];
      openHooks().clear();
      for (const hook of hooks) hook();
    },
    () => undefined,
  );
}

/**
 * Runs `hook` once the process's database is open: soon when one is, else when one has been opened
 * by whoever opens it. It never opens one itself: work started at import time (the event bus's
 * LISTEN) opened the default embedded database in a test's data folder while the test opened its
 * own there, and PGlite aborted the process's WebAssembly.
 */
export function whenDatabaseOpen(hook: () => void): void {
  const opened = (globalThis as GlobalWithDb)[globalKey];
  if (opened?.handle) opened.ready.then(hook, () => undefined);
  else openHooks().add(hook);
}

let wrapped: { handle: Handle; db: Db } | undefined;

/** The drizzle database of this module copy, over the process's one handle. */
export async function getDb(): Promise<Db> {
  const { handle } = await openedDatabase();
  if (wrapped?.handle !== handle) {
    const db =
      handle.kind === "pglite"
        ? (drizzleOverPglite(handle.client, schema) as unknown as Db)
        : (drizzlePg(handle.client, { schema }) as unknown as Db);
    wrapped = { handle, db };
  }
  return wrapped.db;
}

/**
 * Which database the process runs on: "pglite" (embedded, on this process's own thread, one process
 * per data folder) or "postgres" (a server in its own process, shared by any number of app processes).
 */
export async function databaseKind(): Promise<Handle["kind"]> {
  return (await openedDatabase()).handle.kind;
}

/**
 * Tests: closes the process's handle and refuses the database until a test opens one again, so that
 * work a finished test left running (a late activity flush) fails with this error instead of opening
 * an embedded database in the test's data folder while it is removed, where PGlite aborts the
 * process's WebAssembly (and with it the next test file). No-op when no database was opened.
 */
export async function closeDatabaseUntilReopened(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) return;
  await closeDatabase();
  const refused = Promise.reject(new Error("the test database is closed: the test that opened it has ended"));
  refused.catch(() => undefined);
  g[globalKey] = { handle: undefined as never, ready: refused, owned: false };
}

/**
 * Tests: opens a database in place of the process's current one, with no moment in between where
 * none is open. A query arriving in such a moment (a late activity flush) would open the default
 * database, and the caller's database would then be ignored: a test "restarting" on PostgreSQL
 * found itself on an empty embedded one (NoSuchBucket, AuthFailure).
 */
export async function replaceDatabase(databaseUrl: string | undefined, options: OpenOptions = {}): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const previous = g[globalKey];
  const next = openHandle(databaseUrl, options);
  g[globalKey] = next;
  announceWhenReady(next);
  wrapped = undefined;
  await next.ready;
  if (previous) await closeOpened(previous);
}

async function closeOpened(opened: Opened): Promise<void> {
  await opened.ready.catch(() => undefined);
  for (const close of opened.closing ?? []) await close().catch(() => undefined);
  if (!opened.owned) return;
  if (opened.handle.kind === "pglite") await opened.handle.client.close();
  else await opened.handle.client.end();
}

/**
 * The process's raw handle, and a way to end what belongs to it (a connection made from its settings)
 * when it is closed or replaced.
 */
export async function currentDatabase(): Promise<{ handle: Handle; onClose: (close: () => Promise<void>) => void }> {
  const opened = await openedDatabase();
  return {
    handle: opened.handle,
    onClose: (close) => {
      opened.closing ??= new Set();
      opened.closing.add(close);
    },
  };
}

/** Closes the process's handle (tests and scripts). */
export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const opened = g[globalKey];
  if (!opened) return;
  delete g[globalKey];
  wrapped = undefined;
  await closeOpened(opened);
}

/**
 * One parameterised statement on the raw handle, for the sandbox's per-call hot path: drizzle's query
 * building costs about a third of a state write there. Everything else goes through drizzle.
 */
export async function queryRows<Row>(text: string, params: unknown[]): Promise<Row[]> {
  const { handle } = await openedDatabase();
  if (handle.kind === "pglite") return (await handle.client.query<Row>(text, params)).rows;
  return (await handle.client.query(text, params)).rows as Row[];
}

/** The named statements each embedded database has parsed and planned. */
const preparedOn = new WeakMap<PGlite, Set<string>>();

/**
 * A parameterised statement parsed and planned once per connection under `name`, then only bound
 * and executed: the sandbox's state write, run on every mutating call. PGlite's query() parses,
 * describes, binds and plans the statement again on every call, in six round trips into the
 * WebAssembly, which cost three quarters of the write (0.56 ms of it against 0.15 ms prepared, on
 * this repo's 2-core machine). `name` must always come with the same text.
 */
export async function queryPrepared<Row>(name: string, text: string, params: unknown[]): Promise<Row[]> {
  const { handle } = await openedDatabase();
  if (handle.kind === "postgres") return (await handle.client.query({ name, text, values: params })).rows as Row[];
  const client = handle.client;
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  const known = prepared;
  // execProtocol takes none of the locks query() and transaction() take: it would run inside another caller's transaction.
  return client._runExclusiveTransaction(() => client.runExclusive(async () => {
    const messages: Uint8Array[] = [];
    // Closing a statement that does not exist is no error: one whose first run failed after its Parse is replaced.
    if (!known.has(name)) messages.push(serialize.close({ type: "S", name }), serialize.parse({ name, text }));
    messages.push(serialize.bind({ statement: name, values: params.map((value) => prepareValue(value)) }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync());
    const { messages: replies } = await client.execProtocol(concatenated(messages));
    known.add(name);
    return rowsOf<Row>(replies);
  }));
}

/**
 * The rows of `table` matching `where` (its parameters $1, $2, …), as drizzle's select() returns
 * them (its keys, its mapping of each column's value), read with a prepared statement: for the
 * sandbox's per-call lookups (an S3 call's bucket, a part's upload) and the console's per-request
 * ones (the session's user, the lab's run and progress, the console's key): on PGlite, drizzle's
 * query is parsed and planned again on every request. `orderBy` and `limit` follow the WHERE clause.
 */
export async function selectPrepared<T extends PgTable>(
  name: string,
  table: T,
  where: string,
  params: unknown[],
  options: { orderBy?: string; limit?: number } = {},
): Promise<T["$inferSelect"][]> {
  const columns = Object.entries(getTableColumns(table));
  const order = options.orderBy ? ` ORDER BY ${options.orderBy}` : "";
  const limit = options.limit !== undefined ? ` LIMIT ${Math.floor(options.limit)}` : "";
  const text = `SELECT ${columns.map(([, column]) => `"${column.name}"`).join(", ")} FROM "${getTableName(table)}" WHERE ${where}${order}${limit}`;
  const rows = await queryPrepared<Record<string, unknown>>(name, text, params);
  return rows.map((row) => Object.fromEntries(columns.map(([key, column]) => [key, row[column.name] === null ? null : column.mapFromDriverValue(row[column.name])])) as T["$inferSelect"]);
}

function concatenated(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

interface RowDescriptionReply {
  name: "rowDescription";
  fields: { name: string; dataTypeID: number }[];
}

/** The rows of an extended-protocol exchange, their text values parsed by type as node-postgres parses them. */
function rowsOf<Row>(replies: readonly { name: string }[]): Row[] {
  const description = replies.find((reply): reply is RowDescriptionReply => reply.name === "rowDescription");
  if (!description) return [];
  const parsers = description.fields.map((field) => pg.types.getTypeParser(field.dataTypeID, "text"));
  return replies
    .filter((reply) => reply.name === "dataRow")
    .map((reply) => {
      const row: Record<string, unknown> = {};
      (reply as unknown as { fields: (string | null)[] }).fields.forEach((value, n) => {
        row[description.fields[n].name] = value === null ? null : parsers[n](value);
      });
      return row as Row;
    });
}
