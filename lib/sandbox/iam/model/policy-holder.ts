/**
 * What IAM users and roles share: AWS managed policies attached and inline policies, with IAM's
 * quotas and wording for each kind of holder.
 */
import { limitExceededPolicySize, limitExceededQuota, noSuchEntityInlinePolicy, noSuchEntityPolicy, noSuchEntityPolicyNotAttached } from "./errors";
import { managedPolicy } from "./managed-policies";
import { validateIdentityPolicy } from "./policy-document";
import type { InlinePolicy } from "./types";

export interface PolicyHolder {
  attachedPolicyArns: string[];
  inlinePolicies: InlinePolicy[];
}

export interface HolderKind {
  noun: "user" | "role" | "group";
  /** IAM's quota name for attached policies. */
  attachedQuota: string;
  maxAttached: number;
  /** Characters of all inline policies together, whitespace excluded. */
  maxInlineChars: number;
}

/** IAM's defaults: 10 managed policies per user or role; 2,048 inline characters per user, 10,240 per role. */
export const USER_HOLDER: HolderKind = { noun: "user", attachedQuota: "PoliciesPerUser", maxAttached: 10, maxInlineChars: 2048 };
export const ROLE_HOLDER: HolderKind = { noun: "role", attachedQuota: "PoliciesPerRole", maxAttached: 10, maxInlineChars: 10_240 };

/** Attaching a policy already attached changes nothing, as on IAM. */
export function attachManagedPolicy(holder: PolicyHolder, arn: string, kind: HolderKind): void {
  if (!managedPolicy(arn)) throw noSuchEntityPolicy(arn);
  if (holder.attachedPolicyArns.includes(arn)) return;
  if (holder.attachedPolicyArns.length >= kind.maxAttached) throw limitExceededQuota(kind.attachedQuota, kind.maxAttached);
  holder.attachedPolicyArns.push(arn);
}

export function detachManagedPolicy(holder: PolicyHolder, arn: string): void {
  const at = holder.attachedPolicyArns.indexOf(arn);
  if (at < 0) throw noSuchEntityPolicyNotAttached(arn);
  holder.attachedPolicyArns.splice(at, 1);
}

export function attachedPolicyEntries(arns: string[]): { PolicyName: string; PolicyArn: string }[] {
  return arns.map((arn) => ({ PolicyName: managedPolicy(arn)?.name ?? arn.split("/").pop()!, PolicyArn: arn }));
}

function inlineSize(policies: InlinePolicy[]): number {
  return policies.reduce((total, policy) => total + policy.document.replace(/\s/g, "").length, 0);
}

/** Adds or replaces an inline policy, validated as an identity policy and within the holder's size quota. */
export function putInlinePolicy(holder: PolicyHolder, holderName: string, name: string, document: string, kind: HolderKind): void {
  validateIdentityPolicy(document);
  const next = [...holder.inlinePolicies.filter((policy) => policy.name !== name), { name, document }];
  if (inlineSize(next) > kind.maxInlineChars) throw limitExceededPolicySize(kind.maxInlineChars, kind.noun, holderName);
  const existing = holder.inlinePolicies.find((policy) => policy.name === name);
  if (existing) existing.document = document;
  else holder.inlinePolicies.push({ name, document });
}

export function inlinePolicyOrThrow(holder: PolicyHolder, name: string, kind: HolderKind): InlinePolicy {
  const policy = holder.inlinePolicies.find((candidate) => candidate.name === name);
  if (!policy) throw noSuchEntityInlinePolicy(kind.noun, name);
  return policy;
}

export function deleteInlinePolicy(holder: PolicyHolder, name: string, kind: HolderKind): void {
  holder.inlinePolicies.splice(holder.inlinePolicies.indexOf(inlinePolicyOrThrow(holder, name, kind)), 1);
}
