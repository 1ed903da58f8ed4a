/**
 * Terminal sessions across app processes on one PostgreSQL, behind a load balancer without sticky
 * sessions. The shell runs in the process that opened it: a running command (a `ping` without -c)
 * is live state that cannot be written down mid-run, and Ctrl-C typed through another process must
 * reach it. So the owner mirrors its output chunks into terminal_output (trimmed as its buffer is)
 * and wakes streams with a bus event; any other process serves the stream from those rows, and
 * forwards keys and hang-ups to the owner over the bus (delivered in commit order, and the console
 * sends keys one request at a time, so they arrive in the order typed).
 *
 * A shell dies with its process. The owner refreshes its sessions' `owner_seen_at` every few
 * seconds; a session not refreshed for OWNER_LOST_AFTER_S is ended (`owner_lost`) by whichever
 * process notices first: a stream following it, a lookup, or the count of the account's sessions.
 *
 * On PGlite (one process) nothing here runs: sessions stay in the process's registry alone.
 */
import os from "node:os";
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, type SQL, sql } from "drizzle-orm";
import { databaseKind, getDb } from "@/lib/db/client";
import { listening, onBusReconnect, publish, subscribe } from "@/lib/db/events";
import { terminalOutput, terminalSessions } from "@/lib/db/schema";
import { processSingleton } from "@/lib/process-singleton";
import type { OutputChunk, SessionEvent, TerminalEndpoint } from "./session-events";

const OUTPUT_CHANNEL = "terminal-output";
const CONTROL_CHANNEL = "terminal-control";
/** Keys per control event: escaped as JSON, a piece stays under NOTIFY's 8000 bytes. */
const INPUT_PIECE_CHARS = 1000;
/** Rows of ended sessions are kept this long for streams still reading their last output. */
const ENDED_KEPT_MS = 60 * 60 * 1000;
/** How often an owner says its shells still run. */
export const OWNER_HEARTBEAT_MS = 3000;
/** A session its owner has not refreshed for this long died with it (a few missed heartbeats). */
export const OWNER_LOST_AFTER_S = 10;
/** How often a process checks the remote sessions it streams for a lost owner. */
export const LOST_CHECK_MS = 2000;

interface OutputWake {
  s: string;
}

interface Control {
  s: string;
  input?: string;
  close?: true;
}

/** The owner's side of a session, as shareSession needs it. */
export interface OwnedSession {
  readonly id: string;
  readonly accountId: string;
  readonly instanceId: string;
  readonly openedAt: number;
  readonly oldestBufferedSeq: number;
  subscribe(listener: (event: SessionEvent) => void): () => void;
  input(data: string): void;
  close(): void;
}

export async function sessionsAreShared(): Promise<boolean> {
  return (await databaseKind()) === "postgres";
}

/** This process's own sessions, by id. */
export interface LocalSessions {
  get(id: string): OwnedSession | undefined;
  ids(): string[];
}

/** Which process runs a shell, for whoever looks at the table. */
const OWNER = `${os.hostname()}/${process.pid}`;

/** Keys and hang-ups from other processes, applied to this process's own sessions. */
function listenForControl(local: LocalSessions): void {
  processSingleton("terminal-control-listener", () =>
    subscribe<Control>(CONTROL_CHANNEL, (control) => {
      const session = local.get(control.s);
      if (control.input !== undefined) session?.input(control.input);
      if (control.close) session?.close();
    }),
  );
}

/** Writes the session's output and end as they happen, one after the other, each followed by a wake. */
function mirrorOutput(session: OwnedSession): void {
  let written = Promise.resolve();
  const write = (step: () => Promise<void>) => {
    written = written
      .then(step)
      .then(() => publish(OUTPUT_CHANNEL, { s: session.id } satisfies OutputWake))
      .catch((error) => console.error(`terminal session ${session.id}: output not shared`, error));
  };
  session.subscribe((event) => {
    const chunk = event.chunk;
    if (event.kind === "output" && chunk) write(() => storeChunk(session.id, chunk, session.oldestBufferedSeq));
    if (event.kind === "closed") write(() => storeEnd(session.id, event.exitCode ?? 0));
  });
}

