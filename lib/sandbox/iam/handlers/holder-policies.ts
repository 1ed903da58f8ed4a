/**
 * The seven policy operations IAM has for users and for roles alike: Attach/Detach/ListAttached*Policies
 * (AWS managed policies) and Put/Get/Delete/List*Policies (inline policies), named and answered per entity.
 */
import { integer, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import {
  attachedPolicyEntries,
  attachManagedPolicy,
  deleteInlinePolicy,
  detachManagedPolicy,
  inlinePolicyOrThrow,
  putInlinePolicy,
  type HolderKind,
  type PolicyHolder,
} from "../model/policy-holder";
import type { IamState } from "../model/types";
import { paginateIam } from "./pages";
import { checkName, policyArnParam, requiredString } from "./params";
import { pathPrefixParam } from "./role-params";

export interface PolicyHolderAccess<H extends PolicyHolder> {
  /** "User", "Role" or "Group": in the operation names and the answer's <Entity>Name field. */
  entity: "User" | "Role" | "Group";
  kind: HolderKind;
  /** The holder the request names (<Entity>Name), or IAM's NoSuchEntity. */
  named(params: QueryParams, state: IamState): H;
  nameOf(holder: H): string;
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  AttachUserPolicy: {
    UserName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  DetachUserPolicy: {
    UserName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  ListAttachedUserPolicies: {
    UserName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  PutUserPolicy: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyDocument: required(string({ minLength: 1, maxLength: 131072, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" })),
  },
  GetUserPolicy: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  DeleteUserPolicy: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  ListUserPolicies: {
    UserName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  AttachRolePolicy: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  DetachRolePolicy: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  ListAttachedRolePolicies: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  PutRolePolicy: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyDocument: required(string({ minLength: 1, maxLength: 131072, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" })),
  },
  GetRolePolicy: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  DeleteRolePolicy: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  ListRolePolicies: {
    RoleName: required(string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  AttachGroupPolicy: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  DetachGroupPolicy: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  ListAttachedGroupPolicies: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  PutGroupPolicy: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyDocument: required(string({ minLength: 1, maxLength: 131072, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" })),
  },
  GetGroupPolicy: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  DeleteGroupPolicy: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    PolicyName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
  },
  ListGroupPolicies: {
    GroupName: required(string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" })),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

function policyNameParam(params: QueryParams): string {
  const name = requiredString(params, "PolicyName");
  checkName("PolicyName", name, 128);
  return name;
}

export function holderPolicyOperations<H extends PolicyHolder>(access: PolicyHolderAccess<H>): Record<string, QueryOperation<IamState>> {
  const { entity, kind, named, nameOf } = access;
  return {
    [`Attach${entity}Policy`]: {
      input: INPUTS[`Attach${entity}Policy`],
      mutates: true,
      run(params, _ctx, state) {
        attachManagedPolicy(named(params, state), policyArnParam(params), kind);
        return undefined;
      },
    },
    [`Detach${entity}Policy`]: {
      input: INPUTS[`Detach${entity}Policy`],
      mutates: true,
      run(params, _ctx, state) {
        detachManagedPolicy(named(params, state), policyArnParam(params));
        return undefined;
      },
    },
    // AWS managed policies all live at path "/", so PathPrefix keeps them all or none.
    [`ListAttached${entity}Policies`]: {
      input: INPUTS[`ListAttached${entity}Policies`],
      mutates: false,
      run(params, _ctx, state) {
        const holder = named(params, state);
        const attached = "/".startsWith(pathPrefixParam(params)) ? holder.attachedPolicyArns : [];
        const { items, ...page } = paginateIam(attached, params);
        return { AttachedPolicies: attachedPolicyEntries(items), ...page };
      },
    },
    [`Put${entity}Policy`]: {
      input: INPUTS[`Put${entity}Policy`],
      mutates: true,
      run(params, _ctx, state) {
        const holder = named(params, state);
        putInlinePolicy(holder, nameOf(holder), policyNameParam(params), requiredString(params, "PolicyDocument"), kind);
        return undefined;
      },
    },
    // IAM returns policy documents URL-encoded (RFC 3986).
    [`Get${entity}Policy`]: {
      input: INPUTS[`Get${entity}Policy`],
      mutates: false,
      run(params, _ctx, state) {
        const holder = named(params, state);
        const policy = inlinePolicyOrThrow(holder, policyNameParam(params), kind);
        return { [`${entity}Name`]: nameOf(holder), PolicyName: policy.name, PolicyDocument: encodeURIComponent(policy.document) };
      },
    },
    [`Delete${entity}Policy`]: {
      input: INPUTS[`Delete${entity}Policy`],
      mutates: true,
      run(params, _ctx, state) {
        deleteInlinePolicy(named(params, state), policyNameParam(params), kind);
        return undefined;
      },
    },
    // Policy names in alphabetical order, as IAM lists them.
    [`List${entity}Policies`]: {
      input: INPUTS[`List${entity}Policies`],
      mutates: false,
      run(params, _ctx, state) {
        const names = named(params, state)
          .inlinePolicies.map((policy) => policy.name)
          .sort();
        const { items, ...page } = paginateIam(names, params);
        return { PolicyNames: items, ...page };
      },
    },
  };
}
