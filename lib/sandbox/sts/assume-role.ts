/**
 * STS AssumeRole. The sandbox keeps no IAM roles, so no role can be assumed: STS answers as it does
 * for a role that does not exist or whose trust policy (or sts:ExternalId condition) does not admit
 * the caller — AccessDenied, without saying which (AWS does not reveal whether a role exists).
 * Malformed input is refused first, with STS's model validation messages.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { optionalString, requiredString } from "@/lib/sandbox/iam/handlers/params";
import { validationError } from "@/lib/sandbox/iam/model/errors";

/** AssumeRole's members: length limits and patterns from the STS API reference. */
const STRING_MEMBERS = [
  { name: "RoleArn", member: "roleArn", min: 20, max: 2048, required: true },
  { name: "RoleSessionName", member: "roleSessionName", min: 2, max: 64, required: true, pattern: /^[\w+=,.@-]*$/, patternText: "[\\w+=,.@-]*" },
  { name: "ExternalId", member: "externalId", min: 2, max: 1224, required: false, pattern: /^[\w+=,.@:/-]*$/, patternText: "[\\w+=,.@:\\/-]*" },
] as const;

const DURATION = { min: 900, max: 43_200 };

function checkStringMember(params: QueryParams, spec: (typeof STRING_MEMBERS)[number]): void {
  const value = spec.required ? requiredString(params, spec.name) : optionalString(params, spec.name);
  if (value === undefined) return;
  if (value.length < spec.min) throw validationError(`Value '${value}' at '${spec.member}' failed to satisfy constraint: Member must have length greater than or equal to ${spec.min}`);
  if (value.length > spec.max) throw validationError(`Value '${value}' at '${spec.member}' failed to satisfy constraint: Member must have length less than or equal to ${spec.max}`);
  if ("pattern" in spec && !spec.pattern.test(value)) {
    throw validationError(`Value '${value}' at '${spec.member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${spec.patternText}`);
  }
}

function checkDuration(params: QueryParams): void {
  const value = optionalString(params, "DurationSeconds");
  if (value === undefined) return;
  const seconds = Number(value);
  if (seconds < DURATION.min) throw validationError(`Value '${value}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${DURATION.min}`);
  if (seconds > DURATION.max) throw validationError(`Value '${value}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${DURATION.max}`);
}

export const assumeRole: QueryOperation<Record<string, never>> = {
  mutates: false,
  run(params, ctx) {
    for (const spec of STRING_MEMBERS) checkStringMember(params, spec);
    checkDuration(params);
    const roleArn = requiredString(params, "RoleArn");
    throw new AwsError("AccessDenied", `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  },
};
