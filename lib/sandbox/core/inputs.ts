/**
 * Declared inputs of Query operations: every parameter an operation accepts, by its wire name,
 * with its type and AWS's limits (required, numeric range, string length, enum values, list
 * sizes). The declarations come from the services' own models (botocore's service-2.json) and
 * sit next to the operations; one validator (`validateQueryInput`) checks a request against them
 * before the handler runs, and `docs/sandbox-coverage.md` lists them (scripts/gen-coverage.ts).
 * Each service words its answers itself (see `InputDialect`): EC2 answers the first problem
 * (UnknownParameter, MissingParameter, InvalidParameterValue), IAM and STS collect every problem
 * into one ValidationError, as AWS's Coral services do.
 */
import type { QueryParams, QueryValue } from "./query-params";

interface Common {
  required?: boolean;
}

export interface StringInput extends Common {
  type: "string";
  minLength?: number;
  maxLength?: number;
  /** The model's pattern, as AWS quotes it in its message (matched against the whole value). */
  pattern?: string;
}
export interface IntegerInput extends Common {
  type: "integer";
  min?: number;
  max?: number;
}
export interface BooleanInput extends Common {
  type: "boolean";
}
export interface TimestampInput extends Common {
  type: "timestamp";
}
export interface EnumInput extends Common {
  type: "enum";
  values: readonly string[];
}
export interface ListInput extends Common {
  type: "list";
  member: InputShape;
  minItems?: number;
  maxItems?: number;
}
export interface StructureInput extends Common {
  type: "structure";
  members: InputMembers;
}
/** A JSON object of free keys (SSM's SendCommand Parameters); Query services declare none. */
export interface MapInput extends Common {
  type: "map";
  key: StringInput;
  value: InputShape;
}

export type InputShape = StringInput | IntegerInput | BooleanInput | TimestampInput | EnumInput | ListInput | StructureInput | MapInput;

/** An operation's parameters (or a structure's members) by wire name, in the model's order. */
export type InputMembers = Readonly<Record<string, InputShape>>;

type Limits<T> = Omit<T, "type" | "required">;

export const string = (limits: Limits<StringInput> = {}): StringInput => ({ type: "string", ...limits });
export const integer = (limits: Limits<IntegerInput> = {}): IntegerInput => ({ type: "integer", ...limits });
export const boolean = (): BooleanInput => ({ type: "boolean" });
export const timestamp = (): TimestampInput => ({ type: "timestamp" });
export const enumOf = (values: readonly string[]): EnumInput => ({ type: "enum", values });
export const listOf = (member: InputShape, limits: Omit<Limits<ListInput>, "member"> = {}): ListInput => ({ type: "list", member, ...limits });
export const structure = (members: InputMembers): StructureInput => ({ type: "structure", members });
export const mapOf = (key: StringInput, value: InputShape): MapInput => ({ type: "map", key, value });
export function required<T extends InputShape>(shape: T): T {
  return { ...shape, required: true };
}

/**
 * Where a parameter sits: member names and 1-based list positions, outermost first
 * (["Filter", 1, "Name"]); `name` is the innermost member's name.
 */
export type InputPath = readonly (string | number)[];

/** One problem with one parameter. */
export type InputProblem =
  | { kind: "unknown"; path: InputPath; name: string }
  | { kind: "missing"; path: InputPath; name: string }
  | { kind: "malformed"; path: InputPath; name: string; value: string; expected: InputShape["type"] }
  | { kind: "range"; path: InputPath; name: string; value: number; shape: IntegerInput }
  | { kind: "length"; path: InputPath; name: string; value: string; shape: StringInput; tooLong: boolean }
  | { kind: "pattern"; path: InputPath; name: string; value: string; shape: StringInput }
  | { kind: "enum"; path: InputPath; name: string; value: string; shape: EnumInput }
  | { kind: "items"; path: InputPath; name: string; count: number; shape: ListInput }
  /** JSON services: entries of a list of scalars that break the member's limits, reported at the list (core/json-inputs.ts). */
  | { kind: "members"; path: InputPath; name: string; value: string; problems: InputProblem[] };

/**
 * How a Query service encodes lists and answers bad input. `listWrapper` is the element a list's
 * entries sit under ("Tags.member.1" in IAM/STS; EC2 numbers them directly, "TagSpecification.1").
 * `report` turns the problems found (in the declaration's order) into the service's error, or
 * returns undefined to let the call through (IAM ignores parameters it does not know).
 */
export interface InputDialect {
  listWrapper?: string;
  report(problems: InputProblem[]): Error | undefined;
}

const INTEGER = /^-?\d{1,15}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$|^\d{1,13}(\.\d+)?$/;

interface Walk {
  dialect: InputDialect;
  problems: InputProblem[];
}

