/**
 * What S3's Block Public Access counts as public, decided on the parsed policy and ACL (never
 * on their text), and the parts of a policy it leaves in force:
 *  - a policy statement is public when it Allows a principal that is not fixed (`*`, an AWS
 *    wildcard, or NotPrincipal) unless a condition ties it, with a positive operator and fixed
 *    values, to known callers or networks (aws:SourceVpce, aws:SourceIp of a narrow range,
 *    aws:PrincipalOrgID, …);
 *  - an ACL is public when it grants the AllUsers or AuthenticatedUsers group (canned
 *    public-read, public-read-write, authenticated-read).
 */
import { parseUntrustedJson } from "@/lib/sandbox/core/untrusted-input";
import type { S3PublicAccessBlock } from "@/lib/db/schema";

type Json = unknown;
type Statement = Record<string, Json>;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asList(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}

/** The statements of a valid policy (PutBucketPolicy validated it); none when it cannot be read. */
function statementsOf(text: string): Statement[] {
  let document: Json;
  try {
    document = parseUntrustedJson(text);
  } catch {
    return [];
  }
  if (!isRecord(document) || !Object.hasOwn(document, "Statement")) return [];
  return asList(document.Statement).filter(isRecord);
}

// ---------------------------------------------------------------- policies

function isWildcard(value: Json): boolean {
  return typeof value === "string" && value.includes("*");
}

/** A principal S3 does not count as fixed: "*", or any AWS / CanonicalUser value with a wildcard. */
function grantsAnyone(statement: Statement): boolean {
  if (Object.hasOwn(statement, "NotPrincipal")) return true;
  const principal = statement.Principal;
  if (principal === "*") return true;
  if (!isRecord(principal)) return false;
  return ["AWS", "CanonicalUser"].some((kind) => Object.hasOwn(principal, kind) && asList(principal[kind]).some(isWildcard));
}

/** Keys whose fixed value ties a grant to known accounts, organisations, networks or endpoints. */
const FIXING_KEYS = new Set([
  "aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:principalaccount",
  "aws:principalorgid", "aws:principalarn", "aws:userid", "aws:sourceorgid", "aws:sourceorgpaths", "aws:principalorgpaths",
  "s3:dataaccesspointarn", "s3:dataaccesspointaccount", "aws:sourceip",
]);

/** Operators that only match the values named (negations and …IfExists match callers without the key). */
const FIXING_OPERATORS = new Set(["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress"]);

/** S3 counts an address range wider than a /8 (IPv4) or /32 (IPv6) as public (0.0.0.0/1 is public). */
function isNarrowRange(value: string): boolean {
  const [address, length] = value.split("/");
  if (length === undefined) return true;
  const bits = Number(length);
  return address.includes(":") ? bits >= 32 : bits >= 8;
}

function fixesCaller(operator: string, key: string, values: Json): boolean {
  const base = operator.replace(/^ForAnyValue:|^ForAllValues:/, "");
  if (!FIXING_OPERATORS.has(base) || !FIXING_KEYS.has(key.toLowerCase())) return false;
  const list = asList(values);
  if (list.length === 0 || !list.every((value) => typeof value === "string" && !value.includes("*") && !value.includes("?"))) return false;
  return key.toLowerCase() !== "aws:sourceip" || (list as string[]).every(isNarrowRange);
}

function conditionFixesCaller(condition: Json): boolean {
  if (!isRecord(condition)) return false;
  return Object.entries(condition).some(([operator, clause]) => isRecord(clause) && Object.entries(clause).some(([key, values]) => fixesCaller(operator, key, values)));
}

function isPublicStatement(statement: Statement): boolean {
  return statement.Effect === "Allow" && grantsAnyone(statement) && !conditionFixesCaller(statement.Condition);
}

/** Whether S3 counts a (valid) bucket policy as public: one of its statements is. */
export function isPublicPolicy(text: string): boolean {
  return statementsOf(text).some(isPublicStatement);
}

/**
 * The policy as it applies to a caller of another account while RestrictPublicBuckets holds on a
 * bucket with a public policy: only its Deny statements (S3 limits access to the owner's account
 * and AWS services); null when nothing is left.
 */
export function denyStatementsOnly(text: string): string | null {
  const denies = statementsOf(text).filter((statement) => statement.Effect === "Deny");
  return denies.length === 0 ? null : JSON.stringify({ Version: "2012-10-17", Statement: denies });
}

// ---------------------------------------------------------------- ACLs

const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GROUPS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

export function isPublicCannedAcl(canned: string): boolean {
  return PUBLIC_CANNED_ACLS.has(canned.trim());
}

/** A grantee URI, or an x-amz-grant-* header's uri="…" entries, naming the AllUsers or AuthenticatedUsers group. */
export function namesPublicGroup(grantees: string): boolean {
  return grantees.split(",").some((grantee) => PUBLIC_GROUPS.includes(grantee.trim().replace(/^uri=/i, "").replace(/^"|"$/g, "")));
}

// ---------------------------------------------------------------- the bucket's settings

const NONE_BLOCKED: S3PublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

/** The bucket's block (none once deleted). */
export function publicAccessBlockOf(bucket: { publicAccessBlock?: S3PublicAccessBlock | null }): S3PublicAccessBlock {
  return Object.hasOwn(bucket, "publicAccessBlock") && bucket.publicAccessBlock ? bucket.publicAccessBlock : NONE_BLOCKED;
}
