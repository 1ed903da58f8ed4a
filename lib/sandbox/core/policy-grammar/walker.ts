/**
 * One walk over an access policy's grammar (the IAM policy language that IAM, S3 bucket policies
 * and VPC endpoint policies share): top level, statements, Effect, Principal, Action/NotAction,
 * Resource/NotResource, Condition. The walk judges nothing: it reports what it sees as findings,
 * and each service decides with its own table (rules.ts) which findings it refuses, in which
 * order and in which words.
 */
import { parseUntrustedJson } from "@/lib/sandbox/core/untrusted-input";
import { jsonErrorPosition, type TextPosition } from "./json-position";

export type FindingKind =
  // The document
  | "json-invalid"
  | "not-object"
  | "unknown-top-field"
  | "version-invalid"
  /** Version missing or "2008-10-17": valid grammar, refused where 2012-10-17 is required. */
  | "version-not-2012"
  | "id-not-string"
  | "statement-missing"
  | "statement-empty"
  // A statement
  | "statement-not-object"
  | "unknown-statement-field"
  | "sid-not-string"
  /** A non-empty Sid used by an earlier statement. */
  | "sid-duplicate"
  | "effect-missing"
  /** Not "Allow" or "Deny" in any case. */
  | "effect-invalid"
  /** "allow", "DENY": the right word in the wrong case. */
  | "effect-case"
  /** A Principal or NotPrincipal field (field says which). */
  | "has-principal"
  | "principal-missing"
  | "principal-wildcard"
  /** Neither "*" nor a non-empty object of principal types. */
  | "principal-not-object"
  | "principal-values-not-strings"
  | "principal-values-empty"
  /** One principal (type in field, the principal in value). */
  | "principal-value"
  | "both-action-fields"
  | "action-missing"
  | "action-not-strings"
  | "action-empty"
  /** One action of Action or NotAction (field says which). */
  | "action-value"
  /** A Resource or NotResource field (field says which). */
  | "has-resource"
  | "both-resource-fields"
  | "resource-missing"
  | "resource-not-strings"
  | "resource-empty"
  | "resource-value"
  | "condition-not-object"
  /** A condition operator outside the policy language's (field names it). */
  | "condition-operator-unknown"
  | "condition-block-not-object"
  | "condition-value-invalid"
  /** Every statement object, for checks that need the whole statement (value holds it). */
  | "statement";

export interface Finding {
  kind: FindingKind;
  /** The statement's index; absent for findings about the document. */
  statement?: number;
  /** The field, principal type or condition operator it is about. */
  field?: string;
  value?: unknown;
  /** Where the text stops being JSON (json-invalid). */
  position?: TextPosition;
}

export type Statement = Record<string, unknown>;

