/**
 * A role's permissions: AWS managed policies attached (Attach/Detach/ListAttachedRolePolicies) and
 * inline policies (Put/Get/Delete/ListRolePolicies), validated as IAM validates identity policies.
 */
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import {
  attachedPolicyEntries,
  attachManagedPolicy,
  deleteInlinePolicy,
  detachManagedPolicy,
  inlinePolicyOrThrow,
  putInlinePolicy,
  ROLE_HOLDER,
} from "../model/policy-holder";
import type { IamState } from "../model/users";
import { paginateIam } from "./pages";
import { checkName, policyArnParam, requiredString } from "./params";
import { namedRole, pathPrefixParam } from "./role-params";

const attachRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    attachManagedPolicy(namedRole(params, state), policyArnParam(params), ROLE_HOLDER);
    return undefined;
  },
};

const detachRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    detachManagedPolicy(namedRole(params, state), policyArnParam(params));
    return undefined;
  },
};

/** AWS managed policies all live at path "/", so PathPrefix keeps them all or none. */
const listAttachedRolePolicies: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const prefix = pathPrefixParam(params);
    const attached = "/".startsWith(prefix) ? role.attachedPolicyArns : [];
    const { items, ...page } = paginateIam(attached, params);
    return { AttachedPolicies: attachedPolicyEntries(items), ...page };
  },
};

function policyNameParam(params: QueryParams): string {
  const name = requiredString(params, "PolicyName");
  checkName("PolicyName", name, 128);
  return name;
}

const putRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    putInlinePolicy(role, role.roleName, policyNameParam(params), requiredString(params, "PolicyDocument"), ROLE_HOLDER);
    return undefined;
  },
};

const getRolePolicy: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const policy = inlinePolicyOrThrow(role, policyNameParam(params), ROLE_HOLDER);
    return { RoleName: role.roleName, PolicyName: policy.name, PolicyDocument: encodeURIComponent(policy.document) };
  },
};

const deleteRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    deleteInlinePolicy(namedRole(params, state), policyNameParam(params), ROLE_HOLDER);
    return undefined;
  },
};

/** Policy names in alphabetical order, as IAM lists them. */
const listRolePolicies: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const names = namedRole(params, state)
      .inlinePolicies.map((policy) => policy.name)
      .sort();
    const { items, ...page } = paginateIam(names, params);
    return { PolicyNames: items, ...page };
  },
};

export const rolePolicyOperations: Record<string, QueryOperation<IamState>> = {
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
};
