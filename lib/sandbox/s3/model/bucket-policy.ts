/**
 * Validation of bucket policies as PutBucketPolicy does it, with S3's MalformedPolicy messages:
 * JSON shape first, then each statement's Effect, Principal, Action, Resource and Condition, and
 * finally whether the statement's actions apply to its resources.
 */
import { parseUntrustedJson } from "@/lib/sandbox/core/untrusted-input";
import { malformedPolicy } from "./errors";
import { globToRegExp, resourceTypesOf, type S3ResourceType } from "./s3-actions";

/** S3 caps bucket policies at 20 KB. */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

const TOP_LEVEL_FIELDS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_FIELDS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const PRINCIPAL_KINDS = new Set(["AWS", "Service", "CanonicalUser", "Federated"]);
const CONDITION_OPERATORS = new Set([
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
  "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
]);

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string or a non-empty list of strings, as a list; null when the value has another shape. */
function stringList(value: Json): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) return value as string[];
  return null;
}

function parseDocument(text: string): Record<string, Json> {
  if (!text.trimStart().startsWith("{")) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  let document: Json;
  try {
    document = parseUntrustedJson(text);
  } catch {
    throw malformedPolicy("This policy contains invalid Json");
  }
  if (!isRecord(document)) throw malformedPolicy("This policy contains invalid Json");
  return document;
}

function checkTopLevel(document: Record<string, Json>): Json[] {
  for (const field of Object.keys(document)) if (!TOP_LEVEL_FIELDS.has(field)) throw malformedPolicy(`Unknown field ${field}`);
  if ("Version" in document && !VERSIONS.has(document.Version as string)) throw malformedPolicy("The policy must contain a valid version string");
  if ("Id" in document && typeof document.Id !== "string") throw malformedPolicy("This policy contains invalid Json");
  if (!("Statement" in document)) throw malformedPolicy("Missing required field Statement");
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  if (statements.length === 0) throw malformedPolicy("Could not parse the policy: Statement is empty!");
  return statements;
}

function isValidAwsPrincipal(value: string): boolean {
  return value === "*" || /^\d{12}$/.test(value) || /^arn:aws:iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)$/.test(value);
}

function checkPrincipal(principal: Json): void {
  if (principal === "*") return;
  if (!isRecord(principal) || Object.keys(principal).length === 0) throw malformedPolicy("Invalid principal in policy");
  for (const [kind, value] of Object.entries(principal)) {
    const values = stringList(value);
    if (!PRINCIPAL_KINDS.has(kind) || values === null) throw malformedPolicy("Invalid principal in policy");
    if (kind === "AWS" && !values.every(isValidAwsPrincipal)) throw malformedPolicy("Invalid principal in policy");
  }
}

function checkCondition(condition: Json): void {
  if (!isRecord(condition)) throw malformedPolicy("Policy has an invalid condition key");
  for (const [operator, entries] of Object.entries(condition)) {
    const base = operator.replace(/^(ForAnyValue|ForAllValues):/, "").replace(/IfExists$/, "");
    if (!CONDITION_OPERATORS.has(base)) throw malformedPolicy(`Invalid Condition type : ${operator}`);
    if (!isRecord(entries)) throw malformedPolicy("Policy has an invalid condition key");
    for (const value of Object.values(entries)) {
      const ok = ["string", "boolean", "number"].includes(typeof value) || (Array.isArray(value) && value.every((item) => ["string", "boolean", "number"].includes(typeof item)));
      if (!ok) throw malformedPolicy("Policy has an invalid condition key");
    }
  }
}

/** The resource type an S3 ARN names within `bucket`, or null when it is not one of this bucket's. */
function resourceTypeOf(resource: string, bucket: string): S3ResourceType[] | null {
  if (resource === "*") return ["bucket", "object"];
  if (!resource.startsWith("arn:aws:s3:::")) return null;
  const path = resource.slice("arn:aws:s3:::".length);
  const slash = path.indexOf("/");
  const bucketPart = slash < 0 ? path : path.slice(0, slash);
  if (!globToRegExp(bucketPart, false).test(bucket)) return null;
  if (slash >= 0) return ["object"];
  return bucketPart.includes("*") ? ["bucket", "object"] : ["bucket"];
}

function checkStatement(statement: Json, bucket: string): void {
  if (!isRecord(statement)) throw malformedPolicy("This policy contains invalid Json");
  for (const field of Object.keys(statement)) if (!STATEMENT_FIELDS.has(field)) throw malformedPolicy(`Unknown field ${field}`);
  if (!("Effect" in statement)) throw malformedPolicy("Missing required field Effect");
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") throw malformedPolicy(`Invalid effect: ${String(statement.Effect)}`);
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (principal === undefined) throw malformedPolicy("Missing required field Principal");
  checkPrincipal(principal);
  const actions = stringList(statement.Action ?? statement.NotAction);
  if (statement.Action === undefined && statement.NotAction === undefined) throw malformedPolicy("Missing required field Action");
  if (actions === null) throw malformedPolicy("Policy has invalid action");
  const actionTypes = actions.map(resourceTypesOf);
  if (actionTypes.some((types) => types.size === 0)) throw malformedPolicy("Policy has invalid action");
  if (statement.Resource === undefined && statement.NotResource === undefined) throw malformedPolicy("Missing required field Resource");
  const resources = stringList(statement.Resource ?? statement.NotResource);
  if (resources === null) throw malformedPolicy("Policy has invalid resource");
  const resourceTypes = resources.map((resource) => resourceTypeOf(resource, bucket));
  if (resourceTypes.some((types) => types === null)) throw malformedPolicy("Policy has invalid resource");
  if ("Condition" in statement) checkCondition(statement.Condition);
  // NotAction / NotResource match by exclusion: only a plain Action + Resource pair can miss.
  if (statement.Action !== undefined && statement.Resource !== undefined) {
    const applies = actionTypes.some((types) => resourceTypes.some((kinds) => kinds!.some((kind) => types.has(kind))));
    if (!applies) throw malformedPolicy("Action does not apply to any resource(s) in statement");
  }
}

/** Throws MalformedPolicy (S3's wording) unless `text` is a valid policy for `bucket`. */
export function validateBucketPolicy(text: string, bucket: string): void {
  if (Buffer.byteLength(text, "utf8") > MAX_BUCKET_POLICY_BYTES) throw malformedPolicy("Policies must be less than 20 KB");
  const statements = checkTopLevel(parseDocument(text));
  for (const statement of statements) checkStatement(statement, bucket);
}
