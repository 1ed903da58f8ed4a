/**
 * Validation of a role's trust policy (CreateRole's AssumeRolePolicyDocument,
 * UpdateAssumeRolePolicy's PolicyDocument) as IAM does it, with its MalformedPolicyDocument
 * messages. A trust policy is a resource-based policy: it must name principals and may not name
 * resources, and it may grant only the STS actions that assume a role.
 */
import { firstPolicyError, refuse, type PolicyTable } from "@/lib/sandbox/core/policy-grammar/rules";
import { walkPolicyText } from "@/lib/sandbox/core/policy-grammar/walker";
import {
  limitExceededQuota,
  malformedPolicyDocumentInvalidJson,
  malformedPolicyDocumentInvalidPrincipal,
  malformedPolicyDocumentNoActions,
  malformedPolicyDocumentNoPrincipals,
  malformedPolicyDocumentNotAssumeRoleAction,
  malformedPolicyDocumentProhibitedField,
  malformedPolicyDocumentStarPrincipal,
  malformedPolicyDocumentSyntax,
} from "./errors";
import { IAM_EFFECT_AND_SID_PHASES, IAM_SYNTAX_FINDINGS } from "./policy-document";
import { findRole } from "./roles";
import { findUser } from "./users";
import type { IamState } from "./types";

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

/**
 * A trust policy is checked as identity policies are up to Sid uniqueness (its Version is not
 * required), then statement by statement: prohibited fields, a principal, actions that assume a
 * role, then each principal.
 */
function trustPolicyTable(trust: TrustContext): PolicyTable {
  return [
    [refuse("json-invalid", malformedPolicyDocumentInvalidJson)],
    [refuse(IAM_SYNTAX_FINDINGS, malformedPolicyDocumentSyntax)],
    ...IAM_EFFECT_AND_SID_PHASES,
    [
      refuse("has-resource", (finding) => malformedPolicyDocumentProhibitedField(finding.field!)),
      refuse("has-principal", (finding) => (finding.field === "NotPrincipal" ? malformedPolicyDocumentProhibitedField("NotPrincipal") : null)),
      refuse("principal-missing", malformedPolicyDocumentNoPrincipals),
      refuse(["action-missing", "action-empty"], malformedPolicyDocumentNoActions),
      refuse("action-value", (finding) => (TRUST_ACTIONS.has((finding.value as string).toLowerCase()) ? null : malformedPolicyDocumentNotAssumeRoleAction())),
      refuse("principal-wildcard", malformedPolicyDocumentStarPrincipal),
      refuse(["principal-not-object", "principal-values-not-strings"], malformedPolicyDocumentSyntax),
      refuse("principal-value", ({ field, value }) => (principalValueOk(field!, value as string, trust) ? null : malformedPolicyDocumentInvalidPrincipal(field!, value as string))),
    ],
  ];
}

/** Throws MalformedPolicyDocument (or LimitExceeded for its size) unless `text` is a valid trust policy. */
export function validateTrustPolicy(text: string, trust: TrustContext): void {
  const error = firstPolicyError(walkPolicyText(text), trustPolicyTable(trust));
  if (error) throw error;
  if (text.replace(/\s/g, "").length > MAX_TRUST_POLICY_CHARS) throw limitExceededQuota("ACLSizePerRole", MAX_TRUST_POLICY_CHARS);
}
