/**
 * Validation of identity policy documents as IAM does it (PutUserPolicy), with its
 * MalformedPolicyDocument messages, checked in IAM's order: syntax, version, statements'
 * effect, Sid uniqueness, actions, resources, then action and resource formats.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { parseUntrustedJson } from "@/lib/sandbox/core/untrusted-input";
import { malformedPolicyDocument } from "@/lib/sandbox/iam/model/errors";

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_FIELDS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

export function malformed(message: string): AwsError {
  return malformedPolicyDocument(message);
}

export type Statement = Record<string, unknown>;

export function isStringOrStrings(value: unknown): value is string | string[] {
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Condition values: IAM takes JSON booleans and numbers as well as strings ("Bool": {"aws:SecureTransport": false}). */
function isConditionValue(value: unknown): boolean {
  const scalar = (item: unknown) => ["string", "boolean", "number"].includes(typeof item);
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

function statementSyntaxOk(statement: unknown, fields: ReadonlySet<string>): statement is Statement {
  if (!isRecord(statement)) return false;
  if (Object.keys(statement).some((field) => !fields.has(field))) return false;
  if (("Action" in statement && "NotAction" in statement) || ("Resource" in statement && "NotResource" in statement)) return false;
  if (typeof statement.Effect !== "string" || !["allow", "deny"].includes(statement.Effect.toLowerCase())) return false;
  for (const field of ["Action", "NotAction", "Resource", "NotResource"]) if (field in statement && !isStringOrStrings(statement[field])) return false;
  if ("Sid" in statement && typeof statement.Sid !== "string") return false;
  if ("Condition" in statement) {
    if (!isRecord(statement.Condition)) return false;
    if (!Object.values(statement.Condition).every((entries) => isRecord(entries) && Object.values(entries).every(isConditionValue))) return false;
  }
  return true;
}

export interface ParsedPolicy {
  document: Record<string, unknown>;
  statements: Statement[];
}

/** The statements of a syntactically valid document (statements may hold only `fields`), or null. */
export function parseSyntax(text: string, fields: ReadonlySet<string> = STATEMENT_FIELDS): ParsedPolicy | null {
  let document: unknown;
  try {
    document = parseUntrustedJson(text);
  } catch {
    return null;
  }
  return checkSyntax(document, fields);
}

/** As parseSyntax, for a document already parsed from JSON. */
export function checkSyntax(document: unknown, fields: ReadonlySet<string> = STATEMENT_FIELDS): ParsedPolicy | null {
  if (!isRecord(document) || Object.keys(document).some((field) => !TOP_LEVEL.has(field))) return null;
  if ("Version" in document && !["2008-10-17", "2012-10-17"].includes(document.Version as string)) return null;
  if ("Id" in document && typeof document.Id !== "string") return null;
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : null;
  if (!statements || statements.length === 0 || !statements.every((statement) => statementSyntaxOk(statement, fields))) return null;
  return { document, statements };
}

export function asList(value: unknown): string[] {
  return typeof value === "string" ? [value] : (value as string[]);
}

export function hasNonEmpty(statement: Statement, field: string, notField: string): boolean {
  const value = statement[field] ?? statement[notField];
  return value !== undefined && asList(value).length > 0;
}

export function actionFormatError(action: string): string | null {
  const parts = action.split(":");
  if (parts.length === 1 && action !== "*") return "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
  if (parts.length > 2) return "Actions/Condition can contain only one colon.";
  if (parts[0] !== "*" && /[^a-zA-Z0-9\-.]/.test(parts[0])) return `Vendor ${parts[0]} is not valid`;
  return null;
}

function resourceFormatError(resource: string): string | null {
  if (resource === "*") return null;
  if (!resource.includes(":")) return `Resource ${resource} must be in ARN format or "*".`;
  if (!/^arn:(aws|\*):/.test(resource)) return "Resource vendor must be fully qualified and cannot contain regexes.";
  return null;
}

/** IAM's checks after syntax, shared by identity and trust policies: Effect's exact case, then unique Sids. */
export function checkEffectsAndSids(statements: Statement[]): void {
  if (statements.some((statement) => statement.Effect !== "Allow" && statement.Effect !== "Deny")) throw malformed("The policy failed legacy parsing");
  const sids = statements.map((statement) => statement.Sid).filter((sid): sid is string => typeof sid === "string" && sid !== "");
  if (new Set(sids).size !== sids.length) throw malformed("Statement IDs (SID) in a single policy must be unique.");
}

/** Whether a statement names a Principal or NotPrincipal: resource and trust policies do, identity policies may not. */
function namesPrincipal(text: string): boolean {
  let document: unknown;
  try {
    document = parseUntrustedJson(text);
  } catch {
    return false;
  }
  const raw = isRecord(document) ? document.Statement : undefined;
  const statements: unknown[] = Array.isArray(raw) ? raw : [raw];
  return statements.some((statement) => isRecord(statement) && ("Principal" in statement || "NotPrincipal" in statement));
}

/** Throws MalformedPolicyDocument unless `text` is a valid identity policy. */
export function validateIdentityPolicy(text: string): void {
  if (namesPrincipal(text)) throw malformed("Policy document should not specify a principal.");
  const parsed = parseSyntax(text);
  if (!parsed) throw malformed("Syntax errors in policy.");
  if (parsed.document.Version !== "2012-10-17") throw malformed("Policy document must be version 2012-10-17 or greater.");
  const { statements } = parsed;
  checkEffectsAndSids(statements);
  if (!statements.every((statement) => hasNonEmpty(statement, "Action", "NotAction"))) throw malformed("Policy statement must contain actions.");
  if (!statements.every((statement) => hasNonEmpty(statement, "Resource", "NotResource"))) throw malformed("Policy statement must contain resources.");
  for (const statement of statements) {
    for (const resource of asList(statement.Resource ?? statement.NotResource)) {
      const error = resourceFormatError(resource);
      if (error) throw malformed(error);
    }
  }
  for (const statement of statements) {
    for (const action of asList(statement.Action ?? statement.NotAction)) {
      const error = actionFormatError(action);
      if (error) throw malformed(error);
    }
  }
}
