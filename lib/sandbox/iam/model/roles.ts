/** IAM roles of a sandbox account: what STS AssumeRole reads (the trust policy) and hands out sessions of. */
import crypto from "node:crypto";
import type { InlinePolicy, IamState } from "./users";

export interface IamRole {
  roleName: string;
  /** "AROA" + 17 characters, random per role (a role deleted and created again gets a new id, as on AWS). */
  roleId: string;
  path: string;
  arn: string;
  /** ISO 8601. */
  createDate: string;
  /** The trust policy as the client sent it (decoded). */
  assumeRolePolicyDocument: string;
  description: string;
  /** Seconds, 3600–43200. */
  maxSessionDuration: number;
  attachedPolicyArns: string[];
  inlinePolicies: InlinePolicy[];
  tags: { Key: string; Value: string }[];
}

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
