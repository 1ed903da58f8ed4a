/**
 * Events across every app process on one database: `publish(channel, payload)` reaches every
 * `subscribe(channel, listener)` of every process, this one included, exactly once, in the order this
 * process published them.
 *
 * PostgreSQL: `pg_notify` through the pool and one dedicated LISTEN connection per process, which is
 * made again when it drops (with `onBusReconnect` listeners told, since events of the gap are lost).
 * Publishes of one process go out one batch at a time, so they are delivered in the order made.
 * PGlite: one process per data folder, so events are delivered in the process, in order, a microtask
 * later; the payload object is handed over as is (listeners must not change it).
 *
 * A publish inside a transaction (`{ transaction }`) is delivered when it commits, and not at all
 * when it rolls back: PostgreSQL's own semantics of NOTIFY, on both databases.
 *
 * A notification's payload is at most 8000 bytes: send ids and versions, never documents.
 */
import { sql } from "drizzle-orm";
import crypto from "node:crypto";
import pg from "pg";
import { processSingleton } from "@/lib/process-singleton";
import { currentDatabase, queryRows, whenDatabaseOpen, type Db, type Handle } from "./client";

/** Which process published, and whether it is this one (a process that already acted on its own event skips it). */
export interface EventOrigin {
  local: boolean;
}

export type EventListener<P> = (payload: P, origin: EventOrigin) => void;

/** What crosses the wire: the publishing process, its sequence number (PostgreSQL folds identical payloads of one transaction), the payload. */
interface Envelope {
  o: string;
  n: number;
  p: unknown;
}

