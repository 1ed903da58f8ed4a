/**
 * Trees built from what a client sent (JSON bodies, maps of names it chose) are made of
 * null-prototype objects: a key "__proto__", "constructor" or "toString" is then just a key, and
 * no read of an absent field can find Object.prototype's members (or anything written onto it).
 */

/** An empty record with no prototype. */
export function nullPrototypeRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A record without a prototype from name/value pairs (a later pair wins); "__proto__" becomes an own key. */
export function nullPrototypeRecordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = nullPrototypeRecord<T>();
  for (const [key, value] of entries) record[key] = value;
  return record;
}

function isPlainJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A deep copy of a parsed tree (arrays and plain objects) whose objects have no prototype. */
export function nullPrototypeTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullPrototypeTree);
  if (!isPlainJsonObject(value)) return value;
  return nullPrototypeRecordOf(Object.entries(value).map(([key, child]) => [key, nullPrototypeTree(child)] as const));
}

/**
 * JSON.parse whose objects have no prototype. JSON.parse itself makes "__proto__" an own key;
 * the copy keeps it one (a null-prototype object has no __proto__ setter to trigger).
 */
export function parseUntrustedJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (isPlainJsonObject(value) ? Object.assign(nullPrototypeRecord(), value) : value));
}

/** A record's own entry, never one inherited: for reading user-keyed maps and parsed input. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** NUL, or a UTF-16 surrogate without its pair (what invalid UTF-8 can decode to): text PostgreSQL cannot store. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source);

/** Whether text can go into a PostgreSQL text column as it is. */
export function isStorableText(text: string): boolean {
  return !HAS_UNSTORABLE.test(text);
}

/** The text with what PostgreSQL cannot store replaced by U+FFFD, as a UTF-8 decoder shows bad bytes. */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE, "\uFFFD");
}
