/**
 * Per-account, per-service state documents: cached in memory, persisted in `sandbox_state`,
 * changed one call at a time per account, and all-or-nothing.
 *
 * A mutating call works on a copy; only when the operation returns does the copy become the
 * state, written with one statement that also bumps `version`. An AwsError or a crash in the
 * middle leaves both the database and the cache as they were. Time-based transitions (pending ->
 * running) are applied in memory and written with the next change (see advanceState).
 *
 * Every change, time-based transitions and S3's own tables included, bumps the account's live
 * version (stateVersion): caches of derived views (the hosts' world, the console's reads) key on
 * it, so nothing derived outlives the state it was made from.
 *
 * Documents are stored as text, not json: they are JSON.stringify's output, and the json type would
 * parse each written document again inside the database.
 *
 * Copies are made through JSON (parse of the stored text) rather than structuredClone: the
 * operation then sees exactly what a reload from the database after a restart would give, so a
 * Date or an undefined slipped into the state can never behave differently before and after a restart.
 */
import { type ReadOnceHeld, withAdvisoryLock } from "@/lib/db/advisory-lock";
import { databaseKind, queryRows } from "@/lib/db/client";
import { listening, onBusReconnect, publish, subscribe } from "@/lib/db/events";
import { stateSizeLimitExceeded } from "./errors";
import { processSingleton } from "@/lib/process-singleton";

export interface SandboxChange {
  accountId: string;
  /** Service name, e.g. "ec2". */
  service: string;
  /** Region of a regional service, e.g. "us-east-1". */
  region?: string;
  /** The API action that changed the state, or "StateTransition" for time-based changes (pending -> running). */
  action: string;
}

export type SandboxChangeListener = (change: SandboxChange) => void;

interface CachedState {
  /** The document as stored (the database's text). */
  json: string;
  /** The parsed document, made on first read-only use; read-only calls share it. */
  parsed: unknown;
  /** The stored version; the next write must find it unchanged. */
  version: number;
}

interface StoreMemory {
  /** Per account, per state key ("ec2:us-east-1"). */
  states: Map<string, Map<string, CachedState>>;
  locks: Map<string, Promise<void>>;
  /** Accounts whose cross-process lock this process holds: their cached states are current. */
  held: Set<string>;
  listeners: Set<SandboxChangeListener>;
  /** Live versions: per account ("<account>") and per account and service ("<account>\n<service>"). */
  versions: Map<string, number>;
  /** Other processes' changes are followed (subscribed on the event bus). */
  following: boolean;
}

const memory = processSingleton<StoreMemory>("state-store", () => ({
  states: new Map(),
  locks: new Map(),
  held: new Set(),
  listeners: new Set(),
  versions: new Map(),
  following: false,
}));

/** The event bus channel of state changes; its payload is the SandboxChange. */
const CHANGES_CHANNEL = "sandbox_change";

/** The `sandbox_state.service` value: "ec2:us-east-1" for regional services, "iam" for global ones. */
export function stateKey(service: string, region: string | null): string {
  return region === null ? service : `${service}:${region}`;
}

function cachedState(accountId: string, key: string): CachedState | undefined {
  return memory.states.get(accountId)?.get(key);
}

function cacheState(accountId: string, key: string, entry: CachedState): void {
  let states = memory.states.get(accountId);
  if (!states) memory.states.set(accountId, (states = new Map()));
  states.set(key, entry);
}

function dropCachedState(accountId: string, key: string): void {
  memory.states.get(accountId)?.delete(key);
}

/**
 * Runs `fn` after every earlier call of the same account has finished (a promise-chain mutex in
 * the process, so its calls queue without holding connections) and, on PostgreSQL, holding the
 * account's advisory lock (so calls through other processes wait too), with this process's cached
 * states of the account checked against the stored versions first (read in the lock's own round
 * trip). The calls of one account never interleave; different accounts run concurrently.
 */
export function runInAccount<T>(accountId: string, fn: () => Promise<T> | T): Promise<T> {
  followOtherProcesses();
  const previous = memory.locks.get(accountId) ?? Promise.resolve();
  const result = previous.then(() =>
    withAdvisoryLock(`sandbox-account:${accountId}`, (shared, stored) => runHolding(accountId, shared, fn, stored as StoredVersion[]), storedVersionsOf(accountId)),
  );
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  memory.locks.set(accountId, settled);
  void settled.then(() => {
    if (memory.locks.get(accountId) === settled) memory.locks.delete(accountId);
  });
  return result;
}

interface StoredVersion {
  service: string;
  version: number;
}

/** The account's stored state versions, read as soon as its lock is held. */
function storedVersionsOf(accountId: string): ReadOnceHeld {
  return (literal) => `select service, version from sandbox_state where account_id = ${literal(accountId)}`;
}

