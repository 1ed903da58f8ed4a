/**
 * A role's permissions: AWS managed policies attached (Attach/Detach/ListAttachedRolePolicies) and
 * inline policies (Put/Get/Delete/ListRolePolicies), validated as IAM validates identity policies.
 */
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { limitExceeded, noSuchEntity } from "../model/errors";
import { managedPolicy } from "../model/managed-policies";
import { validateIdentityPolicy } from "../model/policy-document";
import type { IamRole } from "../model/roles";
import type { IamState, InlinePolicy } from "../model/users";
import { paginateIam } from "./pages";
import { checkName, requiredString } from "./params";
import { namedRole, pathPrefixParam, policyArnParam } from "./role-params";

/** IAM's defaults: 10 managed policies per role, 10,240 characters (whitespace excluded) of inline policies per role. */
export const MAX_ROLE_ATTACHED_POLICIES = 10;
export const MAX_ROLE_INLINE_POLICY_CHARS = 10_240;

const attachRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const arn = policyArnParam(params);
    if (!managedPolicy(arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (role.attachedPolicyArns.includes(arn)) return undefined;
    if (role.attachedPolicyArns.length >= MAX_ROLE_ATTACHED_POLICIES) throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${MAX_ROLE_ATTACHED_POLICIES}`);
    role.attachedPolicyArns.push(arn);
    return undefined;
  },
};

const detachRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const arn = policyArnParam(params);
    const at = role.attachedPolicyArns.indexOf(arn);
    if (at < 0) throw noSuchEntity(`Policy ${arn} was not found.`);
    role.attachedPolicyArns.splice(at, 1);
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
    return { AttachedPolicies: items.map((arn) => ({ PolicyName: managedPolicy(arn)?.name ?? arn.split("/").pop(), PolicyArn: arn })), ...page };
  },
};

function policyNameParam(params: QueryParams): string {
  const name = requiredString(params, "PolicyName");
  checkName("PolicyName", name, 128);
  return name;
}

function inlineSize(policies: InlinePolicy[]): number {
  return policies.reduce((total, policy) => total + policy.document.replace(/\s/g, "").length, 0);
}

const putRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const name = policyNameParam(params);
    const document = requiredString(params, "PolicyDocument");
    validateIdentityPolicy(document);
    const next = [...role.inlinePolicies.filter((policy) => policy.name !== name), { name, document }];
    if (inlineSize(next) > MAX_ROLE_INLINE_POLICY_CHARS) {
      throw limitExceeded(`Maximum policy size of ${MAX_ROLE_INLINE_POLICY_CHARS} bytes exceeded for role ${role.roleName}`);
    }
    const existing = role.inlinePolicies.find((policy) => policy.name === name);
    if (existing) existing.document = document;
    else role.inlinePolicies.push({ name, document });
    return undefined;
  },
};

function inlinePolicyOrThrow(role: IamRole, name: string): InlinePolicy {
  const policy = role.inlinePolicies.find((candidate) => candidate.name === name);
  if (!policy) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
  return policy;
}

const getRolePolicy: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const policy = inlinePolicyOrThrow(role, policyNameParam(params));
    return { RoleName: role.roleName, PolicyName: policy.name, PolicyDocument: encodeURIComponent(policy.document) };
  },
};

const deleteRolePolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const role = namedRole(params, state);
    const policy = inlinePolicyOrThrow(role, policyNameParam(params));
    role.inlinePolicies.splice(role.inlinePolicies.indexOf(policy), 1);
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
