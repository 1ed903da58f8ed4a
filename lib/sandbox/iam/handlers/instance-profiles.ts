/**
 * CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles, DeleteInstanceProfile,
 * Add/RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole (which Ansible's iam_role reads
 * before it deletes a role); TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags.
 */
import { integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import type { IamInstanceProfile, IamState } from "../model/types";
import { addInstanceProfile, addRoleToProfile, instanceProfileOrThrow, instanceProfilesForRole, removeInstanceProfile, removeRoleFromProfile, rolesOfProfile } from "../model/instance-profiles";
import { mergeTags } from "../model/tags";
import { paginateIam } from "./pages";
import { checkName, requiredString } from "./params";
import { namedRole, pathParam, pathPrefixParam, roleNameParam, tagKeysParam, tagsParam } from "./role-params";
import { roleBase } from "./roles";

/** The profile with its roles (Roles is always present, empty or not); Tags only when set, as IAM answers. */
export function instanceProfileXml(state: IamState, profile: IamInstanceProfile) {
  return {
    Path: profile.path,
    InstanceProfileName: profile.instanceProfileName,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: profile.createDate,
    Roles: rolesOfProfile(state, profile).map(roleBase),
    Tags: profile.tags.length > 0 ? profile.tags : undefined,
  };
}

function profileNameParam(params: QueryParams): string {
  const name = requiredString(params, "InstanceProfileName");
  checkName("InstanceProfileName", name, 128);
  return name;
}

function namedProfile(params: QueryParams, state: IamState): IamInstanceProfile {
  return instanceProfileOrThrow(state, profileNameParam(params));
}

function byName(a: IamInstanceProfile, b: IamInstanceProfile): number {
  return a.instanceProfileName.toLowerCase().localeCompare(b.instanceProfileName.toLowerCase());
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Path: string({ minLength: 1, maxLength: 512 }),
    Tags: listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 }),
  },
  GetInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  ListInstanceProfiles: {
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  DeleteInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  AddRoleToInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
  },
  RemoveRoleFromInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
  },
  ListInstanceProfilesForRole: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  TagInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Tags: required(listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 })),
  },
  UntagInstanceProfile: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    TagKeys: required(listOf(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" }), { maxItems: 50 })),
  },
  ListInstanceProfileTags: {
    InstanceProfileName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

const createInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.CreateInstanceProfile,
  mutates: true,
  run(params, ctx, state) {
    const instanceProfileName = profileNameParam(params);
    const path = pathParam(params);
    const tags = tagsParam(params);
    const profile = addInstanceProfile(state, ctx.accountId, ctx.now, { instanceProfileName, path, tags });
    return { InstanceProfile: instanceProfileXml(state, profile) };
  },
};

const getInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.GetInstanceProfile,
  mutates: false,
  run: (params, _ctx, state) => ({ InstanceProfile: instanceProfileXml(state, namedProfile(params, state)) }),
};

const listInstanceProfiles: QueryOperation<IamState> = {
  input: INPUTS.ListInstanceProfiles,
  mutates: false,
  run(params, _ctx, state) {
    const prefix = pathPrefixParam(params);
    const profiles = (state.instanceProfiles ?? []).filter((profile) => profile.path.startsWith(prefix)).sort(byName);
    const { items, ...page } = paginateIam(profiles, params);
    return { InstanceProfiles: items.map((profile) => instanceProfileXml(state, profile)), ...page };
  },
};

const deleteInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.DeleteInstanceProfile,
  mutates: true,
  run(params, _ctx, state) {
    removeInstanceProfile(state, profileNameParam(params));
    return undefined;
  },
};

const addRoleToInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.AddRoleToInstanceProfile,
  mutates: true,
  run(params, _ctx, state) {
    addRoleToProfile(state, profileNameParam(params), roleNameParam(params));
    return undefined;
  },
};

const removeRoleFromInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.RemoveRoleFromInstanceProfile,
  mutates: true,
  run(params, _ctx, state) {
    removeRoleFromProfile(state, profileNameParam(params), roleNameParam(params));
    return undefined;
  },
};

const listInstanceProfilesForRole: QueryOperation<IamState> = {
  input: INPUTS.ListInstanceProfilesForRole,
  mutates: false,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const { items, ...page } = paginateIam(instanceProfilesForRole(state, role.roleName).sort(byName), params);
    return { InstanceProfiles: items.map((profile) => instanceProfileXml(state, profile)), ...page };
  },
};

const tagInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.TagInstanceProfile,
  mutates: true,
  run(params, _ctx, state) {
    const profile = namedProfile(params, state);
    profile.tags = mergeTags(profile.tags, tagsParam(params), "TagsPerInstanceProfile");
    return undefined;
  },
};

const untagInstanceProfile: QueryOperation<IamState> = {
  input: INPUTS.UntagInstanceProfile,
  mutates: true,
  run(params, _ctx, state) {
    const profile = namedProfile(params, state);
    const removed = new Set(tagKeysParam(params).map((key) => key.toLowerCase()));
    profile.tags = profile.tags.filter((tag) => !removed.has(tag.Key.toLowerCase()));
    return undefined;
  },
};

const listInstanceProfileTags: QueryOperation<IamState> = {
  input: INPUTS.ListInstanceProfileTags,
  mutates: false,
  run(params, _ctx, state) {
    const { items, ...page } = paginateIam(namedProfile(params, state).tags, params);
    return { Tags: items, ...page };
  },
};

export const instanceProfileOperations: Record<string, QueryOperation<IamState>> = {
  CreateInstanceProfile: createInstanceProfile,
  GetInstanceProfile: getInstanceProfile,
  ListInstanceProfiles: listInstanceProfiles,
  DeleteInstanceProfile: deleteInstanceProfile,
  AddRoleToInstanceProfile: addRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile: removeRoleFromInstanceProfile,
  ListInstanceProfilesForRole: listInstanceProfilesForRole,
  TagInstanceProfile: tagInstanceProfile,
  UntagInstanceProfile: untagInstanceProfile,
  ListInstanceProfileTags: listInstanceProfileTags,
};