async function runHolding<T>(accountId: string, shared: boolean, fn: () => Promise<T> | T, stored: StoredVersion[] | undefined): Promise<T> {
  if (!shared) return fn();
  // Listening may have failed at subscribe time (no database open yet): every call makes sure of it.
  listening().catch(() => undefined);
  dropStaleStates(accountId, stored ?? []);
  memory.held.add(accountId);
  try {
    return await fn();
  } finally {
    memory.held.delete(accountId);
  }
}

/**
 * Drops the account's cached states another process wrote since they were cached (`rows`: the
 * stored versions, read once the account's lock was held), and counts each as a change: the live
 * version moves before the other process's event arrives, so nothing derived from the old state is served.
 */
function dropStaleStates(accountId: string, rows: StoredVersion[]): void {
  const states = memory.states.get(accountId);
  if (!states?.size) return;
  const stored = new Map(rows.map((row) => [row.service, row.version]));
  for (const [key, entry] of states) {
    if (stored.get(key) === entry.version) continue;
    states.delete(key);
    bumpVersion(accountId);
    bumpVersion(`${accountId}\n${key.split(":")[0]}`);
  }
}

/**
 * Once per process: changes made by other processes (the event bus) count as changes here too —
 * live versions move and local listeners hear them. After the bus's connection was made again,
 * events may have been lost: every live version moves.
 */
function followOtherProcesses(): void {
  if (memory.following) return;
  memory.following = true;
  subscribe<SandboxChange>(CHANGES_CHANNEL, (change, origin) => {
    if (!origin.local) applyChange(change);
  });
  onBusReconnect(() => {
    for (const key of memory.versions.keys()) bumpVersion(key);
  });
}

/** Subscribes to state changes of every account, made by any process; returns the unsubscribe function. */
export function onSandboxChange(listener: SandboxChangeListener): () => void {
  followOtherProcesses();
  memory.listeners.add(listener);
  return () => memory.listeners.delete(listener);
}

function bumpVersion(key: string): void {
  memory.versions.set(key, (memory.versions.get(key) ?? 0) + 1);
}

/**
 * The account's live version in this process: bumped by every change of its state (of `service`
 * only, when given), time-based transitions included. Equal versions mean an unchanged state.
 */
export function stateVersion(accountId: string, service?: string): number {
  return memory.versions.get(service === undefined ? accountId : `${accountId}\n${service}`) ?? 0;
}

/**
 * Tells the listeners of every process about a change a service made outside the state store (S3
 * keeps its own tables). This process's listeners hear it at once, the others' through the event bus.
 */
export function notifyChange(change: SandboxChange): void {
  applyChange(change);
  publish(CHANGES_CHANNEL, change).catch((error: unknown) => console.error("sandbox change not announced to other processes", error));
}

function applyChange(change: SandboxChange): void {
  bumpVersion(change.accountId);
  bumpVersion(`${change.accountId}\n${change.service}`);
  for (const listener of memory.listeners) {
    try {
      listener(change);
    } catch (error) {
      console.error("sandbox change listener failed", error);
    }
  }
}

async function readStoredState(accountId: string, key: string): Promise<CachedState | null> {
  const rows = await queryRows<{ json: string; version: number }>(
    "select document as json, version from sandbox_state where account_id = $1 and service = $2",
    [accountId, key],
  );
  return rows.length === 0 ? null : { json: rows[0].json, parsed: undefined, version: rows[0].version };
}

async function insertState(accountId: string, key: string, json: string): Promise<boolean> {
  const rows = await queryRows(
    "insert into sandbox_state (account_id, service, document, version) values ($1, $2, $3, 1) on conflict do nothing returning version",
    [accountId, key, json],
  );
  return rows.length === 1;
}

/** One statement: the new document and version+1, only if nobody wrote since `expectedVersion`. */
async function updateState(accountId: string, key: string, json: string, expectedVersion: number): Promise<boolean> {
  const rows = await queryRows(
    "update sandbox_state set document = $1, version = version + 1, updated_at = now() where account_id = $2 and service = $3 and version = $4 returning version",
    [json, accountId, key, expectedVersion],
  );
  return rows.length === 1;
}

/**
 * Writes `document` as the new state and swaps the cache. Must run inside runInAccount.
 * If the stored version moved (another process wrote), the cache entry is dropped and this throws.
 */
async function commitState(accountId: string, key: string, json: string, previous: CachedState | null): Promise<CachedState> {
  const written = previous ? await updateState(accountId, key, json, previous.version) : await insertState(accountId, key, json);
  if (!written) {
    dropCachedState(accountId, key);
    throw new Error(`sandbox state ${key} of account ${accountId} was changed by someone else`);
  }
  const next: CachedState = { json, parsed: undefined, version: (previous?.version ?? 0) + 1 };
  cacheState(accountId, key, next);
  return next;
}

