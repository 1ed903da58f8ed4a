/** CreateGroup, GetGroup (with its members), ListGroups, DeleteGroup; AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser; the group's policies. */
import { integer, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import type { IamGroup, IamState } from "../model/types";
import { addGroup, addMember, GROUP_HOLDER, groupOrThrow, groupsOfUser, removeGroup, removeMember } from "../model/groups";
import { findUser } from "../model/users";
import { holderPolicyOperations } from "./holder-policies";
import { paginateIam } from "./pages";
import { checkName, namedUser, requiredString } from "./params";
import { pathParam, pathPrefixParam } from "./role-params";

function groupXml(group: IamGroup) {
  return { Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: group.createDate };
}

function groupNameParam(params: QueryParams): string {
  const name = requiredString(params, "GroupName");
  checkName("GroupName", name, 128);
  return name;
}

function namedGroup(params: QueryParams, state: IamState): IamGroup {
  return groupOrThrow(state, groupNameParam(params));
}

function userNameParam(params: QueryParams): string {
  const name = requiredString(params, "UserName");
  checkName("UserName", name, 64);
  return name;
}

function byName(a: IamGroup, b: IamGroup): number {
  return a.groupName.toLowerCase().localeCompare(b.groupName.toLowerCase());
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateGroup: {
    Path: string({ minLength: 1, maxLength: 512 }),
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  GetGroup: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  ListGroups: {
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  DeleteGroup: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  AddUserToGroup: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  RemoveUserFromGroup: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  ListGroupsForUser: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

const createGroup: QueryOperation<IamState> = {
  input: INPUTS.CreateGroup,
  mutates: true,
  run(params, ctx, state) {
    const groupName = groupNameParam(params);
    return { Group: groupXml(addGroup(state, ctx.accountId, ctx.now, groupName, pathParam(params))) };
  },
};

/** The group and a page of its members, as GetGroup answers. */
const getGroup: QueryOperation<IamState> = {
  input: INPUTS.GetGroup,
  mutates: false,
  run(params, _ctx, state) {
    const group = namedGroup(params, state);
    const members = group.userNames.flatMap((name) => findUser(state, name) ?? []);
    const { items, ...page } = paginateIam(members, params);
    return {
      Group: groupXml(group),
      Users: items.map((user) => ({ Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate })),
      ...page,
    };
  },
};

const listGroups: QueryOperation<IamState> = {
  input: INPUTS.ListGroups,
  mutates: false,
  run(params, _ctx, state) {
    const prefix = pathPrefixParam(params);
    const groups = (state.groups ?? []).filter((group) => group.path.startsWith(prefix)).sort(byName);
    const { items, ...page } = paginateIam(groups, params);
    return { Groups: items.map(groupXml), ...page };
  },
};

const deleteGroup: QueryOperation<IamState> = {
  input: INPUTS.DeleteGroup,
  mutates: true,
  run(params, _ctx, state) {
    removeGroup(state, groupNameParam(params));
    return undefined;
  },
};

const addUserToGroup: QueryOperation<IamState> = {
  input: INPUTS.AddUserToGroup,
  mutates: true,
  run(params, _ctx, state) {
    addMember(state, groupNameParam(params), userNameParam(params));
    return undefined;
  },
};

const removeUserFromGroup: QueryOperation<IamState> = {
  input: INPUTS.RemoveUserFromGroup,
  mutates: true,
  run(params, _ctx, state) {
    removeMember(state, groupNameParam(params), userNameParam(params));
    return undefined;
  },
};

const listGroupsForUser: QueryOperation<IamState> = {
  input: INPUTS.ListGroupsForUser,
  mutates: false,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const { items, ...page } = paginateIam(groupsOfUser(state, user.userName).sort(byName), params);
    return { Groups: items.map(groupXml), ...page };
  },
};

export const groupOperations: Record<string, QueryOperation<IamState>> = {
  CreateGroup: createGroup,
  GetGroup: getGroup,
  ListGroups: listGroups,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
};

/** A group's permissions: AWS managed policies attached and inline policies, which every member gets. */
export const groupPolicyOperations = holderPolicyOperations({ entity: "Group", kind: GROUP_HOLDER, named: namedGroup, nameOf: (group) => group.groupName });
