/**
 * Browser terminal sessions on the simulated hosts, as EC2 Instance Connect opens them: refused
 * with the AWS console's own message when the path from the Instance Connect range to the
 * instance's port 22 is closed, otherwise a login shell whose output is buffered with sequence
 * numbers, so a browser that reconnects resumes where it left off.
 *
 * Sessions live in one process-wide registry (the Next bundle and server.ts share it); the
 * console exposes them over an SSE stream and a POST for input. With several app processes on
 * PostgreSQL, a session opened here is also reachable through the others (shared-terminals.ts).
 */
import crypto from "node:crypto";
import { analyzeInstanceConnect, type InstanceConnectRefusalReason } from "@/lib/analysis";
import { processSingleton } from "@/lib/process-singleton";
import { HostSession, type Timers, type World } from "@/lib/sandbox/hosts";
import { accountWorld, sandboxHostServices } from "@/lib/sandbox/host-account-view";
import { type JournalEntry, recordJournalEntry } from "./journal";
import type { OutputChunk, SessionEvent, TerminalEndpoint } from "./session-events";
import { findSharedTerminal, hangUpShared, openSharedSessionIds, sessionsAreShared, shareSession } from "./shared-terminals";

export type { OutputChunk, SessionEvent, TerminalEndpoint } from "./session-events";

/** A browser tab left open does not hold a shell forever. */
export const DEFAULT_IDLE_TIMEOUT_MS = 20 * 60 * 1000;
/** Output kept for reconnecting browsers; older chunks are dropped first. */
export const MAX_BUFFERED_CHARS = 256 * 1024;
/** Open sessions per account; opening one more closes the oldest. */
export const MAX_SESSIONS_PER_ACCOUNT = 4;

export type RefusalReason = InstanceConnectRefusalReason | "instance-not-found";

export type OpenSessionResult = { ok: true; session: TerminalSession } | { ok: false; reason: RefusalReason; message: string };

export interface SessionOptions {
  idleTimeoutMs?: number;
  timers?: Timers;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** One open terminal: input in, numbered output chunks out, closed by logout, idleness or close(). */
export class TerminalSession implements TerminalEndpoint {
  readonly id = crypto.randomUUID();
  readonly openedAt = Date.now();
  private readonly chunks: OutputChunk[] = [];
  private bufferedChars = 0;
  private nextSeq = 1;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private idleTimer: unknown;
  private exitCode?: number;
  private isClosed = false;

  constructor(
    readonly accountId: string,
    readonly instanceId: string,
    readonly region: string,
    private readonly host: HostSession,
    private readonly options: { idleTimeoutMs: number; timers: Timers },
  ) {
    host.onOutput = (text) => this.append(text);
    host.onExit = (code) => this.finish(code);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** The exit status of the login shell, once closed by logout. */
  get exitStatus(): number | undefined {
    return this.exitCode;
  }

  /** The sequence number the next chunk will carry. */
  get sequence(): number {
    return this.nextSeq;
  }

  /** Chunks after `afterSeq` still buffered; `missed` tells that some were already dropped. */
  outputSince(afterSeq: number): { chunks: OutputChunk[]; missed: boolean } {
    const chunks = this.chunks.filter((chunk) => chunk.seq > afterSeq);
    const oldest = this.chunks[0]?.seq ?? this.nextSeq;
    return { chunks, missed: afterSeq + 1 < oldest };
  }

  /** The oldest chunk still buffered (the next one's when none is). */
  get oldestBufferedSeq(): number {
    return this.chunks[0]?.seq ?? this.nextSeq;
  }

  follow(afterSeq: number, listener: (event: SessionEvent) => void): () => void {
    for (const chunk of this.outputSince(afterSeq).chunks) listener({ kind: "output", chunk });
    if (!this.isClosed) return this.subscribe(listener);
    listener({ kind: "closed", exitCode: this.exitCode });
    return () => undefined;
  }

  /** Everything buffered, as one text (tests and screenshots). */
  transcript(): string {
    return this.chunks.map((chunk) => chunk.data).join("");
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  input(data: string): void {
    if (this.isClosed) return;
    this.touch();
    this.host.input(data);
  }

  /** Resolves once the shell waits for input again (tests). */
  idle(): Promise<void> {
    return this.host.idle();
  }

  /** Ends the session as closing the browser tab does: the shell is hung up. */
  close(): void {
    if (this.isClosed) return;
    this.finish(129);
    // The hang-up interrupts whatever still runs (a ping without -c); its output goes nowhere.
    this.host.input("\x03");
  }

  /** @internal the first screen: banner and prompt. */
  start(first: string): void {
    this.append(first);
    this.touch();
  }

  private append(data: string): void {
    if (data === "" || this.isClosed) return;
    const chunk = { seq: this.nextSeq++, data };
    this.chunks.push(chunk);
    this.bufferedChars += data.length;
    while (this.bufferedChars > MAX_BUFFERED_CHARS && this.chunks.length > 1) this.bufferedChars -= (this.chunks.shift() as OutputChunk).data.length;
    this.emit({ kind: "output", chunk });
  }

  private touch(): void {
    this.options.timers.clearTimeout(this.idleTimer);
    this.idleTimer = this.options.timers.setTimeout(() => this.close(), this.options.idleTimeoutMs);
  }

  private finish(code: number): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.exitCode = code;
    this.options.timers.clearTimeout(this.idleTimer);
    sessions().delete(this.id);
    this.emit({ kind: "closed", exitCode: code });
    this.listeners.clear();
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(`terminal session ${this.id}: listener failed`, error);
      }
    }
  }
}

