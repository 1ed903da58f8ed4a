/** CreateUser, UpdateUser and DeleteUser's rules: IAM's uniqueness, quota and deletion conflicts. */
import { AwsError } from "@/lib/sandbox/core/errors";
import { deleteConflict, entityAlreadyExists, limitExceededQuota } from "./errors";
import { groupsOfUser } from "./groups";
import type { IamTag } from "./tags";
import { newUserId, userArn, userNameTaken, userOrThrow } from "./users";
import type { IamState, IamUser } from "./types";

/** IAM's default UsersPerAccount quota. */
export const MAX_USERS_PER_ACCOUNT = 5000;

export interface NewUser {
  userName: string;
  path: string;
  tags: IamTag[];
  permissionsBoundaryArn?: string;
}

function alreadyExists(userName: string): AwsError {
  return entityAlreadyExists("User", userName);
}

export function addUser(state: IamState, accountId: string, now: number, input: NewUser): IamUser {
  if (userNameTaken(state, input.userName)) throw alreadyExists(input.userName);
  if (state.users.length >= MAX_USERS_PER_ACCOUNT) throw limitExceededQuota("UsersPerAccount", MAX_USERS_PER_ACCOUNT);
  const user: IamUser = {
    userName: input.userName,
    userId: newUserId(),
    path: input.path,
    arn: userArn(accountId, input.userName, input.path),
    createDate: new Date(Math.floor(now / 1000) * 1000).toISOString(),
    attachedPolicyArns: [],
    inlinePolicies: [],
    tags: input.tags,
    ...(input.permissionsBoundaryArn ? { permissionsBoundaryArn: input.permissionsBoundaryArn } : {}),
  };
  state.users.push(user);
  return user;
}

/**
 * IAM deletes only a bare user: no access keys (counted by the caller, they live in their own
 * table), no inline policies, no managed policies attached, in no group.
 */
export function removeUser(state: IamState, userName: string, accessKeyCount: number): void {
  const user = userOrThrow(state, userName);
  if (accessKeyCount > 0) throw deleteConflict("delete access keys");
  if (user.inlinePolicies.length > 0) throw deleteConflict("delete policies");
  if (user.attachedPolicyArns.length > 0) throw deleteConflict("detach all policies");
  if (groupsOfUser(state, user.userName).length > 0) throw deleteConflict("remove users from group");
  state.users.splice(state.users.indexOf(user), 1);
}

/** UpdateUser: a new name (free in any case, unless it is the user's own in another case) and/or path; groups follow the rename. */
export function changeUser(state: IamState, accountId: string, user: IamUser, change: { newUserName?: string; newPath?: string }): void {
  const { newUserName = user.userName, newPath = user.path } = change;
  if (newUserName.toLowerCase() !== user.userName.toLowerCase() && userNameTaken(state, newUserName)) throw alreadyExists(newUserName);
  for (const group of groupsOfUser(state, user.userName)) group.userNames = group.userNames.map((name) => (name === user.userName ? newUserName : name));
  user.userName = newUserName;
  user.path = newPath;
  user.arn = userArn(accountId, newUserName, newPath);
}
