/** CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser; TagUser, UntagUser, ListUserTags. */
import { integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { accessKeysOf, moveAccessKeys } from "../model/access-keys";
import { mergeTags } from "../model/tags";
import { addUser, changeUser, removeUser } from "../model/user-changes";
import { userOrThrow } from "../model/users";
import type { IamState, IamUser } from "../model/types";
import { paginateIam } from "./pages";
import { checkName, namedUser, optionalString, requiredString, targetUser } from "./params";
import { optionalPathParam, pathParam, pathPrefixParam, permissionsBoundaryParam, tagKeysParam, tagsParam } from "./role-params";

function userBase(user: IamUser) {
  return { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate };
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  GetUser: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
  },
  ListUsers: {
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  CreateUser: {
    Path: string({ minLength: 1, maxLength: 512 }),
    UserName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PermissionsBoundary: string({ minLength: 20, maxLength: 2048 }),
    Tags: listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 }),
  },
  UpdateUser: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    NewPath: string({ minLength: 1, maxLength: 512 }),
    NewUserName: string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" }),
  },
  DeleteUser: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  TagUser: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Tags: required(listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 })),
  },
  UntagUser: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    TagKeys: required(listOf(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" }), { maxItems: 50 })),
  },
  ListUserTags: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

/** CreateUser and GetUser: the user with its boundary and tags (each only when set, as IAM answers). */
function userXml(user: IamUser) {
  const boundary = user.permissionsBoundaryArn ? { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: user.permissionsBoundaryArn } : undefined;
  const tags = user.tags?.length ? user.tags : undefined;
  return { ...userBase(user), PermissionsBoundary: boundary, Tags: tags };
}

function userNameParam(params: QueryParams, name = "UserName"): string {
  const value = requiredString(params, name);
  checkName(name, value, 64);
  return value;
}

const createUser: QueryOperation<IamState> = {
  input: INPUTS.CreateUser,
  mutates: true,
  run(params, ctx, state) {
    const userName = userNameParam(params);
    const path = pathParam(params);
    const permissionsBoundaryArn = permissionsBoundaryParam(params);
    const tags = tagsParam(params);
    return { User: userXml(addUser(state, ctx.accountId, ctx.now, { userName, path, tags, permissionsBoundaryArn })) };
  },
};

const getUser: QueryOperation<IamState> = {
  input: INPUTS.GetUser,
  mutates: false,
  run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    if (user) return { User: userXml(user) };
    // The root user: IAM reports the account id as its UserId and no name or path.
    return { User: { UserId: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root`, CreateDate: state.users[0]?.createDate } };
  },
};

/** Users by name (case-insensitively), under PathPrefix, a page at a time; without tags or boundary, as IAM lists them. */
const listUsers: QueryOperation<IamState> = {
  input: INPUTS.ListUsers,
  mutates: false,
  run(params, _ctx, state) {
    const prefix = pathPrefixParam(params);
    const users = state.users.filter((user) => user.path.startsWith(prefix)).sort((a, b) => a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()));
    const { items, ...page } = paginateIam(users, params);
    return { Users: items.map(userBase), ...page };
  },
};

/** A rename carries the user's access keys (their own table) along; the state change commits after. */
const updateUser: QueryOperation<IamState> = {
  input: INPUTS.UpdateUser,
  mutates: true,
  async run(params, ctx, state) {
    const user = namedUser(params, state);
    const newUserName = optionalString(params, "NewUserName") === undefined ? undefined : userNameParam(params, "NewUserName");
    const newPath = optionalPathParam(params, "NewPath");
    const oldName = user.userName;
    changeUser(state, ctx.accountId, user, { newUserName, newPath });
    if (user.userName !== oldName) await moveAccessKeys(ctx.accountId, oldName, user.userName);
    return undefined;
  },
};

const deleteUser: QueryOperation<IamState> = {
  input: INPUTS.DeleteUser,
  mutates: true,
  async run(params, ctx, state) {
    const user = userOrThrow(state, userNameParam(params));
    const keys = await accessKeysOf(ctx.accountId, user.userName);
    removeUser(state, user.userName, keys.length);
    return undefined;
  },
};

const tagUser: QueryOperation<IamState> = {
  input: INPUTS.TagUser,
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    user.tags = mergeTags(user.tags ?? [], tagsParam(params), "TagsPerUser");
    return undefined;
  },
};

/** Keys match case-insensitively, as IAM's tag keys do; a key the user does not carry is no error. */
const untagUser: QueryOperation<IamState> = {
  input: INPUTS.UntagUser,
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const removed = new Set(tagKeysParam(params).map((key) => key.toLowerCase()));
    user.tags = (user.tags ?? []).filter((tag) => !removed.has(tag.Key.toLowerCase()));
    return undefined;
  },
};

const listUserTags: QueryOperation<IamState> = {
  input: INPUTS.ListUserTags,
  mutates: false,
  run(params, _ctx, state) {
    const { items, ...page } = paginateIam(namedUser(params, state).tags ?? [], params);
    return { Tags: items, ...page };
  },
};

export const userOperations: Record<string, QueryOperation<IamState>> = {
  CreateUser: createUser,
  GetUser: getUser,
  ListUsers: listUsers,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
  TagUser: tagUser,
  UntagUser: untagUser,
  ListUserTags: listUserTags,
};
