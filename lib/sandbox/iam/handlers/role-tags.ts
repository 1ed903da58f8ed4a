/** TagRole, UntagRole, ListRoleTags. */
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { mergeTags } from "../model/tags";
import type { IamState } from "../model/users";
import { paginateIam } from "./pages";
import { namedRole, tagKeysParam, tagsParam } from "./role-params";

const tagRole: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    role.tags = mergeTags(role.tags, tagsParam(params));
    return undefined;
  },
};

/** Keys match case-insensitively, as IAM's tag keys do; a key the role does not carry is no error. */
const untagRole: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const removed = new Set(tagKeysParam(params).map((key) => key.toLowerCase()));
    role.tags = role.tags.filter((tag) => !removed.has(tag.Key.toLowerCase()));
    return undefined;
  },
};

const listRoleTags: QueryOperation<IamState> = {
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
