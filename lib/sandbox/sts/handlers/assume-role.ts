/**
 * STS AssumeRole: the role's trust policy decides, evaluated with the analysis library's policy
 * engine exactly as AWS evaluates a resource policy — the caller as principal, sts:AssumeRole on
 * the role's ARN, the ExternalId as sts:ExternalId — together with the caller's own identity
 * policies (which must allow it too across accounts, or when the trust policy names only the
 * account). Success hands out temporary credentials for a role session in the role's account.
 * A refusal never says whether the role exists (AWS does not either). Malformed input is refused
 * first, with STS's model validation messages.
 */
import { integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { evaluatePolicies, type NamedPolicy } from "@/lib/analysis";
import { AwsError } from "@/lib/sandbox/core/errors";
import type { Caller, QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { optionalString, requiredString } from "@/lib/sandbox/iam/handlers/params";
import { validationErrorMaxLength, validationErrorMaxValue, validationErrorMinLength, validationErrorMinValue, validationErrorPattern } from "@/lib/sandbox/iam/model/errors";
import { ADMINISTRATOR_ACCESS_ARN, managedPolicy } from "@/lib/sandbox/iam/model/managed-policies";
import { findRole } from "@/lib/sandbox/iam/model/roles";
import type { IamRole } from "@/lib/sandbox/iam/model/types";
import { currentIamState } from "@/lib/sandbox/iam/state";
import { roleSessionIdentity, userIdentity } from "@/lib/sandbox/iam/identities";
import { issueTemporaryCredentials } from "@/lib/sandbox/temporary-credentials";
import { accessDenied, validationErrorMaxSessionDuration, validationErrorRoleChainingDuration } from "../model/errors";

/** AssumeRole's members: length limits and patterns from the STS API reference. */
const STRING_MEMBERS = [
  { name: "RoleArn", member: "roleArn", min: 20, max: 2048, required: true },
  { name: "RoleSessionName", member: "roleSessionName", min: 2, max: 64, required: true, pattern: /^[\w+=,.@-]*$/, patternText: "[\\w+=,.@-]*" },
  { name: "ExternalId", member: "externalId", min: 2, max: 1224, required: false, pattern: /^[\w+=,.@:/-]*$/, patternText: "[\\w+=,.@:\\/-]*" },
] as const;

const DURATION = { min: 900, max: 43_200, default: 3600 };
/** A role session assuming another role ("role chaining") gets at most one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3600;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

function checkStringMember(params: QueryParams, spec: (typeof STRING_MEMBERS)[number]): void {
  const value = spec.required ? requiredString(params, spec.name) : optionalString(params, spec.name);
  if (value === undefined) return;
  if (value.length < spec.min) throw validationErrorMinLength(spec.member, value, spec.min);
  if (value.length > spec.max) throw validationErrorMaxLength(spec.member, value, spec.max);
  if ("pattern" in spec && !spec.pattern.test(value)) {
    throw validationErrorPattern(spec.member, value, spec.patternText);
  }
}

function durationOf(params: QueryParams): number {
  const value = optionalString(params, "DurationSeconds");
  if (value === undefined) return DURATION.default;
  const seconds = Number(value);
  if (seconds < DURATION.min) throw validationErrorMinValue("durationSeconds", value, DURATION.min);
  if (seconds > DURATION.max) throw validationErrorMaxValue("durationSeconds", value, DURATION.max);
  return seconds;
}

function notAuthorized(caller: Caller, roleArn: string): AwsError {
  return accessDenied(caller.arn, roleArn);
}

/** The role the ARN names, if it exists with exactly that path. */
async function roleNamed(roleArn: string): Promise<{ role: IamRole; accountId: string } | null> {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) return null;
  const [, accountId, path, name] = match;
  const role = findRole(await currentIamState(accountId), name);
  return role && role.path === path && role.roleName === name ? { role, accountId } : null;
}

/** The caller's identity policies (and a role session's permissions boundary); the root user may do anything its account may. */
async function callerPolicies(caller: Caller): Promise<{ identityPolicies: NamedPolicy[]; permissionsBoundary?: NamedPolicy }> {
  const identity = caller.role
    ? await roleSessionIdentity(caller.accountId, caller.role.roleName, caller.arn)
    : caller.userName !== null
      ? await userIdentity(caller.accountId, caller.userName)
      : null;
  if (!identity) return { identityPolicies: [{ name: "root", document: managedPolicy(ADMINISTRATOR_ACCESS_ARN)!.document }] };
  const identityPolicies = identity.policies.map((document, position) => ({ name: `${identity.userName} policy ${position + 1}`, document }));
  const boundary = identity.permissionsBoundary;
  return boundary ? { identityPolicies, permissionsBoundary: { name: `${identity.userName} permissions boundary`, document: boundary } } : { identityPolicies };
}

async function trustAdmits(caller: Caller, role: IamRole, accountId: string, externalId: string | undefined): Promise<boolean> {
  const principalArn = caller.role ? caller.role.roleArn : caller.arn;
  const decision = await evaluatePolicies({
    principalArn: caller.arn,
    action: "sts:AssumeRole",
    resourceArn: role.arn,
    resourceAccountId: accountId,
    context: {
      "aws:PrincipalArn": principalArn,
      "aws:PrincipalAccount": caller.accountId,
      ...(externalId === undefined ? {} : { "sts:ExternalId": externalId }),
    },
    ...(await callerPolicies(caller)),
    resourcePolicy: { name: role.roleName, document: role.assumeRolePolicyDocument },
  });
  return decision.result === "Allowed";
}

function sessionLimitError(caller: Caller): AwsError {
  return caller.role
    ? validationErrorRoleChainingDuration()
    : validationErrorMaxSessionDuration();
}

/** What each operation accepts, by wire name (botocore's sts model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  AssumeRole: {
    RoleArn: required(string({ minLength: 20, maxLength: 2048, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+" })),
    RoleSessionName: required(string({ minLength: 2, maxLength: 64, pattern: "[\\w+=,.@-]*" })),
    PolicyArns: listOf(structure({
      arn: string({ minLength: 20, maxLength: 2048, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+" }),
    })),
    Policy: string({ minLength: 1, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" }),
    DurationSeconds: integer({ min: 900, max: 43200 }),
    Tags: listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 }),
    TransitiveTagKeys: listOf(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" }), { maxItems: 50 }),
    ExternalId: string({ minLength: 2, maxLength: 1224, pattern: "[\\w+=,.@:\\/-]*" }),
    SerialNumber: string({ minLength: 9, maxLength: 256, pattern: "[\\w+=/:,.@-]*" }),
    TokenCode: string({ minLength: 6, maxLength: 6, pattern: "[\\d]*" }),
    SourceIdentity: string({ minLength: 2, maxLength: 64, pattern: "[\\w+=,.@-]*" }),
    ProvidedContexts: listOf(structure({
      ProviderArn: string({ minLength: 20, maxLength: 2048, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+" }),
      ContextAssertion: string({ minLength: 4, maxLength: 2048 }),
    }), { minItems: 1, maxItems: 5 }),
  },
} satisfies Record<string, InputMembers>;

export const assumeRole: QueryOperation<Record<string, never>> = {
  input: INPUTS.AssumeRole,
  mutates: false,
  async run(params, ctx) {
    for (const spec of STRING_MEMBERS) checkStringMember(params, spec);
    const durationSeconds = durationOf(params);
    const roleArn = requiredString(params, "RoleArn");
    const sessionName = requiredString(params, "RoleSessionName");
    const target = await roleNamed(roleArn);
    if (!target || !(await trustAdmits(ctx.caller, target.role, target.accountId, optionalString(params, "ExternalId")))) {
      throw notAuthorized(ctx.caller, roleArn);
    }
    const { role, accountId } = target;
    if (durationSeconds > (ctx.caller.role ? ROLE_CHAINING_MAX_SECONDS : role.maxSessionDuration)) throw sessionLimitError(ctx.caller);
    const expiresAt = Math.floor(ctx.now / 1000) * 1000 + durationSeconds * 1000;
    const credentials = await issueTemporaryCredentials({ accountId, roleName: role.roleName, roleId: role.roleId, roleArn: role.arn, sessionName, expiresAt });
    return {
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: new Date(expiresAt).toISOString().replace(".000Z", "Z"),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${role.roleId}:${sessionName}`,
        Arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${sessionName}`,
      },
    };
  },
};
