/**
 * Validation of VPC endpoint policies (CreateVpcEndpoint's and ModifyVpcEndpoint's PolicyDocument)
 * as EC2 does it, with its InvalidPolicyDocument messages. The grammar's walk is
 * core/policy-grammar's; this is EC2's table of what it refuses.
 */
import { firstPolicyError, refuse, type PolicyTable } from "@/lib/sandbox/core/policy-grammar/rules";
import { walkPolicyText } from "@/lib/sandbox/core/policy-grammar/walker";
import {
  invalidPolicyDocumentCondition,
  invalidPolicyDocumentEffect,
  invalidPolicyDocumentMissingField,
  invalidPolicyDocumentNotObject,
  invalidPolicyDocumentNotStrings,
  invalidPolicyDocumentStatementNotObject,
  invalidPolicyDocumentSyntax,
  invalidPolicyDocumentTooLarge,
  invalidPolicyDocumentUnsupportedField,
  invalidPolicyDocumentVersion,
} from "./errors";

const MAX_ENDPOINT_POLICY_CHARS = 20_480;

/** EC2 checks the document, then each statement in turn (a phase for each); it ignores the rest of the grammar. */
const ENDPOINT_POLICY_TABLE: PolicyTable = [
  [
    refuse("json-invalid", ({ position }) => invalidPolicyDocumentSyntax(position!.line, position!.column)),
    refuse("not-object", invalidPolicyDocumentNotObject),
    refuse("version-invalid", (finding) => invalidPolicyDocumentVersion(finding.value)),
    refuse("statement-missing", () => invalidPolicyDocumentMissingField("Statement")),
  ],
  [
    refuse("statement-not-object", invalidPolicyDocumentStatementNotObject),
    refuse("unknown-statement-field", (finding) => invalidPolicyDocumentUnsupportedField(finding.field!)),
    refuse(["effect-missing", "effect-invalid", "effect-case"], invalidPolicyDocumentEffect),
    refuse("action-missing", () => invalidPolicyDocumentMissingField("Action")),
    refuse(["action-not-strings", "action-empty", "resource-not-strings", "resource-empty"], (finding) => invalidPolicyDocumentNotStrings(finding.field!)),
    refuse("condition-not-object", invalidPolicyDocumentCondition),
  ],
];

/** Checks an endpoint policy as EC2 does before storing it; returns the text unchanged. */
export function validateEndpointPolicy(text: string): string {
  if (text.length > MAX_ENDPOINT_POLICY_CHARS) throw invalidPolicyDocumentTooLarge(MAX_ENDPOINT_POLICY_CHARS);
  const error = firstPolicyError(walkPolicyText(text), ENDPOINT_POLICY_TABLE);
  if (error) throw error;
  return text;
}
