/**
 * Instance profiles: the container EC2 hands a role through to an instance. IAM lets a profile
 * hold one role; a role still in a profile cannot be deleted, nor a profile that still holds one.
 */
import crypto from "node:crypto";
import { deleteConflict, entityAlreadyExistsInstanceProfile, limitExceededQuota, noSuchEntityInstanceProfile, noSuchEntityNamed } from "./errors";
import { roleOrThrow } from "./roles";
import type { IamInstanceProfile, IamRole, IamState } from "./types";
import type { IamTag } from "./tags";


/** IAM's default InstanceProfilesPerAccount quota. */
export const MAX_INSTANCE_PROFILES_PER_ACCOUNT = 1000;
const MAX_ROLES_PER_PROFILE = 1;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function newInstanceProfileId(): string {
  let id = "AIPA";
  for (const byte of crypto.randomBytes(17)) id += ID_ALPHABET[byte % 32];
  return id;
}

export function instanceProfileArn(accountId: string, name: string, path: string): string {
  return `arn:aws:iam::${accountId}:instance-profile${path}${name}`;
}

export function instanceProfilesOf(state: IamState): IamInstanceProfile[] {
  state.instanceProfiles ??= [];
  return state.instanceProfiles;
}

/** Profile names are unique case-insensitively, as IAM's names are. */
export function findInstanceProfile(state: IamState, name: string): IamInstanceProfile | undefined {
  const wanted = name.toLowerCase();
  return (state.instanceProfiles ?? []).find((profile) => profile.instanceProfileName.toLowerCase() === wanted);
}

export function instanceProfileOrThrow(state: IamState, name: string): IamInstanceProfile {
  const profile = findInstanceProfile(state, name);
  if (!profile) throw noSuchEntityInstanceProfile(name);
  return profile;
}

/** The profiles holding a role (ListInstanceProfilesForRole, DeleteRole's conflict). */
export function instanceProfilesForRole(state: IamState, roleName: string): IamInstanceProfile[] {
  const wanted = roleName.toLowerCase();
  return (state.instanceProfiles ?? []).filter((profile) => profile.roleNames.some((name) => name.toLowerCase() === wanted));
}

/** The roles of a profile as IAM shows them (a role deleted since cannot be: DeleteRole refuses while it is in a profile). */
export function rolesOfProfile(state: IamState, profile: IamInstanceProfile): IamRole[] {
  return profile.roleNames.map((name) => roleOrThrow(state, name));
}

export interface NewInstanceProfile {
  instanceProfileName: string;
  path: string;
  tags: IamTag[];
}

export function addInstanceProfile(state: IamState, accountId: string, now: number, input: NewInstanceProfile): IamInstanceProfile {
  if (findInstanceProfile(state, input.instanceProfileName)) {
    throw entityAlreadyExistsInstanceProfile(input.instanceProfileName);
  }
  const profiles = instanceProfilesOf(state);
  if (profiles.length >= MAX_INSTANCE_PROFILES_PER_ACCOUNT) throw limitExceededQuota("InstanceProfilesPerAccount", MAX_INSTANCE_PROFILES_PER_ACCOUNT);
  const profile: IamInstanceProfile = {
    ...input,
    instanceProfileId: newInstanceProfileId(),
    arn: instanceProfileArn(accountId, input.instanceProfileName, input.path),
    createDate: new Date(Math.floor(now / 1000) * 1000).toISOString(),
    roleNames: [],
  };
  profiles.push(profile);
  return profile;
}

export function removeInstanceProfile(state: IamState, name: string): void {
  const profile = instanceProfileOrThrow(state, name);
  if (profile.roleNames.length > 0) throw deleteConflict("remove roles from instance profile");
  const profiles = instanceProfilesOf(state);
  profiles.splice(profiles.indexOf(profile), 1);
}

/** DeleteRole's refusal while the role is in a profile. */
export function checkRoleInNoProfile(state: IamState, roleName: string): void {
  if (instanceProfilesForRole(state, roleName).length > 0) throw deleteConflict("remove roles from instance profile");
}

/** A profile holds one role: a second (or the same one again) exceeds IAM's quota. */
export function addRoleToProfile(state: IamState, profileName: string, roleName: string): void {
  const profile = instanceProfileOrThrow(state, profileName);
  const role = roleOrThrow(state, roleName);
  if (profile.roleNames.length >= MAX_ROLES_PER_PROFILE) throw limitExceededQuota("InstanceSessionsPerInstanceProfile", MAX_ROLES_PER_PROFILE);
  profile.roleNames.push(role.roleName);
}

export function removeRoleFromProfile(state: IamState, profileName: string, roleName: string): void {
  const profile = instanceProfileOrThrow(state, profileName);
  const role = roleOrThrow(state, roleName);
  const at = profile.roleNames.indexOf(role.roleName);
  if (at < 0) throw noSuchEntityNamed("role", roleName);
  profile.roleNames.splice(at, 1);
}