function sessions(): Map<string, TerminalSession> {
  return processSingleton("terminal-sessions", () => new Map<string, TerminalSession>());
}

/** A stopped instance has also lost its public address; the console names the state first. */
function refusalFor(world: World, instanceId: string, region: string): { reason: RefusalReason; message: string } | undefined {
  const instance = world.snapshot.instances.find((candidate) => candidate.InstanceId === instanceId);
  if (!instance) return { reason: "instance-not-found", message: `Instance ${instanceId} does not exist in this account and region.` };
  if (instance.State?.Name !== "running" || !world.index.instances.has(instanceId)) {
    return { reason: "instance-not-running", message: `Instance ${instanceId} is not running, so EC2 Instance Connect cannot reach it.` };
  }
  const verdict = analyzeInstanceConnect(world.index, instanceId, region);
  return verdict.reachable ? undefined : verdict.refusal;
}

function oldestBeyondLimit<T>(openOldestFirst: T[]): T[] {
  return openOldestFirst.slice(0, Math.max(0, openOldestFirst.length - MAX_SESSIONS_PER_ACCOUNT + 1));
}

async function makeRoomFor(accountId: string): Promise<void> {
  if (await sessionsAreShared()) {
    const beyond = oldestBeyondLimit(await openSharedSessionIds(accountId));
    for (const id of beyond) sessions().get(id)?.close();
    await hangUpShared(beyond.filter((id) => !sessions().has(id)));
    return;
  }
  const open = [...sessions().values()].filter((session) => session.accountId === accountId).sort((a, b) => a.openedAt - b.openedAt);
  for (const session of oldestBeyondLimit(open)) session.close();
}

/** The labs' record of what the student did; a failed write never breaks the terminal. */
function journal(accountId: string, region: string, entry: JournalEntry): Promise<void> {
  return recordJournalEntry(accountId, region, entry).catch((error) => console.error("terminal journal write failed", error));
}

/**
 * Opens an EC2 Instance Connect browser session to the instance, or says why AWS would not
 * (in the console's words: "No public IPv4 address assigned …" and the others).
 */
export async function openInstanceConnectSession(accountId: string, instanceId: string, region: string, options: SessionOptions = {}): Promise<OpenSessionResult> {
  const world = await accountWorld(accountId, region);
  const refusal = refusalFor(world, instanceId, region);
  if (refusal) {
    if (refusal.reason !== "instance-not-found") await journal(accountId, region, { kind: "session-refused", instanceId, at: Date.now(), message: refusal.message });
    return { ok: false, ...refusal };
  }
  const timers = options.timers ?? realTimers;
  const host = new HostSession(() => accountWorld(accountId, region), sandboxHostServices(accountId, region), instanceId, { timers });
  const session = new TerminalSession(accountId, instanceId, region, host, { idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, timers });
  // Written before the prompt comes back, so a check right after a command sees it.
  host.onCommand = ({ command, output, exitCode }) => journal(accountId, region, { kind: "command", instanceId, at: Date.now(), command, output, exitCode });
  await journal(accountId, region, { kind: "session-opened", instanceId, at: session.openedAt });
  await makeRoomFor(accountId);
  sessions().set(session.id, session);
  if (await sessionsAreShared()) await shareSession(session, { get: (id) => sessions().get(id), ids: () => [...sessions().keys()] });
  session.start(await host.start());
  return { ok: true, session };
}

/** The open session with this id, only for its own account. */
export function findSession(sessionId: string, accountId: string): TerminalSession | undefined {
  const session = sessions().get(sessionId);
  return session && session.accountId === accountId ? session : undefined;
}

/** The account's open session with this id, whichever app process runs its shell. */
export async function findTerminal(sessionId: string, accountId: string): Promise<TerminalEndpoint | undefined> {
  const local = findSession(sessionId, accountId);
  if (local || !(await sessionsAreShared())) return local;
  return findSharedTerminal(sessionId, accountId);
}

/** Closes every open session (tests, shutdown). */
export function closeAllSessions(): void {
  for (const session of [...sessions().values()]) session.close();
}