async function storeChunk(sessionId: string, chunk: OutputChunk, oldestBufferedSeq: number): Promise<void> {
  const db = await getDb();
  await db.insert(terminalOutput).values({ sessionId, seq: chunk.seq, data: chunk.data });
  await db.delete(terminalOutput).where(and(eq(terminalOutput.sessionId, sessionId), lt(terminalOutput.seq, oldestBufferedSeq)));
}

async function storeEnd(sessionId: string, exitCode: number): Promise<void> {
  const db = await getDb();
  await db.update(terminalSessions).set({ closedAt: new Date(), exitCode }).where(eq(terminalSessions.id, sessionId));
}

/**
 * Refreshes this process's sessions while it lives. A session another process ended as lost
 * (this one could not reach the database for a while) is hung up here too, so a shell never runs
 * that no stream shows. Sessions whose rows are not written yet are left alone.
 */
async function heartbeat(local: LocalSessions): Promise<void> {
  const ids = local.ids();
  if (ids.length === 0) return;
  const db = await getDb();
  const rows = await db
    .update(terminalSessions)
    .set({ ownerSeenAt: sql`now()` })
    .where(inArray(terminalSessions.id, ids))
    .returning({ id: terminalSessions.id, closedAt: terminalSessions.closedAt });
  for (const row of rows) if (row.closedAt) local.get(row.id)?.close();
}

function keepOwnedSessionsAlive(local: LocalSessions): void {
  processSingleton("terminal-owner-heartbeat", () => {
    const timer = setInterval(() => void heartbeat(local).catch((error) => console.error("terminal sessions: heartbeat failed", error)), OWNER_HEARTBEAT_MS);
    timer.unref();
    return timer;
  });
}

/** Ends, as lost, the open sessions matching `where` whose owner stopped refreshing them; returns their ids. */
async function endLostSessions(where: SQL | undefined): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .update(terminalSessions)
    .set({ closedAt: sql`now()`, ownerLost: true })
    .where(and(where, isNull(terminalSessions.closedAt), lt(terminalSessions.ownerSeenAt, sql`now() - make_interval(secs => ${OWNER_LOST_AFTER_S})`)))
    .returning({ id: terminalSessions.id });
  return rows.map((row) => row.id);
}

/** The remote sessions this process streams, checked together every LOST_CHECK_MS for a lost owner. */
function lostOwnerWatch(): Map<string, Set<() => void>> {
  return processSingleton("terminal-lost-owner-watch", () => {
    const watched = new Map<string, Set<() => void>>();
    const check = async () => {
      if (watched.size === 0) return;
      for (const id of await endLostSessions(inArray(terminalSessions.id, [...watched.keys()]))) {
        for (const onLost of watched.get(id) ?? []) onLost();
      }
    };
    setInterval(() => void check().catch((error) => console.error("terminal sessions: lost-owner check failed", error)), LOST_CHECK_MS).unref();
    return watched;
  });
}

function watchForLostOwner(sessionId: string, onLost: () => void): () => void {
  const watched = lostOwnerWatch();
  const callbacks = watched.get(sessionId) ?? new Set();
  watched.set(sessionId, callbacks.add(onLost));
  return () => {
    callbacks.delete(onLost);
    if (callbacks.size === 0) watched.delete(sessionId);
  };
}

/**
 * Makes a session just opened by this process reachable from every other: its row, its output
 * mirrored, this process listening for its keys. Resolves once another process could use it.
 */
export async function shareSession(session: OwnedSession, local: LocalSessions): Promise<void> {
  listenForControl(local);
  keepOwnedSessionsAlive(local);
  const db = await getDb();
  await db.delete(terminalSessions).where(and(isNotNull(terminalSessions.closedAt), lt(terminalSessions.closedAt, new Date(Date.now() - ENDED_KEPT_MS))));
  await db.insert(terminalSessions).values({ id: session.id, accountId: session.accountId, instanceId: session.instanceId, openedAt: new Date(session.openedAt), owner: OWNER });
  mirrorOutput(session);
  await listening();
}

