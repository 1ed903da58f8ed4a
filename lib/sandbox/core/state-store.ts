/**
 * Per-account, per-service states: cached in memory, persisted as items (`sandbox_state_items`,
 * see state-items.ts) with a version in `sandbox_state`, changed one call at a time per account,
 * and all-or-nothing.
 *
 * The cached state is immutable (frozen). A mutating call works on an Immer draft of it: only the
 * objects it touches are copied, and only when the operation returns does the result become the
 * state, its changed items written with one statement that also bumps `version`. An AwsError or a
 * crash in the middle leaves both the database and the cache as they were. Time-based transitions
 * (pending -> running) are applied in memory and written with the next change (see advanceState).
 *
 * Every change, time-based transitions and S3's own tables included, bumps the account's live
 * version (stateVersion): caches of derived views (the hosts' world, the console's reads) key on
 * it, so nothing derived outlives the state it was made from.
 *
 * Items are stored as text, not json: they are JSON.stringify's output, and the json type would
 * parse each written item again inside the database.
 *
 * The items a call wrote are parsed back from their text into the new cached state: the next call
 * then sees exactly what a reload from the database after a restart would give, so a Date or an
 * undefined slipped into the state can never behave differently before and after a restart.
 */
import { current, enablePatches, freeze, Immer, isDraft, type Objectish, type Patch } from "immer";
import { type ReadOnceHeld, withAdvisoryLock } from "@/lib/db/advisory-lock";
import { databaseKind, queryPrepared, queryRows } from "@/lib/db/client";
import { listening, onBusReconnect, publish, subscribe } from "@/lib/db/events";
import { stateSizeLimitExceeded } from "./errors";
import {
  addPatches,
  asStored,
  assemble,
  type ChangeSet,
  changedItems,
  emptyChanges,
  everything,
  type ItemWrite,
  mergeChanges,
  type StoredItem,
} from "./state-items";
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

enablePatches();
/**
 * Not frozen by Immer: what a call put into its draft may be its caller's own objects. The store
 * freezes the state it caches instead, made of the items parsed back from their stored text.
 */
const immer = new Immer({ autoFreeze: false });

/** Characters of each stored item, by collection and item id, and their sum. */
interface ItemSizes {
  items: Map<string, Map<string, number>>;
  total: number;
  /** A state stored whole before it was split: its length, until its items are written. */
  wholeDocument: number;
}

interface CachedState {
  /** The state, frozen: read-only calls share it; a change makes a new one. */
  state: unknown;
  /** The stored version; the next write must find it unchanged. */
  version: number;
  /** Of the stored items; updated in place once a write is stored. */
  sizes: ItemSizes;
  /** What `state` holds that is not stored yet: time-based transitions, a state stored whole. */
  unstored: ChangeSet;
}

interface StoreMemory {
  /** Per account, per state key ("ec2:us-east-1"). */
  states: Map<string, Map<string, CachedState>>;
  locks: Map<string, Promise<void>>;
  /** Accounts whose cross-process lock this process holds: their cached states are current. */
  held: Set<string>;
  /** Of each account held: the keys of its stored states, read with its lock (no other process can add one meanwhile). */
  storedKeys: Map<string, Set<string>>;
  listeners: Set<SandboxChangeListener>;
  /** Live versions: per account ("<account>") and per account and service ("<account>\n<service>"). */
  versions: Map<string, number>;
  /** Other processes' changes are followed (subscribed on the event bus). */
  following: boolean;
  /** When each account's cached states were last used (ms); see dropIdleStates. */
  lastUsed: Map<string, number>;
  sweeping: boolean;
}

const memory = processSingleton<StoreMemory>("state-store", () => ({
  states: new Map(),
  locks: new Map(),
  held: new Set(),
  storedKeys: new Map(),
  listeners: new Set(),
  versions: new Map(),
  following: false,
  lastUsed: new Map(),
  sweeping: false,
}));

/**
 * States known not to be stored, per account (the embedded database only, whose writes all go
 * through this process): S3's authorization peeks at IAM's state on every call, and an account
 * that never made an IAM call has none, which was read again each time (1.4 ms of a 5 MiB
 * UploadPart's ~45). A state written here is cached in their place; they expire with the account's states.
 */
