/**
 * Validation of a role's trust policy (CreateRole's AssumeRolePolicyDocument,
 * UpdateAssumeRolePolicy's PolicyDocument) as IAM does it, with its MalformedPolicyDocument
 * messages. A trust policy is a resource-based policy: it must name principals and may not name
 * resources, and it may grant only the STS actions that assume a role.
 */
import { parseUntrustedJson } from "@/lib/sandbox/core/untrusted-input";
import { limitExceededQuota } from "./errors";
import { asList, checkEffectsAndSids, checkSyntax, hasNonEmpty, isRecord, isStringOrStrings, malformed, type Statement } from "./policy-document";
import { findRole } from "./roles";
import { findUser } from "./users";
import type { IamState } from "./types";

const TRUST_STATEMENT_FIELDS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

/** The actions a trust policy may grant (IAM refuses any other with "AssumeRole policy may only specify STS AssumeRole actions."). */
const TRUST_ACTIONS = new Set(
  ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext", "*"].map((action) =>
    action.toLowerCase(),
  ),
);

/** IAM's default ACLSizePerRole quota: characters of the trust policy, whitespace excluded. */
export const MAX_TRUST_POLICY_CHARS = 2048;

/** Identity providers IAM accepts by name as a Federated principal. */
const WEB_IDENTITY_PROVIDERS = new Set(["cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com", "accounts.google.com"]);

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:aws:iam::\d{12}:root$/;
const IAM_ENTITY_ARN = /^arn:aws:iam::(\d{12}):(user|role)(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const STS_SESSION_ARN = /^arn:aws:sts::\d{12}:(assumed-role\/[\w+=,.@-]{1,64}\/[\w+=,.@-]{2,64}|federated-user\/[\w+=,.@-]{2,32})$/;
const PROVIDER_ARN = /^arn:aws:iam::\d{12}:(saml-provider|oidc-provider)\/.+$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** Whom the trust policy is checked against: principals of the account's own users and roles must exist. */
export interface TrustContext {
  accountId: string;
  state: IamState;
}

function invalidPrincipal(type: string, value: string) {
  return malformed(`Invalid principal in policy: "${type.toUpperCase()}":"${value}"`);
}

/**
 * An "AWS" principal: "*", an account id, or the ARN of an account, user, role or STS session.
 * IAM resolves user and role ARNs to the entity when it saves the policy, so one that does not
 * exist is refused; the sandbox can check that for the caller's own account only.
 */
function awsPrincipalOk(value: string, trust: TrustContext): boolean {
  if (value === "*" || ACCOUNT_ID.test(value) || ROOT_ARN.test(value) || STS_SESSION_ARN.test(value)) return true;
  const entity = IAM_ENTITY_ARN.exec(value);
  if (!entity) return false;
  const [, accountId, kind, , name] = entity;
  if (accountId !== trust.accountId) return true;
  const found = kind === "user" ? findUser(trust.state, name) : findRole(trust.state, name);
  return found?.arn === value;
}

function principalValueOk(type: string, value: string, trust: TrustContext): boolean {
  if (type === "AWS") return awsPrincipalOk(value, trust);
  if (type === "Service") return SERVICE_PRINCIPAL.test(value);
  if (type === "Federated") return WEB_IDENTITY_PROVIDERS.has(value) || PROVIDER_ARN.test(value);
  return false;
}

function checkPrincipal(principal: unknown, trust: TrustContext): void {
  // IAM's wording for a bare "*" (it names the wildcard STAR); {"AWS": "*"} is the accepted form.
  if (principal === "*") throw malformed('AssumeRolepolicy contained an invalid principal: "STAR":"*".');
  if (!isRecord(principal) || Object.keys(principal).length === 0) throw malformed("Syntax errors in policy.");
  for (const [type, values] of Object.entries(principal)) {
    if (!isStringOrStrings(values)) throw malformed("Syntax errors in policy.");
    for (const value of asList(values)) {
      if (!principalValueOk(type, value, trust)) throw invalidPrincipal(type, value);
    }
  }
}

function checkActions(statement: Statement): void {
  if (!hasNonEmpty(statement, "Action", "NotAction")) throw malformed("Policy statement must contain actions.");
  const actions = asList(statement.Action ?? statement.NotAction);
  if (actions.some((action) => !TRUST_ACTIONS.has(action.toLowerCase()))) throw malformed("AssumeRole policy may only specify STS AssumeRole actions.");
}

function checkStatement(statement: Statement, trust: TrustContext): void {
  for (const field of ["Resource", "NotResource", "NotPrincipal"]) {
    if (field in statement) throw malformed(`Has prohibited field ${field}`);
  }
  if (!("Principal" in statement)) {
    throw malformed("Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!");
  }
  checkActions(statement);
  checkPrincipal(statement.Principal, trust);
}

/** Throws MalformedPolicyDocument (or LimitExceeded for its size) unless `text` is a valid trust policy. */
export function validateTrustPolicy(text: string, trust: TrustContext): void {
  let document: unknown;
  try {
    document = parseUntrustedJson(text);
  } catch {
    throw malformed("This policy contains invalid Json");
  }
  const parsed = checkSyntax(document, TRUST_STATEMENT_FIELDS);
  if (!parsed) throw malformed("Syntax errors in policy.");
  checkEffectsAndSids(parsed.statements);
  for (const statement of parsed.statements) checkStatement(statement, trust);
  if (text.replace(/\s/g, "").length > MAX_TRUST_POLICY_CHARS) throw limitExceededQuota("ACLSizePerRole", MAX_TRUST_POLICY_CHARS);
}
