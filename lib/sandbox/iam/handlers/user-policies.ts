/** Managed policy attachments (Attach/Detach/ListAttachedUserPolicies) and inline policies (Put/Get/Delete/ListUserPolicies). */
import type { QueryOperation } from "@/lib/sandbox/core/types";
import {
  attachedPolicyEntries,
  attachManagedPolicy,
  deleteInlinePolicy,
  detachManagedPolicy,
  inlinePolicyOrThrow,
  putInlinePolicy,
  USER_HOLDER,
} from "../model/policy-holder";
import type { IamState } from "../model/users";
import { checkName, namedUser, policyArnParam, requiredString } from "./params";


const attachUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    attachManagedPolicy(namedUser(params, state), policyArnParam(params), USER_HOLDER);
    return undefined;
  },
};

const detachUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    detachManagedPolicy(namedUser(params, state), policyArnParam(params));
    return undefined;
  },
};

const listAttachedUserPolicies: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    return { AttachedPolicies: attachedPolicyEntries(namedUser(params, state).attachedPolicyArns), IsTruncated: false };
  },
};

function policyNameParam(params: Parameters<QueryOperation<IamState>["run"]>[0]): string {
  const name = requiredString(params, "PolicyName");
  checkName("PolicyName", name, 128);
  return name;
}

const putUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    putInlinePolicy(user, user.userName, policyNameParam(params), requiredString(params, "PolicyDocument"), USER_HOLDER);
    return undefined;
  },
};

/** IAM returns policy documents URL-encoded (RFC 3986). */
const getUserPolicy: QueryOperation<IamState> = {
  mutates: false,
  run(params, _ctx, state) {
    const user = namedUser(params, state);
    const policy = inlinePolicyOrThrow(user, policyNameParam(params), USER_HOLDER);
    return { UserName: user.userName, PolicyName: policy.name, PolicyDocument: encodeURIComponent(policy.document) };
  },
};

const deleteUserPolicy: QueryOperation<IamState> = {
  mutates: true,
  run(params, _ctx, state) {
    deleteInlinePolicy(namedUser(params, state), policyNameParam(params), USER_HOLDER);
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