const absentStates = processSingleton("state-store-absent", () => new Map<string, Set<string>>());

/**
 * An account's cached states not used for this long are dropped: a class's server keeps in memory
 * the accounts in use, not every account since it started (the states were the largest per-account
 * part of its memory once the hosts' worlds expired). The next call reads them back from the
 * database; time-based transitions not stored yet are derived again from the stored times.
 */
export const STATE_IDLE_MS = 60_000;

/** The event bus channel of state changes; its payload is the SandboxChange. */
const CHANGES_CHANNEL = "sandbox_change";

/** The `sandbox_state.service` value: "ec2:us-east-1" for regional services, "iam" for global ones. */
export function stateKey(service: string, region: string | null): string {
  return region === null ? service : `${service}:${region}`;
}

function cachedState(accountId: string, key: string): CachedState | undefined {
  const states = memory.states.get(accountId);
  if (states) memory.lastUsed.set(accountId, Date.now());
  return states?.get(key);
}

function cacheState(accountId: string, key: string, entry: CachedState): void {
  absentStates.get(accountId)?.delete(key);
  let states = memory.states.get(accountId);
  if (!states) memory.states.set(accountId, (states = new Map()));
  states.set(key, entry);
  markUsed(accountId);
}

function markUsed(accountId: string): void {
  memory.lastUsed.set(accountId, Date.now());
  if (!memory.sweeping) {
    memory.sweeping = true;
    setInterval(() => dropIdleStates(Date.now()), STATE_IDLE_MS / 2).unref();
  }
}