/** The account's open sessions, on every process, oldest first (sessions of a lost owner ended first). */
export async function openSharedSessionIds(accountId: string): Promise<string[]> {
  await endLostSessions(eq(terminalSessions.accountId, accountId));
  const db = await getDb();
  const rows = await db
    .select({ id: terminalSessions.id })
    .from(terminalSessions)
    .where(and(eq(terminalSessions.accountId, accountId), isNull(terminalSessions.closedAt)))
    .orderBy(asc(terminalSessions.openedAt));
  return rows.map((row) => row.id);
}

/** Hangs up sessions whichever process runs them. */
export async function hangUpShared(sessionIds: string[]): Promise<void> {
  for (const id of sessionIds) await publish(CONTROL_CHANNEL, { s: id, close: true } satisfies Control);
}

/** Splits typed text for the bus without cutting a surrogate pair. */
function inputPieces(data: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < data.length; ) {
    let end = Math.min(data.length, start + INPUT_PIECE_CHARS);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}

/** A session whose shell runs in another process. */
class RemoteTerminal implements TerminalEndpoint {
  constructor(readonly id: string) {}

  follow(afterSeq: number, listener: (event: SessionEvent) => void): () => void {
    let last = afterSeq;
    let stopped = false;
    let reading = Promise.resolve();
    const stop = () => {
      stopped = true;
      unsubscribe();
      unsubscribeReconnect();
      unwatch();
    };
    const deliver = async () => {
      const { chunks, end } = await this.readSince(last);
      for (const chunk of chunks) {
        if (stopped) return;
        last = chunk.seq;
        listener({ kind: "output", chunk });
      }
      if (!end || stopped) return;
      stop();
      listener({ kind: "closed", ...end });
    };
    const read = () => {
      reading = reading.then(deliver).catch((error) => console.error(`terminal session ${this.id}: output not read`, error));
    };
    const unsubscribe = subscribe<OutputWake>(OUTPUT_CHANNEL, (wake) => {
      if (wake.s === this.id) read();
    });
    // Events of a dropped LISTEN connection are lost: read again once it is back.
    const unsubscribeReconnect = onBusReconnect(read);
    const unwatch = watchForLostOwner(this.id, read);
    void listening().then(read);
    return stop;
  }

  /** The end is read first: every chunk is written before it, so none is missed after it. */
  private async readSince(afterSeq: number): Promise<{ chunks: OutputChunk[]; end?: Pick<SessionEvent, "exitCode" | "lost"> }> {
    const db = await getDb();
    const [row] = await db
      .select({ closedAt: terminalSessions.closedAt, exitCode: terminalSessions.exitCode, ownerLost: terminalSessions.ownerLost })
      .from(terminalSessions)
      .where(eq(terminalSessions.id, this.id));
    const chunks = await db
      .select({ seq: terminalOutput.seq, data: terminalOutput.data })
      .from(terminalOutput)
      .where(and(eq(terminalOutput.sessionId, this.id), gt(terminalOutput.seq, afterSeq)))
      .orderBy(asc(terminalOutput.seq));
    if (row && !row.closedAt) return { chunks };
    if (row?.ownerLost) return { chunks, end: { lost: true } };
    return { chunks, end: { exitCode: row?.exitCode ?? 129 } };
  }

  async input(data: string): Promise<void> {
    for (const input of inputPieces(data)) await publish(CONTROL_CHANNEL, { s: this.id, input } satisfies Control);
  }

  close(): Promise<void> {
    return hangUpShared([this.id]);
  }
}

/** The account's open session run by another process, if there is one with this id (and its process lives). */
export async function findSharedTerminal(sessionId: string, accountId: string): Promise<TerminalEndpoint | undefined> {
  await endLostSessions(eq(terminalSessions.id, sessionId));
  const db = await getDb();
  const [row] = await db
    .select({ id: terminalSessions.id })
    .from(terminalSessions)
    .where(and(eq(terminalSessions.id, sessionId), eq(terminalSessions.accountId, accountId), isNull(terminalSessions.closedAt)));
  return row ? new RemoteTerminal(row.id) : undefined;
}
