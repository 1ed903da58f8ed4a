import { missingResource, type IdKindName } from "./errors";

/** The record with this id, or AWS's NotFound / Malformed error for its kind. */
export function lookup<T>(records: Record<string, T>, kind: IdKindName, id: string): T {
  const record = Object.hasOwn(records, id) ? records[id] : undefined;
  if (!record) throw missingResource(kind, id);
  return record;
}

/** The records with these ids (all of them, in the order asked), or the error for the first unknown one. */
export function lookupAll<T>(records: Record<string, T>, kind: IdKindName, ids: string[]): T[] {
  return ids.map((id) => lookup(records, kind, id));
}