const TOP_LEVEL_FIELDS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_FIELDS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const CONDITION_OPERATORS = new Set([
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
  "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
]);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringOrStrings(value: unknown): value is string | string[] {
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

/** A string or a list of strings, as a list. */
export function asList(value: string | string[]): string[] {
  return typeof value === "string" ? [value] : value;
}

/** Condition values: JSON booleans and numbers as well as strings ("Bool": {"aws:SecureTransport": false}). */
function isConditionValue(value: unknown): boolean {
  const scalar = (item: unknown) => ["string", "boolean", "number"].includes(typeof item);
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/** "ForAnyValue:StringLike", "IpAddressIfExists": the operator without its set and IfExists qualifiers. */
function isConditionOperator(operator: string): boolean {
  return CONDITION_OPERATORS.has(operator.replace(/^(ForAnyValue|ForAllValues):/, "").replace(/IfExists$/, ""));
}

type Report = (finding: Omit<Finding, "statement">) => void;

function walkEffect(effect: unknown, report: Report): void {
  if (effect === undefined) report({ kind: "effect-missing" });
  else if (typeof effect !== "string" || !["allow", "deny"].includes(effect.toLowerCase())) report({ kind: "effect-invalid", value: effect });
  else if (effect !== "Allow" && effect !== "Deny") report({ kind: "effect-case", value: effect });
}

function walkPrincipal(principal: unknown, report: Report): void {
  if (principal === "*") return report({ kind: "principal-wildcard" });
  if (!isRecord(principal) || Object.keys(principal).length === 0) return report({ kind: "principal-not-object", value: principal });
  for (const [type, values] of Object.entries(principal)) {
    if (!isStringOrStrings(values)) report({ kind: "principal-values-not-strings", field: type });
    else if (values.length === 0) report({ kind: "principal-values-empty", field: type });
    else for (const value of asList(values)) report({ kind: "principal-value", field: type, value });
  }
}

/** Action/NotAction or Resource/NotResource: the pair's presence, then each field's shape and values. */
function walkList(statement: Statement, field: "Action" | "Resource", report: Report): void {
  const kind = field === "Action" ? "action" : "resource";
  const notField = `Not${field}`;
  const present = [field, notField].filter((name) => name in statement);
  if (present.length === 2) report({ kind: `both-${kind}-fields` });
  if (present.length === 0) report({ kind: `${kind}-missing` });
  for (const name of present) {
    const value = statement[name];
    if (!isStringOrStrings(value)) report({ kind: `${kind}-not-strings`, field: name });
    else if (value.length === 0) report({ kind: `${kind}-empty`, field: name });
    else for (const item of asList(value)) report({ kind: `${kind}-value`, field: name, value: item });
  }
}

function walkCondition(condition: unknown, report: Report): void {
  if (!isRecord(condition)) return report({ kind: "condition-not-object" });
  for (const [operator, block] of Object.entries(condition)) {
    if (!isConditionOperator(operator)) report({ kind: "condition-operator-unknown", field: operator });
    if (!isRecord(block)) report({ kind: "condition-block-not-object", field: operator });
    else if (!Object.values(block).every(isConditionValue)) report({ kind: "condition-value-invalid", field: operator });
  }
}

function walkStatement(statement: unknown, report: Report): void {
  if (!isRecord(statement)) return report({ kind: "statement-not-object", value: statement });
  for (const field of Object.keys(statement)) if (!STATEMENT_FIELDS.has(field)) report({ kind: "unknown-statement-field", field });
  if ("Sid" in statement && typeof statement.Sid !== "string") report({ kind: "sid-not-string" });
  walkEffect(statement.Effect, report);
  for (const field of ["Principal", "NotPrincipal"]) if (field in statement) report({ kind: "has-principal", field });
  if ("Principal" in statement) walkPrincipal(statement.Principal, report);
  else if ("NotPrincipal" in statement) walkPrincipal(statement.NotPrincipal, report);
  else report({ kind: "principal-missing" });
  walkList(statement, "Action", report);
  for (const field of ["Resource", "NotResource"]) if (field in statement) report({ kind: "has-resource", field });
  walkList(statement, "Resource", report);
  if ("Condition" in statement) walkCondition(statement.Condition, report);
  report({ kind: "statement", value: statement });
}

function walkTopLevel(document: Record<string, unknown>, findings: Finding[]): void {
  for (const field of Object.keys(document)) if (!TOP_LEVEL_FIELDS.has(field)) findings.push({ kind: "unknown-top-field", field });
  const { Version: version, Id: id } = document;
  if (version !== undefined && !VERSIONS.has(version as string)) findings.push({ kind: "version-invalid", value: version });
  if (version !== "2012-10-17") findings.push({ kind: "version-not-2012", value: version });
  if ("Id" in document && typeof id !== "string") findings.push({ kind: "id-not-string" });
}

function walkStatements(raw: unknown, findings: Finding[]): void {
  const statements = Array.isArray(raw) ? raw : [raw];
  if (statements.length === 0) findings.push({ kind: "statement-empty" });
  const sids = new Set<string>();
  statements.forEach((statement, index) => {
    walkStatement(statement, (finding) => findings.push({ ...finding, statement: index }));
    const sid = isRecord(statement) ? statement.Sid : undefined;
    if (typeof sid !== "string" || sid === "") return;
    if (sids.has(sid)) findings.push({ kind: "sid-duplicate", statement: index, value: sid });
    sids.add(sid);
  });
}

/** Everything the grammar has to say about a parsed policy document, in the order of the walk. */
export function walkPolicyDocument(document: unknown): Finding[] {
  if (!isRecord(document)) return [{ kind: "not-object", value: document }];
  const findings: Finding[] = [];
  walkTopLevel(document, findings);
  if (!("Statement" in document)) findings.push({ kind: "statement-missing" });
  else walkStatements(document.Statement, findings);
  return findings;
}

/** As walkPolicyDocument, from the policy's text; text that is not JSON is one finding, with its position. */
export function walkPolicyText(text: string): Finding[] {
  let document: unknown;
  try {
    document = parseUntrustedJson(text);
  } catch {
    return [{ kind: "json-invalid", position: jsonErrorPosition(text) }];
  }
  return walkPolicyDocument(document);
}
