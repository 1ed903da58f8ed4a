import superjson from "superjson";

/**
 * superjson.stringify's exact output, made without superjson's walk for plain data: objects, dense
 * arrays, strings, finite numbers, booleans, null, undefined and valid Dates, each object met once.
 * Anything else (NaN, -0, a Map, a class instance, an object met twice, a `__proto__` key) goes to
 * superjson itself, so the browser's superjson.parse always gets what superjson would have sent.
 *
 * Why: superjson copies the whole value and builds a path array for every node it visits; a lab
 * page's read (~27 KB of JSON) cost ~1.2 ms of the server's thread and ~1.4 MB of garbage in it,
 * the largest allocation of a class (npm run load, V8's sampling heap profiler). Here the value is
 * scanned once for the few values JSON cannot carry (an instance's launch time), and JSON.stringify
 * writes it.
 */
export function fastSuperjsonStringify(value: unknown): string {
  if (!isPlainObject(value) && !isPlainArray(value)) return superjson.stringify(value);
  const scan: Scan = { undefinedInObject: false, seen: new Set() };
  const annotations = scanContainer(value, scan);
  if (annotations === LEAVE_TO_SUPERJSON) return superjson.stringify(value);
  const json = scan.undefinedInObject ? JSON.stringify(value, nullForUndefined) : JSON.stringify(value);
  if (!annotations) return `{"json":${json}}`;
  return `{"json":${json},"meta":${JSON.stringify({ values: annotations, v: 1 })}}`;
}

/** superjson's meta.values: escaped path → the type its value had. */
type Annotations = Record<string, ["Date"] | ["undefined"]>;

interface Scan {
  /** JSON.stringify leaves an object's undefined out; superjson writes null there. */
  undefinedInObject: boolean;
  /** Every object met: one met twice is a referential equality superjson records. */
  seen: Set<object>;
}

/** What a member's scan found: nothing to note, its own type, the annotations under it, or a value for superjson. */
type Found = undefined | "Date" | "undefined" | Annotations | typeof LEAVE_TO_SUPERJSON;
const LEAVE_TO_SUPERJSON = Symbol("leave to superjson");

/** superjson refuses these keys (prototype pollution); it throws, so it is left to throw. */
const REFUSED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

function isValidDate(value: object): value is Date {
  return Object.getPrototypeOf(value) === Date.prototype && !Number.isNaN((value as Date).getTime());
}

/** superjson's pathstringifier: a key's backslashes and dots escaped. */
function escapeKey(key: string): string {
  return key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;
}

/**
 * The annotations under a container, gathered level by level as superjson's walker does (a level's
 * keys in one object, a child's flattened under its key): their order, integer-like keys first at
 * each level, is then superjson's too.
 */
function scanContainer(container: Record<string, unknown> | unknown[], scan: Scan): Annotations | undefined | typeof LEAVE_TO_SUPERJSON {
  if (scan.seen.has(container)) return LEAVE_TO_SUPERJSON;
  scan.seen.add(container);
  let annotations: Annotations | undefined;
  const note = (key: string, found: Found): boolean => {
    if (found === LEAVE_TO_SUPERJSON) return false;
    if (found === undefined) return true;
    annotations ??= {};
    if (typeof found === "string") annotations[key] = [found];
    else for (const [path, type] of Object.entries(found)) annotations[`${key}.${path}`] = type;
    return true;
  };
  if (Array.isArray(container)) {
    for (let index = 0; index < container.length; index++) {
      // A hole: superjson skips it where this scan would note undefined.
      if (!(index in container) || !note(String(index), scanMember(container[index], scan, false))) return LEAVE_TO_SUPERJSON;
    }
    return annotations;
  }
  for (const key of Object.keys(container)) {
    if (REFUSED_KEYS.has(key) || !note(escapeKey(key), scanMember(container[key], scan, true))) return LEAVE_TO_SUPERJSON;
  }
  return annotations;
}

function scanMember(value: unknown, scan: Scan, inObject: boolean): Found {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      // NaN, ±Infinity and -0 are superjson's "number" annotations.
      return Number.isFinite(value) && !Object.is(value, -0) ? undefined : LEAVE_TO_SUPERJSON;
    case "undefined":
      if (inObject) scan.undefinedInObject = true;
      return "undefined";
    case "object":
      return value === null ? undefined : scanObject(value, scan);
    default:
      return LEAVE_TO_SUPERJSON;
  }
}

function scanObject(value: object, scan: Scan): Found {
  if (isValidDate(value)) {
    if (scan.seen.has(value)) return LEAVE_TO_SUPERJSON;
    scan.seen.add(value);
    return "Date";
  }
  return isPlainObject(value) || isPlainArray(value) ? scanContainer(value, scan) : LEAVE_TO_SUPERJSON;
}

function nullForUndefined(_key: string, value: unknown): unknown {
  return value === undefined ? null : value;
}