interface PendingNotify {
  channel: string;
  json: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

type PostgresHandle = Extract<Handle, { kind: "postgres" }>;

/** The LISTEN side on PostgreSQL, bound to one database handle. */
interface Listening {
  handle: PostgresHandle;
  client: pg.Client | null;
  /** The connection is made and was listening to every channel when it was. */
  up: boolean;
  /** Channels LISTENed on the current connection. */
  channels: Set<string>;
  /** Settles when the connection is up and every subscribed channel is LISTENed. */
  ready: Promise<void>;
  closed: boolean;
}

interface Bus {
  origin: string;
  sequence: number;
  listeners: Map<string, Set<EventListener<unknown>>>;
  reconnectListeners: Set<() => void>;
  pending: PendingNotify[];
  sending: boolean;
  listening: Listening | null;
  /** PGlite: the handle whose LISTENs carry transactional publishes, and the channels it listens to. */
  embedded: { handle: Handle; channels: Set<string>; unlisten: Array<() => Promise<void>> } | null;
}

/** The payload limit of NOTIFY is 8000 bytes; the envelope takes a few dozen. */
const MAX_NOTIFY_BYTES = 7999;
const MAX_RETRY_DELAY_MS = 5000;

const bus = processSingleton<Bus>("event-bus", () => ({
  origin: crypto.randomUUID(),
  sequence: 0,
  listeners: new Map(),
  reconnectListeners: new Set(),
  pending: [],
  sending: false,
  listening: null,
  embedded: null,
}));

/** NOTIFY's channel is an identifier: at most 63 bytes. */
function checkChannel(channel: string): void {
  if (channel.length === 0 || Buffer.byteLength(channel) > 63) throw new Error(`event channel "${channel}" must be 1 to 63 bytes`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function envelopeJson(channel: string, payload: object): string {
  const json = JSON.stringify({ o: bus.origin, n: ++bus.sequence, p: payload } satisfies Envelope);
  if (Buffer.byteLength(json) > MAX_NOTIFY_BYTES) {
    throw new Error(`event on "${channel}" is ${Buffer.byteLength(json)} bytes, over NOTIFY's ${MAX_NOTIFY_BYTES}: send ids, not documents`);
  }
  return json;
}

function deliver(channel: string, payload: unknown, origin: EventOrigin): void {
  for (const listener of bus.listeners.get(channel) ?? []) {
    try {
      listener(payload, origin);
    } catch (error) {
      console.error(`event listener on "${channel}" failed`, error);
    }
  }
}

function deliverEnvelope(channel: string, json: string | undefined): void {
  if (json === undefined) return;
  let envelope: Envelope;
  try {
    envelope = JSON.parse(json) as Envelope;
  } catch {
    return; // someone else's NOTIFY on a channel of ours, not one of our events
  }
  deliver(channel, envelope.p, { local: envelope.o === bus.origin });
}

/**
 * Sends the event to every subscriber of `channel` in every process. Resolves once it is on its way
 * (PostgreSQL: notified; PGlite: queued), rejects when the database refused it.
 */
export async function publish(channel: string, payload: object, options: { transaction?: Db } = {}): Promise<void> {
  checkChannel(channel);
  if (options.transaction) return publishInTransaction(channel, payload, options.transaction);
  const { handle } = await currentDatabase();
  if (handle.kind === "pglite") {
    queueMicrotask(() => deliver(channel, payload, { local: true }));
    return;
  }
  const json = envelopeJson(channel, payload);
  return new Promise<void>((resolve, reject) => {
    bus.pending.push({ channel, json, resolve, reject });
    sendPending();
  });
}

async function publishInTransaction(channel: string, payload: object, transaction: Db): Promise<void> {
  await transaction.execute(sql`select pg_notify(${channel}, ${envelopeJson(channel, payload)})`);
}

/** One statement for every publish waiting, one statement at a time: the order of publishes is kept. */
function sendPending(): void {
  if (bus.sending || bus.pending.length === 0) return;
  const batch = bus.pending.splice(0);
  bus.sending = true;
  const calls = batch.map((_, index) => `pg_notify($${2 * index + 1}, $${2 * index + 2})`);
  queryRows(`select ${calls.join(", ")}`, batch.flatMap((event) => [event.channel, event.json]))
    .then(
      () => batch.forEach((event) => event.resolve()),
      (error: unknown) => batch.forEach((event) => event.reject(error)),
    )
    .finally(() => {
      bus.sending = false;
      sendPending();
    });
}

/** Calls `listener` with every event published on `channel`, by any process; returns the unsubscribe function. */
export function subscribe<P>(channel: string, listener: EventListener<P>): () => void {
  checkChannel(channel);
  let listeners = bus.listeners.get(channel);
  if (!listeners) bus.listeners.set(channel, (listeners = new Set()));
  listeners.add(listener as EventListener<unknown>);
  whenDatabaseOpen(() => void listening().catch((error: unknown) => console.error(`event bus: could not listen to "${channel}"`, error)));
  return () => {
    listeners.delete(listener as EventListener<unknown>);
  };
}

/**
 * Called after the LISTEN connection was made again: events published while it was down were lost,
 * so whoever caches what events invalidate must drop or re-check it.
 */
export function onBusReconnect(listener: () => void): () => void {
  bus.reconnectListeners.add(listener);
  return () => bus.reconnectListeners.delete(listener);
}

/**
 * Settles when every channel subscribed so far is listened to on the current database: an event
 * published by any process after this is delivered here.
 */
export async function listening(): Promise<void> {
  const { handle, onClose } = await currentDatabase();
  if (handle.kind === "pglite") return listenEmbedded(handle, onClose);
  if (bus.listening?.handle !== handle || bus.listening.closed) {
    // Replaced before anything is awaited: two callers at once must not make two connections.
    const previous = bus.listening;
    const current = startListening(handle);
    bus.listening = current;
    onClose(() => stopListening(current));
    if (previous && !previous.closed) void stopListening(previous);
  }
  await bus.listening.ready;
  if (missingChannels(bus.listening).length > 0) {
    bus.listening.ready = listenToAll(bus.listening);
    await bus.listening.ready;
  }
}

function missingChannels(state: Listening): string[] {
  return [...bus.listeners.keys()].filter((channel) => !state.channels.has(channel));
}

function startListening(handle: PostgresHandle): Listening {
  const state: Listening = { handle, client: null, up: false, channels: new Set(), ready: Promise.resolve(), closed: false };
  state.ready = connectUntilUp(state, false);
  return state;
}

/** Connects (again after a drop: `afterGap`), retrying with a growing delay until up or closed. */
async function connectUntilUp(state: Listening, afterGap: boolean): Promise<void> {
  let delayMs = 100;
  while (!state.closed) {
    try {
      await connect(state);
      if (afterGap) for (const listener of bus.reconnectListeners) listener();
      return;
    } catch (error) {
      const client = state.client;
      state.client = null;
      void client?.end().catch(() => undefined);
      console.error(`event bus: could not listen (${(error as Error).message}); trying again in ${delayMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
    }
  }
}

async function connect(state: Listening): Promise<void> {
  const client = new pg.Client({ connectionString: state.handle.client.options.connectionString, keepAlive: true });
  client.on("notification", (message) => deliverEnvelope(message.channel, message.payload));
  client.on("error", (error) => console.error(`event bus: the LISTEN connection failed (${error.message})`));
  client.on("end", () => connectionLost(state, client));
  state.client = client;
  state.up = false;
  state.channels = new Set();
  await client.connect();
  await listenToAll(state);
  state.up = true;
}

async function listenToAll(state: Listening): Promise<void> {
  const client = state.client;
  for (const channel of missingChannels(state)) {
    if (state.closed || !client) return;
    await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    state.channels.add(channel);
  }
}

/** An established connection ended without being asked to: make it again (a failed attempt retries on its own). */
function connectionLost(state: Listening, client: pg.Client): void {
  if (state.closed || state.client !== client || !state.up) return;
  state.client = null;
  state.up = false;
  state.ready = connectUntilUp(state, true);
}

async function stopListening(state: Listening): Promise<void> {
  state.closed = true;
  const client = state.client;
  state.client = null;
  state.up = false;
  if (client) await client.end().catch(() => undefined);
  if (bus.listening === state) bus.listening = null;
}

/**
 * PGlite: LISTEN on the embedded database, so a transaction's NOTIFY comes back to the bus at commit.
 * Done at subscribe, never inside a transaction: PGlite's listen waits for the transaction to end.
 */
async function listenEmbedded(handle: Extract<Handle, { kind: "pglite" }>, onClose: (close: () => Promise<void>) => void): Promise<void> {
  if (bus.embedded?.handle !== handle) {
    const embedded = { handle, channels: new Set<string>(), unlisten: [] as Array<() => Promise<void>> };
    bus.embedded = embedded;
    // A test's embedded database outlives the test file: its listeners must not.
    onClose(async () => {
      for (const unlisten of embedded.unlisten) await unlisten();
    });
  }
  const embedded = bus.embedded;
  for (const channel of bus.listeners.keys()) {
    if (embedded.channels.has(channel)) continue;
    embedded.channels.add(channel);
    embedded.unlisten.push(await handle.client.listen(quoteIdentifier(channel), (json) => deliverEnvelope(channel, json)));
  }
}
