/** Reading the parameters of the role operations with IAM's validation messages. */
import type { QueryParams, QueryValue } from "@/lib/sandbox/core/types";
import type { IamRole, IamState } from "../model/types";
import {
  noSuchEntityPermissionsBoundary,
  validationErrorInvalidPath,
  validationErrorMaxLength,
  validationErrorMaxValue,
  validationErrorMinValue,
  validationErrorNotList,
  validationErrorNotNull,
  validationErrorPattern,
} from "../model/errors";
import { managedPolicy } from "../model/managed-policies";
import { DEFAULT_MAX_SESSION_DURATION, roleOrThrow } from "../model/roles";
import { checkTagKeys, checkTags, type IamTag } from "../model/tags";
import { optionalInteger } from "./pages";
import { checkName, optionalString, policyArnParam, requiredString } from "./params";

const MAX_SESSION_DURATION = { min: 3600, max: 43_200 };
const PATH = /^\/$|^\/[\x21-\x7e]*\/$/;
const DESCRIPTION = /^[\t\n\r\x20-\x7e\xa1-\xff]*$/;

export function roleNameParam(params: QueryParams): string {
  const name = requiredString(params, "RoleName");
  checkName("RoleName", name, 64);
  return name;
}

/** The role a call names (RoleName), which must exist. */
export function namedRole(params: QueryParams, state: IamState): IamRole {
  return roleOrThrow(state, roleNameParam(params));
}

function checkPath(value: string, member: string): void {
  if (value.length > 512) throw validationErrorMaxLength(member, value, 512);
}

export function pathParam(params: QueryParams): string {
  return optionalPathParam(params, "Path") ?? "/";
}

/** A path parameter (Path, UpdateUser's NewPath): IAM names the member in its wording. */
export function optionalPathParam(params: QueryParams, name: string): string | undefined {
  const path = optionalString(params, name);
  if (path === undefined) return undefined;
  const member = name[0].toLowerCase() + name.slice(1);
  checkPath(path, member);
  if (!PATH.test(path)) {
    throw validationErrorInvalidPath(member);
  }
  return path;
}

export function pathPrefixParam(params: QueryParams): string {
  const prefix = optionalString(params, "PathPrefix") ?? "/";
  checkPath(prefix, "pathPrefix");
  if (!/^\/[\x21-\x7f]*$/.test(prefix)) {
    throw validationErrorPattern("pathPrefix", prefix, "\\u002F[\\u0021-\\u007F]*");
  }
  return prefix;
}

export function descriptionParam(params: QueryParams): string | undefined {
  const description = optionalString(params, "Description");
  if (description === undefined) return undefined;
  if (description.length > 1000) {
    throw validationErrorMaxLength("description", description, 1000);
  }
  if (!DESCRIPTION.test(description)) {
    throw validationErrorPattern("description", description, "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
  }
  return description;
}

export function maxSessionDurationParam(params: QueryParams): number | undefined {
  const seconds = optionalInteger(params, "MaxSessionDuration", "maxSessionDuration");
  if (seconds === undefined) return undefined;
  if (seconds < MAX_SESSION_DURATION.min) {
    throw validationErrorMinValue("maxSessionDuration", seconds, MAX_SESSION_DURATION.min);
  }
  if (seconds > MAX_SESSION_DURATION.max) {
    throw validationErrorMaxValue("maxSessionDuration", seconds, MAX_SESSION_DURATION.max);
  }
  return seconds;
}

export { DEFAULT_MAX_SESSION_DURATION };

/** A Query list ("Tags.member.1.Key=…"): an empty list arrives as "Tags=". */
function memberList(params: QueryParams, name: string): QueryValue[] {
  const value = params[name];
  if (value === undefined || value === "") return [];
  const members = typeof value === "object" && !Array.isArray(value) ? value.member : undefined;
  if (!Array.isArray(members)) throw validationErrorNotList(`${name[0].toLowerCase()}${name.slice(1)}`);
  return members;
}

function tagField(member: QueryValue | undefined, position: number, field: "Key" | "Value"): string {
  const value = typeof member === "object" && member !== null && !Array.isArray(member) ? member[field] : undefined;
  if (typeof value !== "string") throw validationErrorNotNull(`tags.${position}.member.${field.toLowerCase()}`);
  return value;
}

/** Tags of CreateRole / TagRole, checked against IAM's tag limits. */
export function tagsParam(params: QueryParams): IamTag[] {
  const tags = memberList(params, "Tags").map((member, index) => ({ Key: tagField(member, index + 1, "Key"), Value: tagField(member, index + 1, "Value") }));
  checkTags(tags);
  return tags;
}

export function tagKeysParam(params: QueryParams): string[] {
  const keys = memberList(params, "TagKeys").map((key) => (typeof key === "string" ? key : ""));
  checkTagKeys(keys);
  return keys;
}

/** CreateRole's and CreateUser's PermissionsBoundary: an AWS managed policy the sandbox knows. */
export function permissionsBoundaryParam(params: QueryParams): string | undefined {
  if (optionalString(params, "PermissionsBoundary") === undefined) return undefined;
  const arn = policyArnParam(params, "PermissionsBoundary");
  if (!managedPolicy(arn)) throw noSuchEntityPermissionsBoundary(arn);
  return arn;
}
