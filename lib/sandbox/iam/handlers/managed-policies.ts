/** AWS managed policies: GetPolicy and GetPolicyVersion, which tools read to see what an attachment grants. */
import { required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import crypto from "node:crypto";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { invalidInput, noSuchEntity } from "../model/errors";
import { managedPolicy, type ManagedPolicy } from "../model/managed-policies";
import type { IamState } from "../model/users";
import { requiredString } from "./params";

/** AWS shows its managed policies as created when the policy first shipped; one fixed date stands in. */
const MANAGED_POLICY_CREATE_DATE = "2015-02-06T18:39:46Z";
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Managed policy ids are "ANPA" + 17 characters; derived from the ARN so they are stable. */
function policyId(arn: string): string {
  const digest = crypto.createHash("sha256").update(arn).digest();
  return `ANPA${Array.from(digest.subarray(0, 17), (byte) => ID_ALPHABET[byte % 32]).join("")}`;
}

function existingPolicy(arn: string): ManagedPolicy {
  if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+$/.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  const policy = managedPolicy(arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
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
} satisfies Record<string, InputMembers>;

const getPolicy: QueryOperation<IamState> = {
  input: INPUTS.GetPolicy,
  mutates: false,
  run(params, _ctx, state) {
    const policy = existingPolicy(requiredString(params, "PolicyArn"));
    const holders = [...state.users, ...(state.roles ?? [])];
    const attachments = holders.filter((holder) => holder.attachedPolicyArns.includes(policy.arn)).length;
    const boundaries = (state.roles ?? []).filter((role) => role.permissionsBoundaryArn === policy.arn).length;
    return {
      Policy: {
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
      },
    };
  },
};

const getPolicyVersion: QueryOperation<IamState> = {
  input: INPUTS.GetPolicyVersion,
  mutates: false,
  run(params) {
    const policy = existingPolicy(requiredString(params, "PolicyArn"));
    const versionId = requiredString(params, "VersionId");
    if (versionId !== policy.versionId) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
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
  GetPolicyVersion: getPolicyVersion,
};
