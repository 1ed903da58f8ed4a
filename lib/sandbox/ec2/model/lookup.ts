import { isHiddenFromCaller } from "@/lib/sandbox/core/consistency";
import { missingResource, type IdKindName } from "./errors";

/**
 * Whether the caller can see the record with this id. Within the eventual-consistency window
 * (core/consistency.ts) a just-created resource is not there yet for calls that name it or list
 * its kind; dependency checks and the network itself see it all along.
 */
export function isVisible<T>(records: Record<string, T>, id: string): boolean {
  return Object.hasOwn(records, id) && !isHiddenFromCaller(id);
}

/** The records the caller can see, in creation order (what a Describe without ids lists). */
export function visibleRecords<T>(records: Record<string, T>): T[] {
  return Object.keys(records)
    .filter((id) => !isHiddenFromCaller(id))
    .map((id) => records[id]);
}

/** The record with this id, or AWS's NotFound / Malformed error for its kind. */
export function lookup<T>(records: Record<string, T>, kind: IdKindName, id: string): T {
  if (!isVisible(records, id)) throw missingResource(kind, id);
  return records[id];
}

/** The records with these ids (all of them, in the order asked), or the error for the first unknown one. */
export function lookupAll<T>(records: Record<string, T>, kind: IdKindName, ids: string[]): T[] {
  return ids.map((id) => lookup(records, kind, id));
}
