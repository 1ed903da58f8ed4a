/**
 * Validation of bucket policies as PutBucketPolicy does it, with S3's MalformedPolicy messages:
 * size and first byte, the document's fields, then statement by statement its Effect, Principal,
 * Action, Resource and Condition, and finally whether the statement's actions apply to its
 * resources. The grammar's walk is core/policy-grammar's; this is S3's table of what it refuses.
 */
import { firstPolicyError, refuse, type PolicyTable } from "@/lib/sandbox/core/policy-grammar/rules";
import { asList, walkPolicyText, type Statement } from "@/lib/sandbox/core/policy-grammar/walker";
import {
  malformedPolicyAction,
  malformedPolicyActionNotApplicable,
  malformedPolicyConditionKey,
  malformedPolicyConditionType,
  malformedPolicyEffect,
  malformedPolicyFirstByte,
  malformedPolicyInvalidJson,
  malformedPolicyMissingField,
  malformedPolicyPrincipal,
  malformedPolicyResource,
  malformedPolicyStatementEmpty,
  malformedPolicyTooLarge,
  malformedPolicyUnknownField,
  malformedPolicyVersion,
} from "./errors";
import { globToRegExp, resourceTypesOf, type S3ResourceType } from "./s3-actions";

/** S3 caps bucket policies at 20 KB. */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

const PRINCIPAL_TYPES = new Set(["AWS", "Service", "CanonicalUser", "Federated"]);

function isValidPrincipal(type: string, value: string): boolean {
  if (!PRINCIPAL_TYPES.has(type)) return false;
  return type !== "AWS" || value === "*" || /^\d{12}$/.test(value) || /^arn:aws:iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)$/.test(value);
}

/** The resource types an S3 ARN names within `bucket`, or null when it is not one of this bucket's. */
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

/** NotAction / NotResource match by exclusion: only a plain Action + Resource pair can miss. */
function actionsApply(statement: Statement, bucket: string): boolean {
  if (statement.Action === undefined || statement.Resource === undefined) return true;
  const resourceTypes = asList(statement.Resource as string | string[]).map((resource) => resourceTypeOf(resource, bucket)!);
  return asList(statement.Action as string | string[]).some((action) => {
    const types = resourceTypesOf(action);
    return resourceTypes.some((kinds) => kinds.some((kind) => types.has(kind)));
  });
}

/** S3 checks the document, then each statement in turn (a phase for each). */
function bucketPolicyTable(bucket: string): PolicyTable {
  return [
    [
      refuse(["json-invalid", "not-object"], malformedPolicyInvalidJson),
      refuse("unknown-top-field", (finding) => malformedPolicyUnknownField(finding.field!)),
      refuse("version-invalid", malformedPolicyVersion),
      refuse("id-not-string", malformedPolicyInvalidJson),
      refuse("statement-missing", () => malformedPolicyMissingField("Statement")),
      refuse("statement-empty", malformedPolicyStatementEmpty),
    ],
    [
      refuse("statement-not-object", malformedPolicyInvalidJson),
      refuse("unknown-statement-field", (finding) => malformedPolicyUnknownField(finding.field!)),
      refuse("effect-missing", () => malformedPolicyMissingField("Effect")),
      refuse(["effect-invalid", "effect-case"], (finding) => malformedPolicyEffect(finding.value)),
      refuse("principal-missing", () => malformedPolicyMissingField("Principal")),
      refuse(["principal-not-object", "principal-values-not-strings", "principal-values-empty"], malformedPolicyPrincipal),
      refuse("principal-value", ({ field, value }) => (isValidPrincipal(field!, value as string) ? null : malformedPolicyPrincipal())),
      refuse("action-missing", () => malformedPolicyMissingField("Action")),
      refuse(["action-not-strings", "action-empty"], malformedPolicyAction),
      refuse("action-value", (finding) => (resourceTypesOf(finding.value as string).size > 0 ? null : malformedPolicyAction())),
      refuse("resource-missing", () => malformedPolicyMissingField("Resource")),
      refuse(["resource-not-strings", "resource-empty"], malformedPolicyResource),
      refuse("resource-value", (finding) => (resourceTypeOf(finding.value as string, bucket) ? null : malformedPolicyResource())),
      refuse("condition-not-object", malformedPolicyConditionKey),
      refuse("condition-operator-unknown", (finding) => malformedPolicyConditionType(finding.field!)),
      refuse(["condition-block-not-object", "condition-value-invalid"], malformedPolicyConditionKey),
      refuse("statement", (finding) => (actionsApply(finding.value as Statement, bucket) ? null : malformedPolicyActionNotApplicable())),
    ],
  ];
}

/** Throws MalformedPolicy (S3's wording) unless `text` is a valid policy for `bucket`. */
export function validateBucketPolicy(text: string, bucket: string): void {
  if (Buffer.byteLength(text, "utf8") > MAX_BUCKET_POLICY_BYTES) throw malformedPolicyTooLarge();
  if (!text.trimStart().startsWith("{")) throw malformedPolicyFirstByte();
  const error = firstPolicyError(walkPolicyText(text), bucketPolicyTable(bucket));
  if (error) throw error;
}
