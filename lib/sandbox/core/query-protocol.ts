/**
 * The AWS Query protocol (EC2, IAM, STS): form-encoded parameters in, XML out.
 */
import { splitQueryPairs } from "./sigv4";
import { malformedQueryString } from "./errors";
import { element, escapeAttribute, serializeChildren } from "./xml";
import type { QueryParams, QueryService, QueryValue } from "./types";

/** The highest list index accepted ("Filter.1000"): keeps "X.999999999" from allocating a huge array. */
export const MAX_LIST_INDEX = 10_000;

/** Decodes an application/x-www-form-urlencoded body ("+" is a space) into name/value pairs. */
export function parseFormEncoded(text: string): [string, string][] {
  return splitQueryPairs(text, decodeFormComponent);
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw malformedQueryString();
  }
}

type Container = QueryValue[] | { [key: string]: QueryValue };

/**
 * A parameter name's segments as AWS spells them: letters, digits, "_" and "-" ("Filter",
 * "member", "tag-key"). Anything else in a name ("__proto__", "a b", "x%00") is a syntax error.
 */
const NAME_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** An empty struct: no prototype, so a parameter named "constructor" or "toString" is just a key. */
function newStruct(): { [key: string]: QueryValue } {
  return Object.create(null) as { [key: string]: QueryValue };
}

function isListIndex(segment: string): boolean {
  return /^\d+$/.test(segment);
}

function slotOf(container: Container, segment: string): string | number {
  if (!Array.isArray(container)) {
    if (!NAME_SEGMENT.test(segment)) throw malformedQueryString();
    return segment;
  }
  const index = Number(segment);
  if (!isListIndex(segment) || index < 1 || index > MAX_LIST_INDEX) throw malformedQueryString();
  return index - 1;
}

/** What a container holds at a slot: only its own entries (a list's holes and a struct's missing keys are undefined). */
function ownEntry(container: Container, slot: string | number): QueryValue | undefined {
  return Object.hasOwn(container, slot) ? (container as Record<string | number, QueryValue>)[slot] : undefined;
}

function childContainer(container: Container, slot: string | number, wantList: boolean): Container {
  const existing = ownEntry(container, slot);
  if (existing === undefined) {
    const created: Container = wantList ? [] : newStruct();
    (container as Record<string | number, QueryValue>)[slot] = created;
    return created;
  }
  if (typeof existing === "string" || Array.isArray(existing) !== wantList) throw malformedQueryString();
  return existing;
}

function insert(root: QueryParams, name: string, value: string): void {
  const segments = name.split(".");
  let container: Container = root;
  for (let i = 0; i < segments.length; i++) {
    const slot = slotOf(container, segments[i]);
    if (i === segments.length - 1) {
      const existing = ownEntry(container, slot);
      if (existing !== undefined && typeof existing !== "string") throw malformedQueryString();
      (container as Record<string | number, QueryValue>)[slot] = value;
    } else {
      container = childContainer(container, slot, isListIndex(segments[i + 1]));
    }
  }
}

/**
 * Builds the nested parameter tree: "A.1.B.2.C=v" -> { A: [ { B: [ , { C: "v" } ] } ] }.
 * Numeric segments (1-based) index arrays, others name object keys. Shapes that contradict
 * each other ("A=x&A.1=y") throw MalformedQueryString; a repeated name keeps its last value.
 * Every struct has a null prototype: the tree is built from untrusted names.
 */
export function parseQueryParams(pairs: Iterable<[string, string]>): QueryParams {
  const root: QueryParams = newStruct();
  for (const [name, value] of pairs) insert(root, name, value);
  return root;
}

/**
 * The success document of an action. EC2: <XResponse xmlns><requestId/>body</XResponse>.
 * IAM/STS: <XResponse xmlns><XResult>body</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>
 * (an action without output has no XResult, as in AWS).
 */
export function serializeQueryResponse(service: QueryService<unknown>, action: string, body: unknown, requestId: string): string {
  const itemName = service.listItemName ?? "item";
  if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) {
    throw new Error(`${service.name}:${action} returned a response body that is not an object`);
  }
  const fields = (body ?? {}) as Record<string, unknown>;
  const children = serializeChildren(fields, itemName);
  const open = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${escapeAttribute(service.xmlns)}">`;
  if (service.errorFormat === "ec2") {
    return `${open}${element("requestId", requestId)}${children}</${action}Response>`;
  }
  const result = body === undefined || body === null ? "" : `<${action}Result>${children}</${action}Result>`;
  const metadata = `<ResponseMetadata>${element("RequestId", requestId)}</ResponseMetadata>`;
  return `${open}${result}${metadata}</${action}Response>`;
}
