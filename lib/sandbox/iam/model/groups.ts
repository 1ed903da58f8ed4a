/** IAM groups: members (users of the account) and the policies every member gets, with IAM's quotas and wording. */
import crypto from "node:crypto";
import { deleteConflict, entityAlreadyExists, limitExceededQuota, noSuchEntityNamed } from "./errors";
import type { HolderKind } from "./policy-holder";
import { userOrThrow } from "./users";
import type { IamGroup, IamState } from "./types";


/** IAM's defaults: 300 groups per account, a user in at most 10 groups; 10 managed policies and 5,120 inline characters per group. */
export const MAX_GROUPS_PER_ACCOUNT = 300;
export const MAX_GROUPS_PER_USER = 10;
export const GROUP_HOLDER: HolderKind = { noun: "group", attachedQuota: "PoliciesPerGroup", maxAttached: 10, maxInlineChars: 5120 };

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function newGroupId(): string {
  let id = "AGPA";
  for (const byte of crypto.randomBytes(17)) id += ID_ALPHABET[byte % 32];
  return id;
}

export function groupArn(accountId: string, groupName: string, path: string): string {
  return `arn:aws:iam::${accountId}:group${path}${groupName}`;
}

/** The account's groups; states written before groups existed have none. */
export function groupsOf(state: IamState): IamGroup[] {
  state.groups ??= [];
  return state.groups;
}

/** Group names are unique case-insensitively, as IAM's are. */
export function findGroup(state: IamState, groupName: string): IamGroup | undefined {
  const wanted = groupName.toLowerCase();
  return (state.groups ?? []).find((group) => group.groupName.toLowerCase() === wanted);
}

export function groupOrThrow(state: IamState, groupName: string): IamGroup {
  const group = findGroup(state, groupName);
  if (!group) throw noSuchEntityNamed("group", groupName);
  return group;
}

/** The groups a user belongs to, in the order the groups were made. */
export function groupsOfUser(state: IamState, userName: string): IamGroup[] {
  return (state.groups ?? []).filter((group) => group.userNames.includes(userName));
}

export function addGroup(state: IamState, accountId: string, now: number, groupName: string, path: string): IamGroup {
  if (findGroup(state, groupName)) throw entityAlreadyExists("Group", groupName);
  const groups = groupsOf(state);
  if (groups.length >= MAX_GROUPS_PER_ACCOUNT) throw limitExceededQuota("GroupsPerAccount", MAX_GROUPS_PER_ACCOUNT);
  const group: IamGroup = {
    groupName,
    groupId: newGroupId(),
    path,
    arn: groupArn(accountId, groupName, path),
    createDate: new Date(Math.floor(now / 1000) * 1000).toISOString(),
    userNames: [],
    attachedPolicyArns: [],
    inlinePolicies: [],
  };
  groups.push(group);
  return group;
}

/** IAM refuses to delete a group that still has members, then one with managed policies attached, then one with inline policies. */
export function removeGroup(state: IamState, groupName: string): void {
  const group = groupOrThrow(state, groupName);
  if (group.userNames.length > 0) throw deleteConflict("remove users from group");
  if (group.attachedPolicyArns.length > 0) throw deleteConflict("detach all policies");
  if (group.inlinePolicies.length > 0) throw deleteConflict("delete policies");
  const groups = groupsOf(state);
  groups.splice(groups.indexOf(group), 1);
}

/** Adding a member twice changes nothing, as on IAM. */
export function addMember(state: IamState, groupName: string, userName: string): void {
  const group = groupOrThrow(state, groupName);
  const user = userOrThrow(state, userName);
  if (group.userNames.includes(user.userName)) return;
  if (groupsOfUser(state, user.userName).length >= MAX_GROUPS_PER_USER) throw limitExceededQuota("GroupsPerUser", MAX_GROUPS_PER_USER);
  group.userNames.push(user.userName);
}

/** IAM answers NoSuchEntity for a user that exists but is not in the group, as for one that does not exist. */
export function removeMember(state: IamState, groupName: string, userName: string): void {
  const group = groupOrThrow(state, groupName);
  const user = userOrThrow(state, userName);
  const at = group.userNames.indexOf(user.userName);
  if (at < 0) throw noSuchEntityNamed("user", userName);
  group.userNames.splice(at, 1);
}
