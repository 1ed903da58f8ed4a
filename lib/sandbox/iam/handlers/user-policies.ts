/** Managed policy attachments (Attach/Detach/ListAttachedUserPolicies) and inline policies (Put/Get/Delete/ListUserPolicies). */
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { invalidInput, limitExceeded, noSuchEntity } from "../model/errors";
import { managedPolicy } from "../model/managed-policies";
import { validateIdentityPolicy } from "../model/policy-document";
import type { IamState, IamUser } from "../model/users";
import { checkName, namedUser, requiredString } from "./params";

/** IAM's defaults: 10 managed policies per user, 2048 characters (whitespace excluded) of inline policies per user. */
export const MAX_ATTACHED_POLICIES = 10;
export const MAX_INLINE_POLICY_CHARS = 2048;

function policyArnParam(params: Parameters<QueryOperation<IamState>["run"]>[0]): string {
  const arn = requiredString(params, "PolicyArn");
  if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+$/.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  return arn;
}

const attachUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const arn = policyArnParam(params);
    if (!managedPolicy(arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (user.attachedPolicyArns.includes(arn)) return undefined;
    if (user.attachedPolicyArns.length >= MAX_ATTACHED_POLICIES) throw limitExceeded(`Cannot exceed quota for PoliciesPerUser: ${MAX_ATTACHED_POLICIES}`);
    user.attachedPolicyArns.push(arn);
    return undefined;
  },
};

const detachUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const arn = policyArnParam(params);
    const at = user.attachedPolicyArns.indexOf(arn);
    if (at < 0) throw noSuchEntity(`Policy ${arn} was not found.`);
    user.attachedPolicyArns.splice(at, 1);
    return undefined;
  },
};

const listAttachedUserPolicies: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const attached = user.attachedPolicyArns.map((arn) => ({ PolicyName: managedPolicy(arn)?.name ?? arn.split("/").pop(), PolicyArn: arn }));
    return { AttachedPolicies: attached, IsTruncated: false };
  },
};

function policyNameParam(params: Parameters<QueryOperation<IamState>["run"]>[0]): string {
  const name = requiredString(params, "PolicyName");
  checkName("PolicyName", name, 128);
  return name;
}

function inlineSize(user: IamUser): number {
  return user.inlinePolicies.reduce((total, policy) => total + policy.document.replace(/\s/g, "").length, 0);
}

const putUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const name = policyNameParam(params);
    const document = requiredString(params, "PolicyDocument");
    validateIdentityPolicy(document);
    const others = user.inlinePolicies.filter((policy) => policy.name !== name);
    const next = { ...user, inlinePolicies: [...others, { name, document }] };
    if (inlineSize(next) > MAX_INLINE_POLICY_CHARS) {
      throw limitExceeded(`Maximum policy size of ${MAX_INLINE_POLICY_CHARS} bytes exceeded for user ${user.userName}`);
    }
    const existing = user.inlinePolicies.find((policy) => policy.name === name);
    if (existing) existing.document = document;
    else user.inlinePolicies.push({ name, document });
    return undefined;
  },
};

function inlinePolicyOrThrow(user: IamUser, name: string) {
  const policy = user.inlinePolicies.find((candidate) => candidate.name === name);
  if (!policy) throw noSuchEntity(`The user policy with name ${name} cannot be found.`);
  return policy;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
const getUserPolicy: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const policy = inlinePolicyOrThrow(user, policyNameParam(params));
    return { UserName: user.userName, PolicyName: policy.name, PolicyDocument: encodeURIComponent(policy.document) };
  },
};

const deleteUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const policy = inlinePolicyOrThrow(user, policyNameParam(params));
    user.inlinePolicies.splice(user.inlinePolicies.indexOf(policy), 1);
    return undefined;
  },
};

const listUserPolicies: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    return { PolicyNames: user.inlinePolicies.map((policy) => policy.name), IsTruncated: false };
  },
};

export const userPolicyOperations = {
  AttachUserPolicy: attachUserPolicy,
  DetachUserPolicy: detachUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  PutUserPolicy: putUserPolicy,
  GetUserPolicy: getUserPolicy,
  DeleteUserPolicy: deleteUserPolicy,
  ListUserPolicies: listUserPolicies,
};