/** The cached state, else the stored one, else a new initial state written at once (so its ids stay fixed). */
async function loadState(accountId: string, key: string, initialState: () => unknown): Promise<CachedState> {
  const cached = cachedState(accountId, key);
  if (cached) return cached;
  const stored = await readStoredState(accountId, key);
  if (stored) {
    cacheState(accountId, key, stored);
    return stored;
  }
  return commitState(accountId, key, JSON.stringify(initialState()), null);
}

function parsedState(entry: CachedState): unknown {
  entry.parsed ??= JSON.parse(entry.json);
  return entry.parsed;
}

export interface StateAccess<S> {
  accountId: string;
  service: string;
  /** null for global services (iam). */
  region: string | null;
  action: string;
  mutates: boolean;
  initialState: () => S;
  /** Time-based transitions, applied before the call and persisted when they changed something. */
  advance?: (state: S) => boolean;
}

/**
 * Applies advance() to the cached state in memory and bumps the live version. A transition is a function of the stored times
 * (pending until launch + delay, ...), so it is not written on its own: the next mutating call writes
 * it with its own change, and a restart derives it again from the same stored times.
 */
function advanceState<S>(access: StateAccess<S>, entry: CachedState): CachedState {
  if (!access.advance) return entry;
  const state = parsedState(entry) as S;
  if (!access.advance(state)) return entry;
  // A new entry, so the next reader gets a new document object: identity means "unchanged".
  const advanced: CachedState = { json: JSON.stringify(state), parsed: undefined, version: entry.version };
  cacheState(access.accountId, stateKey(access.service, access.region), advanced);
  notifyChange({ accountId: access.accountId, service: access.service, region: access.region ?? undefined, action: "StateTransition" });
  return advanced;
}

/**
 * The most one account's state of one service may hold, as JSON. Every call of the account parses
 * and writes its state whole, so its size is the time each call holds the event loop for every
 * tenant: 4 MiB stays within a few tens of milliseconds. AWS's own quotas keep a class's labs far
 * below it; only a state grown on purpose (thousands of security groups full of rules) reaches it.
 */
export const MAX_STATE_CHARS = 4 * 1024 * 1024;

/** A change that grows a state past MAX_STATE_CHARS is refused; one that shrinks it always goes through. */
function checkStateSize(service: string, json: string, previous: string): void {
  if (json.length <= MAX_STATE_CHARS || json.length <= previous.length) return;
  throw stateSizeLimitExceeded(service, MAX_STATE_CHARS);
}

/**
 * Runs one API operation on the account's state of a service, serialised with the account's
 * other calls. Read-only operations get the shared cached state (no copy, no write); mutating
 * ones get a private copy that becomes the state only if `run` returns. `run` should also
 * serialize its response, since a shared state may change once the lock is released.
 *
 * State documents must be JSON data: they are stored and copied as JSON.
 */
export function runOnState<S, R>(access: StateAccess<S>, run: (state: S) => R | Promise<R>): Promise<R> {
  return runInAccount(access.accountId, async () => {
    const key = stateKey(access.service, access.region);
    const entry = advanceState(access, await loadState(access.accountId, key, access.initialState));
    if (!access.mutates) return run(parsedState(entry) as S);
    const working = JSON.parse(entry.json) as S;
    const result = await run(working);
    const json = JSON.stringify(working);
    checkStateSize(access.service, json, entry.json);
    await commitState(access.accountId, key, json, entry);
    notifyChange({ accountId: access.accountId, service: access.service, region: access.region ?? undefined, action: access.action });
    return result;
  });
}

/**
 * The state as last committed (cache, else database), or null when the account has none yet —
 * without taking the account's lock, so code already running inside an operation of that
 * account (a shell command, a world snapshot) can read it. Treat the result as read-only.
 * On PostgreSQL, unless this process holds the account's lock, the cached state is first checked
 * against the stored version: another process may have written since.
 */
export async function peekState(accountId: string, service: string, region: string | null): Promise<unknown> {
  const key = stateKey(service, region);
  const cached = cachedState(accountId, key);
  const entry = cached && (await isCurrent(accountId, key, cached)) ? cached : await readStoredState(accountId, key);
  if (!entry) return null;
  if (entry !== cached) cacheState(accountId, key, entry);
  return parsedState(entry);
}

async function isCurrent(accountId: string, key: string, cached: CachedState): Promise<boolean> {
  if (memory.held.has(accountId) || (await databaseKind()) === "pglite") return true;
  const rows = await queryRows<{ version: number }>("select version from sandbox_state where account_id = $1 and service = $2", [accountId, key]);
  return rows[0]?.version === cached.version;
}

/** Forgets every cached state (tests, and after the database was swapped). Stored states are untouched. */
export function forgetCachedStates(): void {
  memory.states.clear();
}