/** Drops the cached states of accounts last used more than STATE_IDLE_MS before `now`, unless a call of theirs is running. */
export function dropIdleStates(now: number): void {
  for (const [accountId, used] of memory.lastUsed) {
    if (now - used <= STATE_IDLE_MS || memory.locks.has(accountId)) continue;
    memory.lastUsed.delete(accountId);
    memory.states.delete(accountId);
    absentStates.delete(accountId);
  }
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
  if (stored) memory.storedKeys.set(accountId, new Set(stored.map((row) => row.service)));
  try {
    return await fn();
  } finally {
    memory.held.delete(accountId);
    memory.storedKeys.delete(accountId);
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

interface StoredRow {
  version: number;
  whole: string | null;
  collection: string | null;
  item_id: string | null;
  text: string | null;
}

/**
 * One statement, so the version and the items are of the same moment. Prepared: every account's first
 * touch of a service reads here (a new account's first RunInstances reads SSM's and Instance Connect's
 * states), and PGlite parses and plans an unprepared statement again each time (1.5 ms of it).
 */
async function readStoredState(accountId: string, key: string): Promise<CachedState | null> {
  const rows = await queryPrepared<StoredRow>(
    "sandbox-state-read",
    "select s.version, s.document as whole, i.collection, i.item_id, i.document as text from sandbox_state s " +
      "left join sandbox_state_items i on i.account_id = s.account_id and i.service = s.service " +
      "where s.account_id = $1 and s.service = $2 order by i.sequence",
    [accountId, key],
  );
  if (rows.length === 0) return null;
  const { version, whole } = rows[0];
  const items = rows.filter((row) => row.collection !== null).map((row) => ({ collection: row.collection!, itemId: row.item_id!, text: row.text! }));
  if (whole !== null) return wholeDocumentState(JSON.parse(whole), version, whole.length, items);
  return { state: freeze(assemble(items), true), version, sizes: sizesOf(items), unstored: emptyChanges() };
}

/**
 * A state stored as one document (written before states were split into items, or by such a
 * process): its items are written with its next change, and any other stored item deleted.
 */
function wholeDocumentState(state: unknown, version: number, chars: number, items: readonly StoredItem[]): CachedState {
  const sizes = sizesOf(items);
  const unstored = everything(state);
  for (const collection of sizes.items.keys()) unstored.whole.add(collection);
  sizes.wholeDocument = chars - sizes.total;
  return { state: freeze(state, true), version, sizes, unstored };
}

function sizesOf(items: readonly StoredItem[]): ItemSizes {
  const sizes: ItemSizes = { items: new Map(), total: 0, wholeDocument: 0 };
  for (const { collection, itemId, text } of items) setSize(sizes, collection, itemId, text.length);
  return sizes;
}

function storedSize(sizes: ItemSizes, collection: string, itemId: string): number {
  return sizes.items.get(collection)?.get(itemId) ?? 0;
}

function setSize(sizes: ItemSizes, collection: string, itemId: string, chars: number | null): void {
  sizes.total += (chars ?? 0) - storedSize(sizes, collection, itemId);
  let record = sizes.items.get(collection);
  if (!record) sizes.items.set(collection, (record = new Map()));
  if (chars === null) record.delete(itemId);
  else record.set(itemId, chars);
}

/** Stored items of the wholly rewritten records that are not written again: deleted. */
function prunedItems(sizes: ItemSizes, whole: ReadonlySet<string>, writes: readonly ItemWrite[]): ItemWrite[] {
  const written = new Set(writes.map((write) => `${write.collection}\n${write.itemId}`));
  const pruned: ItemWrite[] = [];
  for (const collection of whole) {
    for (const itemId of sizes.items.get(collection)?.keys() ?? []) {
      if (!written.has(`${collection}\n${itemId}`)) pruned.push({ collection, itemId, text: null, placed: false });
    }
  }
  return pruned;
}

/** The first statement of a write: bumps the version if nobody wrote since `expectedVersion` (0: creates the state). */
const WRITE_HEAD = {
  create: "insert into sandbox_state (account_id, service, version) values ($1, $2, $3::int + 1) on conflict do nothing returning version",
  update:
    "update sandbox_state set version = version + 1, updated_at = now(), document = null where account_id = $1 and service = $2 and version = $3 returning version",
};

/**
 * One statement: the new version, and the items written and deleted only if the version moved. A part
 * with nothing to do is left out (most calls delete nothing): PGlite plans the statement on every call,
 * and an empty delete part costs it a third of the write.
 */
function writeStatement(head: string, deletes: boolean, upserts: boolean): string {
  const parts = [`head as (${head})`];
  let next = 4;
  if (deletes) {
    parts.push(
      `removed as (delete from sandbox_state_items i using unnest($${next}::text[], $${next + 1}::text[]) as d(collection, item_id) ` +
        "where i.account_id = $1 and i.service = $2 and i.collection = d.collection and i.item_id = d.item_id and exists (select from head))",
    );
    next += 2;
  }
  if (upserts) {
    parts.push(
      "written as (insert into sandbox_state_items (account_id, service, collection, item_id, document, sequence) " +
        // Sequence 0: an item that keeps its place (it is stored already).
        "select $1, $2, u.collection, u.item_id, u.document, case when u.placed then nextval('sandbox_state_items_sequence_seq') else 0 end " +
        `from unnest($${next}::text[], $${next + 1}::text[], $${next + 2}::text[], $${next + 3}::boolean[]) with ordinality as u(collection, item_id, document, placed, n) ` +
        "where exists (select from head) order by u.n " +
        "on conflict (account_id, service, collection, item_id) do update set document = excluded.document, " +
        "sequence = case when excluded.sequence = 0 then sandbox_state_items.sequence else excluded.sequence end)",
    );
  }
  return `with ${parts.join(", ")} select version from head`;
}

async function writeItems(accountId: string, key: string, expectedVersion: number, writes: readonly ItemWrite[]): Promise<boolean> {
  const deletes = writes.filter((write) => write.text === null);
  const upserts = writes.filter((write) => write.text !== null);
  const params: unknown[] = [accountId, key, expectedVersion];
  if (deletes.length > 0) params.push(deletes.map((write) => write.collection), deletes.map((write) => write.itemId));
  if (upserts.length > 0) {
    params.push(
      upserts.map((write) => write.collection),
      upserts.map((write) => write.itemId),
      upserts.map((write) => write.text),
      upserts.map((write) => write.placed),
    );
  }
  const head = expectedVersion === 0 ? "create" : "update";
  const name = `sandbox-state-write-${head}${deletes.length > 0 ? "-deletes" : ""}${upserts.length > 0 ? "-upserts" : ""}`;
  const rows = await queryPrepared(name, writeStatement(WRITE_HEAD[head], deletes.length > 0, upserts.length > 0), params);
  return rows.length === 1;
}

/**
 * Writes the items of `state` that `changes` names (it must be what changed since `previous`, or
 * everything without one), and swaps the cache. Must run inside runInAccount. If the stored version
 * moved (another process wrote), the cache entry is dropped and this throws.
 */
async function commitState(accountId: string, key: string, service: string, state: unknown, changes: ChangeSet, previous: CachedState | null): Promise<CachedState> {
  const sizes = previous?.sizes ?? { items: new Map(), total: 0, wholeDocument: 0 };
  const changed = changedItems(previous?.state ?? {}, state, changes);
  const writes = [...changed, ...prunedItems(sizes, changes.whole, changed)];
  checkStateSize(service, sizes, writes);
  const stored = freeze(asStored(state, writes, changes.whole), true);
  if (!(await writeItems(accountId, key, previous?.version ?? 0, writes))) {
    dropCachedState(accountId, key);
    throw new Error(`sandbox state ${key} of account ${accountId} was changed by someone else`);
  }
  for (const write of writes) setSize(sizes, write.collection, write.itemId, write.text?.length ?? null);
  sizes.wholeDocument = 0;
  const next: CachedState = { state: stored, version: (previous?.version ?? 0) + 1, sizes, unstored: emptyChanges() };
  cacheState(accountId, key, next);
  return next;
}

/**
 * The cached state, else the stored one, else a new initial state written at once (so its ids stay
 * fixed) — or null for a fixed initial state (StateAccess.initialStateIsFixed), which the call makes
 * for itself.
 */
async function loadState<S>(access: StateAccess<S>, key: string): Promise<CachedState | null> {
  const { accountId } = access;
  const cached = cachedState(accountId, key);
  if (cached) return cached;
  const fixedInitial = access.initialStateIsFixed === true;
  if (fixedInitial && (absentStates.get(accountId)?.has(key) || memory.storedKeys.get(accountId)?.has(key) === false)) return null;
  const stored = await readStoredState(accountId, key);
  if (stored) {
    cacheState(accountId, key, stored);
    return stored;
  }
  if (fixedInitial) {
    if ((await databaseKind()) === "pglite") rememberAbsent(accountId, key);
    return null;
  }
  const state = access.initialState();
  return commitState(accountId, key, access.service, state, everything(state), null);
}

/** The stored state and version (null when there is none), read past the cache: tests and checks of stored data. */
export async function storedState(accountId: string, key: string): Promise<{ state: unknown; version: number } | null> {
  const stored = await readStoredState(accountId, key);
  return stored && { state: stored.state, version: stored.version };
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
  /** Whether `advance` would change anything; without it, every call makes a draft for `advance`. */
  transitionsDue?: (state: S) => boolean;
  /**
   * The initial state holds no ids and no times: every one made is the same, so a read-only call of
   * an account that has none yet reads a new one and stores nothing (the first EC2 change of every
   * account read SSM's, Instance Connect's and the hosts' states to compare their empty fleets, and
   * wrote three empty states doing it). EC2's initial state holds the default VPC's ids, which must
   * stay the ones first answered: it is stored by the first call, a read included.
   */
  initialStateIsFixed?: boolean;
}

/**
 * Applies advance() to the cached state in memory and bumps the live version. A transition is a function of the stored times
 * (pending until launch + delay, ...), so it is not written on its own: the next mutating call writes
 * it with its own change, and a restart derives it again from the same stored times.
 */
function advanceState<S>(access: StateAccess<S>, entry: CachedState): CachedState {
  const advance = access.advance;
  if (!advance || access.transitionsDue?.(entry.state as S) === false) return entry;
  let advanced = false;
  const [state, patches] = immer.produceWithPatches(entry.state as Objectish, (draft) => void (advanced = advance(draft as S)));
  if (!advanced || state === entry.state) return entry;
  freeze(state, true);
  // A new state object (Immer's), so the next reader sees a change: identity means "unchanged".
  const unstored = mergeChanges(entry.unstored, addPatches(emptyChanges(), patches, state));
  const transitioned: CachedState = { state, version: entry.version, sizes: entry.sizes, unstored };
  cacheState(access.accountId, stateKey(access.service, access.region), transitioned);
  notifyChange({ accountId: access.accountId, service: access.service, region: access.region ?? undefined, action: "StateTransition" });
  return transitioned;
}

/**
 * The most one account's state of one service may hold, as JSON (the sum of its stored items).
 * The state is loaded whole into memory (and parsed whole after a restart or another process's
 * write), and the states of every tenant share the process's memory. AWS's own quotas keep a
 * class's labs far below it; only a state grown on purpose (thousands of security groups full of
 * rules) reaches it.
 */
export const MAX_STATE_CHARS = 4 * 1024 * 1024;

/** A change that grows a state past MAX_STATE_CHARS is refused; one that shrinks it always goes through. */
function checkStateSize(service: string, sizes: ItemSizes, writes: readonly ItemWrite[]): void {
  let next = sizes.total;
  for (const write of writes) next += (write.text?.length ?? 0) - storedSize(sizes, write.collection, write.itemId);
  if (next <= MAX_STATE_CHARS || next <= sizes.total + sizes.wholeDocument) return;
  throw stateSizeLimitExceeded(service, MAX_STATE_CHARS);
}

/**
 * `value` with the drafts in it replaced by plain copies: the drafts are revoked once the call's
 * change is finished. A frozen object is part of a state, and holds no draft.
 */
function withoutDrafts<T>(value: T): T {
  if (isDraft(value)) return current(value as Objectish) as T;
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map(withoutDrafts) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = withoutDrafts(child);
  return copy as T;
}

/**
 * Runs one API operation on the account's state of a service, serialised with the account's
 * other calls. Read-only operations get the shared cached state (frozen: no copy, no write);
 * mutating ones get a draft whose changes become the state only if `run` returns. `run` should
 * also serialize its response, since a shared state may change once the lock is released.
 *
 * States must be JSON data: their items are stored as JSON.
 */
export function runOnState<S, R>(access: StateAccess<S>, run: (state: S) => R | Promise<R>): Promise<R> {
  return runInAccount(access.accountId, async () => {
    const key = stateKey(access.service, access.region);
    const loaded = await loadState(access, key);
    // A fixed initial state not stored yet: a read is given a new one, a change stores all of it.
    if (!loaded && !access.mutates) return run(freeze(access.initialState(), true));
    const entry = loaded && advanceState(access, loaded);
    if (entry && !access.mutates) return run(entry.state as S);
    // A draft rather than produce(): Immer's recipes cannot be async.
    const draft = immer.createDraft((entry ? entry.state : access.initialState()) as Objectish);
    const result = withoutDrafts(await run(draft as S));
    let patches: Patch[] = [];
    const state = immer.finishDraft(draft, (made) => void (patches = made));
    const changes = entry ? mergeChanges(entry.unstored, addPatches(emptyChanges(), patches, state)) : everything(state);
    await commitState(access.accountId, key, access.service, state, changes, entry);
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
  if (absentStates.get(accountId)?.has(key)) return null;
  const cached = cachedState(accountId, key);
  const entry = cached && (await isCurrent(accountId, key, cached)) ? cached : await readStoredState(accountId, key);
  if (!entry) {
    if ((await databaseKind()) === "pglite") rememberAbsent(accountId, key);
    return null;
  }
  if (entry !== cached) cacheState(accountId, key, entry);
  return entry.state;
}

function rememberAbsent(accountId: string, key: string): void {
  let keys = absentStates.get(accountId);
  if (!keys) absentStates.set(accountId, (keys = new Set()));
  keys.add(key);
  markUsed(accountId);
}

async function isCurrent(accountId: string, key: string, cached: CachedState): Promise<boolean> {
  if (memory.held.has(accountId) || (await databaseKind()) === "pglite") return true;
  const rows = await queryRows<{ version: number }>("select version from sandbox_state where account_id = $1 and service = $2", [accountId, key]);
  return rows[0]?.version === cached.version;
}

/** Forgets every cached state (tests, and after the database was swapped). Stored states are untouched. */
export function forgetCachedStates(): void {
  memory.states.clear();
  memory.lastUsed.clear();
  absentStates.clear();
}
