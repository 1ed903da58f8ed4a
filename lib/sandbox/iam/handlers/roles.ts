/** CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole. */
import { integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import type { IamRole, IamState } from "../model/types";
import { checkRoleInNoProfile } from "../model/instance-profiles";
import { addRole, removeRole } from "../model/roles";
import { validateTrustPolicy } from "../model/trust-policy";
import { paginateIam } from "./pages";
import { requiredString } from "./params";
import {
  DEFAULT_MAX_SESSION_DURATION,
  descriptionParam,
  maxSessionDurationParam,
  namedRole,
  pathParam,
  pathPrefixParam,
  permissionsBoundaryParam,
  roleNameParam,
  tagsParam,
} from "./role-params";

/** The fields every Role answer carries, in IAM's order; IAM returns policy documents URL-encoded. */
export function roleBase(role: IamRole) {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
  };
}

function boundary(role: IamRole) {
  return role.permissionsBoundaryArn ? { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: role.permissionsBoundaryArn } : undefined;
}

const tagsOf = (role: IamRole) => (role.tags.length > 0 ? role.tags : undefined);
const descriptionOf = (role: IamRole) => (role.description !== "" ? role.description : undefined);

/** CreateRole and UpdateRoleDescription answer without MaxSessionDuration or RoleLastUsed (CreateRole without Description), as IAM does. */
function createdRoleXml(role: IamRole, withDescription: boolean) {
  return { ...roleBase(role), Description: withDescription ? descriptionOf(role) : undefined, PermissionsBoundary: boundary(role), Tags: tagsOf(role) };
}

/** GetRole: the whole role, with RoleLastUsed (empty: the sandbox does not record role use). */
function roleXml(role: IamRole) {
  return {
    ...roleBase(role),
    Description: descriptionOf(role),
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: boundary(role),
    Tags: tagsOf(role),
    RoleLastUsed: {},
  };
}

/** ListRoles leaves out tags, the permissions boundary and RoleLastUsed, as IAM does. */
function listedRoleXml(role: IamRole) {
  return { ...roleBase(role), Description: descriptionOf(role), MaxSessionDuration: role.maxSessionDuration };
}

function trustOf(ctx: RequestContext, state: IamState) {
  return { accountId: ctx.accountId, state };
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateRole: {
    Path: string({ minLength: 1, maxLength: 512 }),
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    AssumeRolePolicyDocument: required(string({ minLength: 1, maxLength: 131072, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" })),
    Description: string({ maxLength: 1000, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*" }),
    MaxSessionDuration: integer({ min: 3600, max: 43200 }),
    PermissionsBoundary: string({ minLength: 20, maxLength: 2048 }),
    Tags: listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 }),
  },
  GetRole: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
  },
  ListRoles: {
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  UpdateRole: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    Description: string({ maxLength: 1000, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*" }),
    MaxSessionDuration: integer({ min: 3600, max: 43200 }),
  },
  UpdateRoleDescription: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    Description: required(string({ maxLength: 1000, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*" })),
  },
  UpdateAssumeRolePolicy: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyDocument: required(string({ minLength: 1, maxLength: 131072, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" })),
  },
  DeleteRole: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
  },
} satisfies Record<string, InputMembers>;

const createRole: QueryOperation<IamState> = {
  input: INPUTS.CreateRole,
  mutates: true,
  run(params, ctx, state) {
    const roleName = roleNameParam(params);
    const path = pathParam(params);
    const description = descriptionParam(params) ?? "";
    const maxSessionDuration = maxSessionDurationParam(params) ?? DEFAULT_MAX_SESSION_DURATION;
    const tags = tagsParam(params);
    const permissionsBoundaryArn = permissionsBoundaryParam(params);
    const assumeRolePolicyDocument = requiredString(params, "AssumeRolePolicyDocument");
    validateTrustPolicy(assumeRolePolicyDocument, trustOf(ctx, state));
    const role = addRole(state, ctx.accountId, ctx.now, { roleName, path, assumeRolePolicyDocument, description, maxSessionDuration, permissionsBoundaryArn, tags });
    return { Role: createdRoleXml(role, false) };
  },
};

const getRole: QueryOperation<IamState> = {
  input: INPUTS.GetRole,
  mutates: false,
  run: (params, _ctx, state) => ({ Role: roleXml(namedRole(params, state)) }),
};

/** Roles by name (case-insensitively, as IAM lists them), under PathPrefix, a page at a time. */
const listRoles: QueryOperation<IamState> = {
  input: INPUTS.ListRoles,
  mutates: false,
  run(params, _ctx, state) {
    const prefix = pathPrefixParam(params);
    const roles = (state.roles ?? [])
      .filter((role) => role.path.startsWith(prefix))
      .sort((a, b) => a.roleName.toLowerCase().localeCompare(b.roleName.toLowerCase()));
    const { items, ...page } = paginateIam(roles, params);
    return { Roles: items.map(listedRoleXml), ...page };
  },
};

const updateRole: QueryOperation<IamState> = {
  input: INPUTS.UpdateRole,
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const description = descriptionParam(params);
    const maxSessionDuration = maxSessionDurationParam(params);
    if (description !== undefined) role.description = description;
    if (maxSessionDuration !== undefined) role.maxSessionDuration = maxSessionDuration;
    return {};
  },
};

const updateRoleDescription: QueryOperation<IamState> = {
  input: INPUTS.UpdateRoleDescription,
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    role.description = descriptionParam(params) ?? requiredString(params, "Description");
    return { Role: createdRoleXml(role, true) };
  },
};

const updateAssumeRolePolicy: QueryOperation<IamState> = {
  input: INPUTS.UpdateAssumeRolePolicy,
  mutates: true,
  run(params, ctx, state) {
    const role = namedRole(params, state);
    const document = requiredString(params, "PolicyDocument");
    validateTrustPolicy(document, trustOf(ctx, state));
    role.assumeRolePolicyDocument = document;
    return undefined;
  },
};

/** IAM refuses while the role is in an instance profile, then while it has policies (removeRole). */
const deleteRole: QueryOperation<IamState> = {
  input: INPUTS.DeleteRole,
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    checkRoleInNoProfile(state, role.roleName);
    removeRole(state, role.roleName);
    return undefined;
  },
};

export const roleOperations: Record<string, QueryOperation<IamState>> = {
  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  UpdateRole: updateRole,
  UpdateRoleDescription: updateRoleDescription,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
};
