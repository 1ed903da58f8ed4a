/** Network ACLs: numbered stateless rules per direction and one ACL per subnet. */
import { AwsError } from "@/lib/sandbox/core/errors";
import { dependencyViolation, invalidParameterValue, invalidAssociationIdNotFound, invalidNetworkAclEntryNotFound, networkAclEntryAlreadyExists } from "./errors";
import { newId } from "./ids";
import { lookup } from "./lookup";
import { forgetTags } from "./tags";
import type { Ec2State, NetworkAcl, NetworkAclEntry, Subnet } from "./types";
import { checkVpcQuota, countWhere } from "./quotas";

/** The catch-all deny rule every ACL ends with ("*" in the console). */
export const DEFAULT_RULE_NUMBER = 32767;

function denyAll(egress: boolean): NetworkAclEntry {
  return { ruleNumber: DEFAULT_RULE_NUMBER, egress, protocol: "-1", ruleAction: "deny", cidrBlock: "0.0.0.0/0" };
}

function allowAll(egress: boolean): NetworkAclEntry {
  return { ruleNumber: 100, egress, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" };
}

export function getNetworkAcl(state: Ec2State, aclId: string): NetworkAcl {
  return lookup(state.networkAcls, "networkAcl", aclId);
}

/** A VPC's default ACL allows everything both ways. */
export function createDefaultNetworkAcl(state: Ec2State, vpcId: string): NetworkAcl {
  const acl: NetworkAcl = {
    id: newId("acl"),
    vpcId,
    isDefault: true,
    entries: [allowAll(true), denyAll(true), allowAll(false), denyAll(false)],
    associations: [],
  };
  state.networkAcls[acl.id] = acl;
  return acl;
}

/** A custom ACL denies everything until rules are added. */
export function createNetworkAcl(state: Ec2State, vpcId: string): NetworkAcl {
  lookup(state.vpcs, "vpc", vpcId);
  checkVpcQuota("networkAclsPerVpc", countWhere(state.networkAcls, (acl) => acl.vpcId === vpcId));
  const acl: NetworkAcl = { id: newId("acl"), vpcId, isDefault: false, entries: [denyAll(true), denyAll(false)], associations: [] };
  state.networkAcls[acl.id] = acl;
  return acl;
}

export function defaultNetworkAcl(state: Ec2State, vpcId: string): NetworkAcl | undefined {
  return Object.values(state.networkAcls).find((acl) => acl.vpcId === vpcId && acl.isDefault);
}

export function associateWithDefaultAcl(state: Ec2State, subnet: Subnet): void {
  defaultNetworkAcl(state, subnet.vpcId)?.associations.push({ id: newId("aclassoc"), subnetId: subnet.id });
}

export function networkAclOfSubnet(state: Ec2State, subnetId: string): NetworkAcl | undefined {
  return Object.values(state.networkAcls).find((acl) => acl.associations.some((a) => a.subnetId === subnetId));
}

export function removeAclAssociation(state: Ec2State, subnetId: string): void {
  const acl = networkAclOfSubnet(state, subnetId);
  if (acl) acl.associations = acl.associations.filter((a) => a.subnetId !== subnetId);
}

export function deleteNetworkAcl(state: Ec2State, aclId: string): void {
  const acl = getNetworkAcl(state, aclId);
  if (acl.isDefault) throw invalidParameterValue(`cannot delete default network ACL ${aclId}`);
  if (acl.associations.length > 0) throw dependencyViolation("networkAcl", aclId);
  delete state.networkAcls[aclId];
  forgetTags(state, aclId);
}

/** Moves a subnet's association to another ACL of its VPC; answers the new association id. */
export function replaceNetworkAclAssociation(state: Ec2State, associationId: string, aclId: string): string {
  const current = Object.values(state.networkAcls).find((acl) => acl.associations.some((a) => a.id === associationId));
  if (!current) throw invalidAssociationIdNotFound(associationId);
  const target = getNetworkAcl(state, aclId);
  const { subnetId } = current.associations.find((a) => a.id === associationId)!;
  if (target.vpcId !== current.vpcId) {
    throw invalidParameterValue(`Network ACL ${aclId} and subnet ${subnetId} belong to different networks`);
  }
  current.associations = current.associations.filter((a) => a.id !== associationId);
  const replacement = { id: newId("aclassoc"), subnetId };
  target.associations.push(replacement);
  return replacement.id;
}

function findEntryIndex(acl: NetworkAcl, ruleNumber: number, egress: boolean): number {
  return acl.entries.findIndex((entry) => entry.ruleNumber === ruleNumber && entry.egress === egress);
}

function entryNotFound(ruleNumber: number, egress: boolean, aclId: string): AwsError {
  const direction = egress ? "egress" : "ingress";
  return invalidNetworkAclEntryNotFound(ruleNumber, direction, aclId);
}

function sortEntries(acl: NetworkAcl): void {
  // AWS lists egress entries first, each direction by rule number.
  acl.entries.sort((a, b) => Number(b.egress) - Number(a.egress) || a.ruleNumber - b.ruleNumber);
}

export function createNetworkAclEntry(state: Ec2State, aclId: string, entry: NetworkAclEntry): void {
  const acl = getNetworkAcl(state, aclId);
  if (findEntryIndex(acl, entry.ruleNumber, entry.egress) >= 0) {
    throw networkAclEntryAlreadyExists(entry.ruleNumber);
  }
  // The default rule (*, number 32767) of each direction is not counted.
  checkVpcQuota("networkAclRulesPerDirection", acl.entries.filter((rule) => rule.egress === entry.egress && rule.ruleNumber !== DEFAULT_RULE_NUMBER).length);
  acl.entries.push(entry);
  sortEntries(acl);
}

export function replaceNetworkAclEntry(state: Ec2State, aclId: string, entry: NetworkAclEntry): void {
  const acl = getNetworkAcl(state, aclId);
  const index = findEntryIndex(acl, entry.ruleNumber, entry.egress);
  if (index < 0) throw entryNotFound(entry.ruleNumber, entry.egress, aclId);
  acl.entries[index] = entry;
}

export function deleteNetworkAclEntry(state: Ec2State, aclId: string, ruleNumber: number, egress: boolean): void {
  const acl = getNetworkAcl(state, aclId);
  const index = findEntryIndex(acl, ruleNumber, egress);
  if (index < 0 || ruleNumber === DEFAULT_RULE_NUMBER) throw entryNotFound(ruleNumber, egress, aclId);
  acl.entries.splice(index, 1);
}
