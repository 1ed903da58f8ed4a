/** CreateGroup, GetGroup (with its members), ListGroups, DeleteGroup; AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser; the group's policies. */
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { addGroup, addMember, GROUP_HOLDER, groupOrThrow, groupsOfUser, removeGroup, removeMember, type IamGroup } from "../model/groups";
import { findUser, type IamState } from "../model/users";
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

const createGroup: QueryOperation<IamState> = {
  mutates: true,
  run(params, ctx, state) {
    const groupName = groupNameParam(params);
    return { Group: groupXml(addGroup(state, ctx.accountId, ctx.now, groupName, pathParam(params))) };
  },
};

/** The group and a page of its members, as GetGroup answers. */
const getGroup: QueryOperation<IamState> = {
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
  mutates: false,
  run(params, _ctx, state) {
    const prefix = pathPrefixParam(params);
    const groups = (state.groups ?? []).filter((group) => group.path.startsWith(prefix)).sort(byName);
    const { items, ...page } = paginateIam(groups, params);
    return { Groups: items.map(groupXml), ...page };
  },
};

const deleteGroup: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    removeGroup(state, groupNameParam(params));
    return undefined;
  },
};

const addUserToGroup: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    addMember(state, groupNameParam(params), userNameParam(params));
    return undefined;
  },
};

const removeUserFromGroup: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    removeMember(state, groupNameParam(params), userNameParam(params));
    return undefined;
  },
};

const listGroupsForUser: QueryOperation<IamState> = {
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
