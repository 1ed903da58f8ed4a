/** AWS managed policies: GetPolicy, ListPolicies and GetPolicyVersion, which tools read to see what an attachment grants. */
import { boolean, enumOf, integer, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import crypto from "node:crypto";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { invalidInputArn, noSuchEntityPolicy, noSuchEntityPolicyVersion, validationErrorEnum } from "../model/errors";
import { managedPolicy, MANAGED_POLICIES, type ManagedPolicy } from "../model/managed-policies";
import type { IamState } from "../model/types";
import { paginateIam } from "./pages";
import { optionalString, requiredString } from "./params";
import { pathPrefixParam } from "./role-params";

/** AWS shows its managed policies as created when the policy first shipped; one fixed date stands in. */
const MANAGED_POLICY_CREATE_DATE = "2015-02-06T18:39:46Z";
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Managed policy ids are "ANPA" + 17 characters; derived from the ARN so they are stable. */
function policyId(arn: string): string {
  const digest = crypto.createHash("sha256").update(arn).digest();
  return `ANPA${Array.from(digest.subarray(0, 17), (byte) => ID_ALPHABET[byte % 32]).join("")}`;
}

function existingPolicy(arn: string): ManagedPolicy {
  if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+$/.test(arn)) throw invalidInputArn(arn);
  const policy = managedPolicy(arn);
  if (!policy) throw noSuchEntityPolicy(arn);
  return policy;
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  GetPolicy: {
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
  },
  GetPolicyVersion: {
    PolicyArn: required(string({ minLength: 20, maxLength: 2048 })),
    VersionId: required(string({ pattern: "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?" })),
  },
  ListPolicies: {
    Scope: enumOf(["All", "AWS", "Local"]),
    OnlyAttached: boolean(),
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    PolicyUsageFilter: enumOf(["PermissionsPolicy", "PermissionsBoundary"]),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

/** A managed policy as GetPolicy and ListPolicies show it, with its attachments in this account (users, groups, roles). */
function policyXml(policy: ManagedPolicy, state: IamState) {
  const holders = [...state.users, ...(state.groups ?? []), ...(state.roles ?? [])];
  const attachments = holders.filter((holder) => holder.attachedPolicyArns.includes(policy.arn)).length;
  const boundaries = [...state.users, ...(state.roles ?? [])].filter((entity) => entity.permissionsBoundaryArn === policy.arn).length;
  return {
    PolicyName: policy.name,
    PolicyId: policyId(policy.arn),
    Arn: policy.arn,
    Path: "/",
    DefaultVersionId: policy.versionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: boundaries,
    IsAttachable: true,
    CreateDate: MANAGED_POLICY_CREATE_DATE,
    UpdateDate: MANAGED_POLICY_CREATE_DATE,
  };
}

const getPolicy: QueryOperation<IamState> = {
  input: INPUTS.GetPolicy,
  mutates: false,
  run: (params, _ctx, state) => ({ Policy: policyXml(existingPolicy(requiredString(params, "PolicyArn")), state) }),
};

const SCOPES = ["All", "AWS", "Local"];

/**
 * The AWS managed policies the sandbox knows (the account has no customer managed ones, so Scope
 * Local lists none), by name, under PathPrefix, optionally only those attached; a page at a time.
 * Tools list them to turn a friendly name into an ARN, as Ansible's iam_user and iam_group do.
 */
const listPolicies: QueryOperation<IamState> = {
  input: INPUTS.ListPolicies,
  mutates: false,
  run(params, _ctx, state) {
    const scope = optionalString(params, "Scope") ?? "All";
    if (!SCOPES.includes(scope)) throw validationErrorEnum("scope", scope, SCOPES);
    const prefix = pathPrefixParam(params);
    const onlyAttached = optionalString(params, "OnlyAttached") === "true";
    const listed = MANAGED_POLICIES.map((policy) => policyXml(policy, state))
      .filter((policy) => scope !== "Local" && policy.Path.startsWith(prefix) && (!onlyAttached || policy.AttachmentCount > 0))
      .sort((a, b) => a.PolicyName.localeCompare(b.PolicyName));
    const { items, ...page } = paginateIam(listed, params);
    return { Policies: items, ...page };
  },
};

const getPolicyVersion: QueryOperation<IamState> = {
  input: INPUTS.GetPolicyVersion,
  mutates: false,
  run(params) {
    const policy = existingPolicy(requiredString(params, "PolicyArn"));
    const versionId = requiredString(params, "VersionId");
    if (versionId !== policy.versionId) throw noSuchEntityPolicyVersion(policy.arn, versionId);
    return {
      PolicyVersion: {
        // IAM returns policy documents URL-encoded.
        Document: encodeURIComponent(policy.document),
        VersionId: policy.versionId,
        IsDefaultVersion: true,
        CreateDate: MANAGED_POLICY_CREATE_DATE,
      },
    };
  },
};

export const managedPolicyOperations: Record<string, QueryOperation<IamState>> = {
  GetPolicy: getPolicy,
  ListPolicies: listPolicies,
  GetPolicyVersion: getPolicyVersion,
};
