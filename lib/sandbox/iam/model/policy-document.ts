/**
 * Validation of identity policy documents as IAM does it (PutUserPolicy), with its
 * MalformedPolicyDocument messages. IAM checks every statement for one thing before the next, in
 * this order: no principal, syntax, version, effect's case, Sid uniqueness, actions, resources,
 * then resource and action formats. The grammar's walk is core/policy-grammar's; this is IAM's
 * table of what it refuses.
 */
import type { AwsError } from "@/lib/sandbox/core/errors";
import { firstPolicyError, refuse, type PolicyRule, type PolicyTable } from "@/lib/sandbox/core/policy-grammar/rules";
import { walkPolicyText, type FindingKind } from "@/lib/sandbox/core/policy-grammar/walker";
import {
  malformedPolicyDocumentActionColons,
  malformedPolicyDocumentActionNoVendor,
  malformedPolicyDocumentActionVendor,
  malformedPolicyDocumentDuplicateSid,
  malformedPolicyDocumentLegacyParsing,
  malformedPolicyDocumentNoActions,
  malformedPolicyDocumentNoResources,
  malformedPolicyDocumentPrincipalNotAllowed,
  malformedPolicyDocumentResourceNotArn,
  malformedPolicyDocumentResourceVendor,
  malformedPolicyDocumentSyntax,
  malformedPolicyDocumentVersion,
} from "./errors";

/** What IAM answers with "Syntax errors in policy." (a parsed document that breaks the grammar). */
export const IAM_SYNTAX_FINDINGS: readonly FindingKind[] = [
  "not-object", "unknown-top-field", "version-invalid", "id-not-string", "statement-missing", "statement-empty",
  "statement-not-object", "unknown-statement-field", "sid-not-string", "effect-missing", "effect-invalid",
  "both-action-fields", "both-resource-fields", "action-not-strings", "resource-not-strings",
  "condition-not-object", "condition-block-not-object", "condition-value-invalid",
];

/** IAM's rules after syntax that identity and trust policies share: the effect's exact case, then unique Sids. */
export const IAM_EFFECT_AND_SID_PHASES: readonly (readonly PolicyRule[])[] = [
  [refuse("effect-case", malformedPolicyDocumentLegacyParsing)],
  [refuse("sid-duplicate", malformedPolicyDocumentDuplicateSid)],
];

function actionFormatError(action: string): AwsError | null {
  const parts = action.split(":");
  if (parts.length === 1 && action !== "*") return malformedPolicyDocumentActionNoVendor();
  if (parts.length > 2) return malformedPolicyDocumentActionColons();
  if (parts[0] !== "*" && /[^a-zA-Z0-9\-.]/.test(parts[0])) return malformedPolicyDocumentActionVendor(parts[0]);
  return null;
}

function resourceFormatError(resource: string): AwsError | null {
  if (resource === "*") return null;
  if (!resource.includes(":")) return malformedPolicyDocumentResourceNotArn(resource);
  if (!/^arn:(aws|\*):/.test(resource)) return malformedPolicyDocumentResourceVendor();
  return null;
}

/** Identity policies: each rule is a phase of its own, as IAM checks all statements for each. */
const IDENTITY_POLICY_TABLE: PolicyTable = [
  [refuse("has-principal", malformedPolicyDocumentPrincipalNotAllowed)],
  [refuse(["json-invalid", ...IAM_SYNTAX_FINDINGS], malformedPolicyDocumentSyntax)],
  [refuse("version-not-2012", malformedPolicyDocumentVersion)],
  ...IAM_EFFECT_AND_SID_PHASES,
  [refuse(["action-missing", "action-empty"], malformedPolicyDocumentNoActions)],
  [refuse(["resource-missing", "resource-empty"], malformedPolicyDocumentNoResources)],
  [refuse("resource-value", (finding) => resourceFormatError(finding.value as string))],
  [refuse("action-value", (finding) => actionFormatError(finding.value as string))],
];

/** Throws MalformedPolicyDocument unless `text` is a valid identity policy. */
export function validateIdentityPolicy(text: string): void {
  const error = firstPolicyError(walkPolicyText(text), IDENTITY_POLICY_TABLE);
  if (error) throw error;
}
