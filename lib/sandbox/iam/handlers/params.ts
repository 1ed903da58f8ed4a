/** Reading IAM Query parameters with IAM's validation messages. */
import type { QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { invalidInputArn, validationErrorMaxLength, validationErrorNotNull, validationErrorNotString, validationErrorPattern, validationErrorUserNameRequired } from "../model/errors";
import { userOrThrow } from "../model/users";
import type { IamState, IamUser } from "../model/types";

/** The wire member name IAM quotes in validation errors: "UserName" -> "userName". */
function memberName(name: string): string {
  return name[0].toLowerCase() + name.slice(1);
}

export function optionalString(params: QueryParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw validationErrorNotString(memberName(name));
  return value;
}

export function requiredString(params: QueryParams, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw validationErrorNotNull(memberName(name));
  return value;
}

/** Names of users, policies: IAM's pattern and length limits. */
export function checkName(name: string, value: string, maxLength: number): void {
  if (value.length < 1 || value.length > maxLength) {
    throw validationErrorMaxLength(memberName(name), value, maxLength);
  }
  if (!/^[\w+=,.@-]+$/.test(value)) {
    throw validationErrorPattern(memberName(name), value, "[\\w+=,.@-]+");
  }
}

/**
 * The user a call is about: UserName when given, else the caller's own user (as IAM defaults it).
 * null means the account's root user (a root caller without UserName).
 */
export function targetUser(params: QueryParams, ctx: RequestContext, state: IamState): IamUser | null {
  const named = optionalString(params, "UserName");
  if (named !== undefined) {
    checkName("UserName", named, 64);
    return userOrThrow(state, named);
  }
  // IAM cannot default the user for a role session's temporary credentials.
  if (ctx.caller.role) throw validationErrorUserNameRequired();
  return ctx.caller.userName === null ? null : userOrThrow(state, ctx.caller.userName);
}

/** For calls that need a user (policies): UserName is required. */
export function namedUser(params: QueryParams, state: IamState): IamUser {
  const name = requiredString(params, "UserName");
  checkName("UserName", name, 64);
  return userOrThrow(state, name);
}

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy\/.+$/;

/** A policy ARN parameter (PolicyArn, PermissionsBoundary). */
export function policyArnParam(params: QueryParams, name = "PolicyArn"): string {
  const arn = requiredString(params, name);
  if (!POLICY_ARN.test(arn)) throw invalidInputArn(arn);
  return arn;
}
