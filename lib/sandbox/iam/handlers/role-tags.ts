/** TagRole, UntagRole, ListRoleTags. */
import { integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { mergeTags } from "../model/tags";
import type { IamState } from "../model/types";
import { paginateIam } from "./pages";
import { namedRole, tagKeysParam, tagsParam } from "./role-params";

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  TagRole: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    Tags: required(listOf(structure({
      Key: required(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" })),
      Value: required(string({ maxLength: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" })),
    }), { maxItems: 50 })),
  },
  UntagRole: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    TagKeys: required(listOf(string({ minLength: 1, maxLength: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" }), { maxItems: 50 })),
  },
  ListRoleTags: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

const tagRole: QueryOperation<IamState> = {
  input: INPUTS.TagRole,
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    role.tags = mergeTags(role.tags, tagsParam(params));
    return undefined;
  },
};

/** Keys match case-insensitively, as IAM's tag keys do; a key the role does not carry is no error. */
const untagRole: QueryOperation<IamState> = {
  input: INPUTS.UntagRole,
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const removed = new Set(tagKeysParam(params).map((key) => key.toLowerCase()));
    role.tags = role.tags.filter((tag) => !removed.has(tag.Key.toLowerCase()));
    return undefined;
  },
};

const listRoleTags: QueryOperation<IamState> = {
  input: INPUTS.ListRoleTags,
  mutates: false,
  run(params, _ctx, state) {
    const { items, ...page } = paginateIam(namedRole(params, state).tags, params);
    return { Tags: items, ...page };
  },
};

export const roleTagOperations: Record<string, QueryOperation<IamState>> = {
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
};