function isStruct(value: QueryValue | undefined): value is { [key: string]: QueryValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const compiledPatterns = new Map<string, RegExp>();

/**
 * A model pattern as a whole-value JavaScript regex ("u": the models use \p{L} and \uXXXX). The
 * models are Java regexes, which escape any punctuation ("\@", "\_"); "u" refuses an escape of a
 * character that is not regex syntax, so those lose their needless backslash.
 */
function patternRegex(pattern: string): RegExp {
  let regex = compiledPatterns.get(pattern);
  if (!regex) {
    const source = pattern.replace(/\\([^A-Za-z0-9^$\\.*+?()[\]{}|/-])/g, "$1");
    regex = new RegExp(`^(?:${source})$`, "u");
    compiledPatterns.set(pattern, regex);
  }
  return regex;
}

/** The limits of a string's length and pattern, and an enum's values (shared with the JSON services' walk, core/json-inputs.ts). */
export function stringProblem(path: InputPath, name: string, value: string, shape: StringInput | EnumInput): InputProblem | undefined {
  if (shape.type === "enum") return shape.values.includes(value) ? undefined : { kind: "enum", path, name, value, shape };
  if (shape.minLength !== undefined && value.length < shape.minLength) return { kind: "length", path, name, value, shape, tooLong: false };
  if (shape.maxLength !== undefined && value.length > shape.maxLength) return { kind: "length", path, name, value, shape, tooLong: true };
  if (shape.pattern !== undefined && !patternRegex(shape.pattern).test(value)) return { kind: "pattern", path, name, value, shape };
  return undefined;
}

function checkScalar(walk: Walk, path: InputPath, name: string, value: string, shape: Exclude<InputShape, ListInput | StructureInput | MapInput>): void {
  const problems = walk.problems;
  switch (shape.type) {
    case "string":
    case "enum": {
      const problem = stringProblem(path, name, value, shape);
      if (problem) problems.push(problem);
      return;
    }
    case "integer": {
      if (!INTEGER.test(value.trim())) return void problems.push({ kind: "malformed", path, name, value, expected: "integer" });
      const number = Number(value.trim());
      if ((shape.min !== undefined && number < shape.min) || (shape.max !== undefined && number > shape.max)) problems.push({ kind: "range", path, name, value: number, shape });
      return;
    }
    case "boolean":
      if (!/^(true|false)$/i.test(value)) problems.push({ kind: "malformed", path, name, value, expected: "boolean" });
      return;
    case "timestamp":
      if (!TIMESTAMP.test(value.trim())) problems.push({ kind: "malformed", path, name, value, expected: "timestamp" });
      return;
  }
}

/** A list's entries as the dialect nests them, or undefined when the value is not list-shaped. */
function listEntries(walk: Walk, value: QueryValue): QueryValue[] | undefined {
  // "Tags=": an empty list, as the SDKs send one.
  if (value === "") return [];
  const wrapper = walk.dialect.listWrapper;
  if (wrapper === undefined) return Array.isArray(value) ? value : undefined;
  if (!isStruct(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.some((key) => key !== wrapper)) return undefined;
  const entries = value[wrapper];
  return entries === undefined ? [] : Array.isArray(entries) ? entries : undefined;
}

function checkList(walk: Walk, path: InputPath, name: string, value: QueryValue, shape: ListInput): void {
  const entries = listEntries(walk, value);
  if (entries === undefined) return void walk.problems.push({ kind: "malformed", path, name, value: typeof value === "string" ? value : "", expected: "list" });
  const present = entries.filter((entry) => entry !== undefined);
  if ((shape.minItems !== undefined && present.length < shape.minItems) || (shape.maxItems !== undefined && present.length > shape.maxItems)) {
    walk.problems.push({ kind: "items", path, name, count: present.length, shape });
  }
  entries.forEach((entry, index) => {
    if (entry !== undefined) checkValue(walk, [...path, index + 1], name, entry, shape.member);
  });
}

function checkValue(walk: Walk, path: InputPath, name: string, value: QueryValue, shape: InputShape): void {
  if (shape.type === "list") return checkList(walk, path, name, value, shape);
  if (shape.type === "structure" || shape.type === "map") {
    if (!isStruct(value)) return void walk.problems.push({ kind: "malformed", path, name, value: typeof value === "string" ? value : "", expected: "structure" });
    if (shape.type === "map") return Object.entries(value).forEach(([key, entry]) => checkValue(walk, [...path, key], key, entry, shape.value));
    return checkMembers(walk, path, value, shape.members);
  }
  if (typeof value !== "string") return void walk.problems.push({ kind: "malformed", path, name, value: "", expected: shape.type });
  checkScalar(walk, path, name, value, shape);
}

function checkMembers(walk: Walk, prefix: InputPath, values: { [key: string]: QueryValue }, members: InputMembers): void {
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(members, name)) walk.problems.push({ kind: "unknown", path: [...prefix, name], name });
  }
  for (const [name, shape] of Object.entries(members)) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      if (shape.required) walk.problems.push({ kind: "missing", path: [...prefix, name], name });
    } else {
      checkValue(walk, [...prefix, name], name, value, shape);
    }
  }
}

/** The parameters every Query request carries besides the operation's own (the protocol's and SigV2/SigV4's). */
const PROTOCOL_PARAMETERS = new Set([
  "Action",
  "Version",
  "AWSAccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "Signature",
  "Timestamp",
  "Expires",
  "SecurityToken",
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
]);

/** Every problem of a request against an operation's declaration, in the declaration's order (unknown names first). */
export function inputProblems(params: QueryParams, members: InputMembers, dialect: InputDialect): InputProblem[] {
  const own: { [key: string]: QueryValue } = Object.create(null) as { [key: string]: QueryValue };
  for (const [name, value] of Object.entries(params)) if (!PROTOCOL_PARAMETERS.has(name)) own[name] = value;
  const walk: Walk = { dialect, problems: [] };
  checkMembers(walk, [], own, members);
  return walk.problems;
}

/** Checks a request against its operation's declaration; throws the service's own error. */
export function validateQueryInput(params: QueryParams, members: InputMembers, dialect: InputDialect): void {
  const problems = inputProblems(params, members, dialect);
  if (problems.length === 0) return;
  const error = dialect.report(problems);
  if (error) throw error;
}
