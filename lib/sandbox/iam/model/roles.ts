/** IAM roles of a sandbox account: what STS AssumeRole reads (the trust policy) and hands out sessions of. */
import crypto from "node:crypto";
import { AwsError } from "@/lib/sandbox/core/errors";
import { deleteConflict, entityAlreadyExists, limitExceededQuota, noSuchEntityNamed } from "@/lib/sandbox/iam/model/errors";
import type { IamRole, IamState } from "./types";


const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function newRoleId(): string {
  let id = "AROA";
  for (const byte of crypto.randomBytes(17)) id += ID_ALPHABET[byte % 32];
  return id;
}

export function roleArn(accountId: string, roleName: string, path = "/"): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

/** The account's roles; states written before roles existed have none. */
export function rolesOf(state: IamState): IamRole[] {
  state.roles ??= [];
  return state.roles;
}

/** Role names are unique case-insensitively, as IAM's are. */
export function findRole(state: IamState, roleName: string): IamRole | undefined {
  const wanted = roleName.toLowerCase();
  return (state.roles ?? []).find((role) => role.roleName.toLowerCase() === wanted);
}

export function noSuchRole(roleName: string): AwsError {
  return noSuchEntityNamed("role", roleName);
}

export function roleOrThrow(state: IamState, roleName: string): IamRole {
  const role = findRole(state, roleName);
  if (!role) throw noSuchRole(roleName);
  return role;
}

/** IAM's default RolesPerAccount quota. */
export const MAX_ROLES_PER_ACCOUNT = 1000;
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export interface NewRole {
  roleName: string;
  path: string;
  assumeRolePolicyDocument: string;
  description: string;
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  tags: { Key: string; Value: string }[];
}

/** Adds a role to the account; IAM refuses a name already taken in any case. */
export function addRole(state: IamState, accountId: string, now: number, input: NewRole): IamRole {
  if (findRole(state, input.roleName)) throw entityAlreadyExists("Role", input.roleName);
  const roles = rolesOf(state);
  if (roles.length >= MAX_ROLES_PER_ACCOUNT) throw limitExceededQuota("RolesPerAccount", MAX_ROLES_PER_ACCOUNT);
  const role: IamRole = {
    ...input,
    roleId: newRoleId(),
    arn: roleArn(accountId, input.roleName, input.path),
    createDate: new Date(Math.floor(now / 1000) * 1000).toISOString(),
    attachedPolicyArns: [],
    inlinePolicies: [],
  };
  if (role.permissionsBoundaryArn === undefined) delete role.permissionsBoundaryArn;
  roles.push(role);
  return role;
}

/** IAM refuses to delete a role that still has managed policies attached, then one with inline policies. */
export function removeRole(state: IamState, roleName: string): void {
  const role = roleOrThrow(state, roleName);
  if (role.attachedPolicyArns.length > 0) throw deleteConflict("detach all policies");
  if (role.inlinePolicies.length > 0) throw deleteConflict("delete policies");
  const roles = rolesOf(state);
  roles.splice(roles.indexOf(role), 1);
}
