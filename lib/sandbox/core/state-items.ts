/**
 * A sandbox state as stored items (`sandbox_state_items`), so that a call writes only what it
 * changed. Each top-level value of a state that is a plain object is a record of items: one row per
 * entry ("vpcs" / "vpc-0abc…"). The root row (collection and item "") holds the top-level keys in
 * order and every other top-level value (numbers, arrays, …).
 *
 * What changed is read from Immer's patches: a path into an entry of a record changes that item; a
 * path naming a top-level key (added, removed or replaced) changes the root and the whole record.
 */
import type { Patch } from "immer";

type State = Record<string, unknown>;
type Record_ = Record<string, unknown>;

export const ROOT = "";

interface RootDocument {
  keys: string[];
  values: State;
}

/** What must be written: the root, whole records (every item, none other kept), and single items. */
export interface ChangeSet {
  root: boolean;
  whole: Set<string>;
  items: Map<string, Set<string>>;
}

/**
 * One row to write: its text, or null to delete it. `placed`: it goes after the record's other
 * items (new, or deleted and added again by the call), else it keeps its place.
 */
export interface ItemWrite {
  collection: string;
  itemId: string;
  text: string | null;
  placed: boolean;
}

/** A stored row. */
export interface StoredItem {
  collection: string;
  itemId: string;
  text: string;
}

export function emptyChanges(): ChangeSet {
  return { root: false, whole: new Set(), items: new Map() };
}

/** Every item of the state: a first write, or a state stored whole before it was split. */
export function everything(state: unknown): ChangeSet {
  const changes = emptyChanges();
  changes.root = true;
  for (const key of Object.keys(state as State)) changes.whole.add(key);
  return changes;
}

function isRecord(key: string, value: unknown): value is Record_ {
  if (key === ROOT || typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function addPatches(changes: ChangeSet, patches: readonly Patch[], next: unknown): ChangeSet {
  for (const { path } of patches) {
    const key = String(path[0]);
    if (path.length === 1) {
      changes.root = true;
      changes.whole.add(key);
    } else if (isRecord(key, (next as State)[key])) {
      const ids = changes.items.get(key) ?? new Set<string>();
      changes.items.set(key, ids.add(String(path[1])));
    } else {
      changes.root = true;
    }
  }
  return changes;
}

export function mergeChanges(first: ChangeSet, second: ChangeSet): ChangeSet {
  const merged: ChangeSet = { root: first.root || second.root, whole: new Set([...first.whole, ...second.whole]), items: new Map() };
  for (const source of [first, second]) {
    for (const [key, ids] of source.items) merged.items.set(key, new Set([...(merged.items.get(key) ?? []), ...ids]));
  }
  return merged;
}

function rootText(state: State): string {
  const values: State = {};
  for (const [key, value] of Object.entries(state)) if (!isRecord(key, value)) values[key] = value;
  const keys = Object.keys(state).filter((key) => state[key] !== undefined);
  return JSON.stringify({ keys, values } satisfies RootDocument);
}

function itemWrite(collection: string, record: Record_, itemId: string, placed: boolean): ItemWrite {
  // An entry set to undefined is no entry once stored as JSON.
  const text = Object.hasOwn(record, itemId) ? (JSON.stringify(record[itemId]) as string | undefined) : undefined;
  return { collection, itemId, text: text ?? null, placed };
}

/**
 * The items of `after` whose order relative to the items kept from `before` changed (deleted and
 * added again: a JS object puts such a key last), with every kept item after the first of them:
 * all of these take new places, in `after`'s order.
 */
function movedItems(before: Record_, after: Record_): Set<string> {
  const kept = Object.keys(before).filter((key) => Object.hasOwn(after, key));
  const now = Object.keys(after).filter((key) => Object.hasOwn(before, key));
  const first = now.findIndex((key, index) => key !== kept[index]);
  return new Set(first < 0 ? [] : now.slice(first));
}

/** A record's changed items: deletions and items in place first, then the placed ones in the record's order. */
function recordWrites(key: string, before: Record_, after: Record_, ids: ReadonlySet<string>): ItemWrite[] {
  const moved = movedItems(before, after);
  const placed = (id: string) => moved.has(id) || (Object.hasOwn(after, id) && !Object.hasOwn(before, id));
  const writes = [...ids].filter((id) => !placed(id)).map((id) => itemWrite(key, after, id, false));
  if (moved.size === 0 && writes.length === ids.size) return writes;
  for (const id of Object.keys(after)) if (placed(id) && (ids.has(id) || moved.has(id))) writes.push(itemWrite(key, after, id, true));
  return writes;
}

function wholeRecordWrites(key: string, record: Record_): ItemWrite[] {
  return Object.keys(record)
    .map((itemId) => itemWrite(key, record, itemId, true))
    .filter((write) => write.text !== null);
}

function itemWrites(before: State, state: State, changes: ChangeSet): ItemWrite[] {
  const writes: ItemWrite[] = [];
  for (const [key, ids] of changes.items) {
    if (changes.whole.has(key)) continue;
    const previous = isRecord(key, before[key]) ? before[key] : {};
    writes.push(...recordWrites(key, previous, state[key] as Record_, ids));
  }
  for (const key of changes.whole) {
    const record = state[key];
    if (isRecord(key, record)) writes.push(...wholeRecordWrites(key, record));
  }
  return writes;
}

/**
 * The rows to write for the changes from `before` to `state` (whole records' other rows are pruned
 * by the caller).
 */
export function changedItems(before: unknown, state: unknown, changes: ChangeSet): ItemWrite[] {
  const writes = itemWrites(before as State, state as State, changes);
  if (changes.root) writes.push({ collection: ROOT, itemId: ROOT, text: rootText(state as State), placed: true });
  return writes;
}

/**
 * The state as a restart would load it after `writes`: the written items parsed back from their
 * text (a Date becomes its string, an undefined goes), everything else shared with `state`.
 */
export function asStored(state: unknown, writes: readonly ItemWrite[], wholeRecords: ReadonlySet<string>): unknown {
  const root = writes.find((write) => write.collection === ROOT && write.itemId === ROOT);
  const next: State = root ? assembleRoot(JSON.parse(root.text!) as RootDocument, state as State) : { ...(state as State) };
  const copied = new Set<string>();
  const writable = (collection: string): Record_ => {
    if (!copied.has(collection)) {
      next[collection] = wholeRecords.has(collection) ? {} : { ...(next[collection] as Record_) };
      copied.add(collection);
    }
    return next[collection] as Record_;
  };
  for (const write of writes) {
    if (write.collection === ROOT && write.itemId === ROOT) continue;
    const record = writable(write.collection);
    if (write.text === null) delete record[write.itemId];
    else record[write.itemId] = JSON.parse(write.text);
  }
  return next;
}

function assembleRoot(root: RootDocument, records: State): State {
  const state: State = {};
  for (const key of root.keys) state[key] = Object.hasOwn(root.values, key) ? root.values[key] : (records[key] ?? {});
  return state;
}

/** The state stored as `items` (in the order they were first written). */
export function assemble(items: readonly StoredItem[]): unknown {
  const records: Record<string, Record_> = {};
  let root: RootDocument = { keys: [], values: {} };
  for (const { collection, itemId, text } of items) {
    if (collection === ROOT && itemId === ROOT) root = JSON.parse(text) as RootDocument;
    else (records[collection] ??= {})[itemId] = JSON.parse(text);
  }
  return assembleRoot(root, records);
}
