/**
 * Security groups and their rules. Each rule has one peer (CIDR, prefix list or group) and its
 * own sgr- id, as AWS's SecurityGroupRule model; DescribeSecurityGroups regroups them.
 */
import { parseStrictIpv4Cidr } from "@/lib/cidr";
import { invalidParameterValue, missingResource, notFound, cannotDelete, dependencyViolationReferencedGroup, invalidGroupDuplicate, invalidGroupNotFoundInDefaultVpc, invalidGroupReserved, invalidPermissionDuplicate, invalidPermissionNotFound } from "./errors";
import { newId } from "./ids";
import { isVisible, lookup } from "./lookup";
import { forgetTags } from "./tags";
import type { Ec2State, SecurityGroup, SecurityGroupRule } from "./types";
import { checkVpcQuota, countWhere } from "./quotas";

export function getSecurityGroup(state: Ec2State, groupId: string): SecurityGroup {
  return lookup(state.securityGroups, "securityGroup", groupId);
}

export function createDefaultSecurityGroup(state: Ec2State, vpcId: string): SecurityGroup {
  const id = newId("sg");
  const group: SecurityGroup = {
    id,
    name: "default",
    description: "default VPC security group",
    vpcId,
    rules: [
      { id: newId("sgr"), isEgress: false, ipProtocol: "-1", referencedGroupId: id },
      { id: newId("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
    ],
  };
  state.securityGroups[id] = group;
  return group;
}

/**
 * What AWS takes in a VPC security group's name and description and in a rule's description: up to
 * 255 of these characters. An apostrophe, an accent or a dash other than "-" is refused, and AWS's
 * message lists the set (with its two spaces after "set:").
 */
const ALLOWED_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
const ALLOWED_SET = "a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";

function checkGroupName(state: Ec2State, name: string, vpcId: string): void {
  if (name.startsWith("sg-")) throw invalidParameterValue(`Value (${name}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
  if (name.length === 0 || !ALLOWED_TEXT.test(name)) {
    throw invalidParameterValue(`Invalid security group name. Valid names are non-empty strings less than 256 characters from the following set:  ${ALLOWED_SET}`);
  }
  if (name === "default") throw invalidGroupReserved();
  const taken = Object.values(state.securityGroups).some((group) => group.vpcId === vpcId && group.name === name);
  if (taken) throw invalidGroupDuplicate(name, vpcId);
}

/** A new group allows all outbound traffic and no inbound traffic. */
export function createSecurityGroup(state: Ec2State, vpcId: string, name: string, description: string): SecurityGroup {
  lookup(state.vpcs, "vpc", vpcId);
  checkGroupName(state, name, vpcId);
  checkVpcQuota("securityGroupsPerVpc", countWhere(state.securityGroups, (group) => group.vpcId === vpcId));
  if (!ALLOWED_TEXT.test(description)) {
    throw invalidParameterValue(`Invalid security group description. Valid descriptions are strings less than 256 characters from the following set:  ${ALLOWED_SET}`);
  }
  const group: SecurityGroup = {
    id: newId("sg"),
    name,
    description,
    vpcId,
    rules: [{ id: newId("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }],
  };
  state.securityGroups[group.id] = group;
  return group;
}

function isReferencedElsewhere(state: Ec2State, groupId: string): boolean {
  const usedByInstance = Object.values(state.instances).some((i) => i.state !== "terminated" && i.securityGroupIds.includes(groupId));
  const usedByRule = Object.values(state.securityGroups).some(
    (group) => group.id !== groupId && group.rules.some((rule) => rule.referencedGroupId === groupId),
  );
  return usedByInstance || usedByRule;
}

export function deleteSecurityGroup(state: Ec2State, group: SecurityGroup): void {
  if (group.name === "default") {
    throw cannotDelete(group.id);
  }
  if (isReferencedElsewhere(state, group.id)) throw dependencyViolationReferencedGroup(group.id);
  for (const rule of group.rules) forgetTags(state, rule.id);
  delete state.securityGroups[group.id];
  forgetTags(state, group.id);
}

/** GroupName lookups: AWS resolves names in the default VPC only. */
export function findGroupByNameInVpc(state: Ec2State, name: string, vpcId: string): SecurityGroup {
  const group = Object.values(state.securityGroups).find((g) => g.vpcId === vpcId && g.name === name);
  if (!group) throw invalidGroupNotFoundInDefaultVpc(name, vpcId);
  return group;
}

// ---------------------------------------------------------------- rules

/** A rule as asked for by Authorize/Revoke, before it has an id. */
export type RuleSpec = Omit<SecurityGroupRule, "id">;

const PROTOCOL_NAMES: Record<string, string> = { "-1": "-1", all: "-1", tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp", icmpv6: "icmpv6", "58": "icmpv6" };

/** AWS stores tcp/udp/icmp by name whatever form they were given in; other protocols by number. */
export function normalizeProtocol(protocol: string): string {
  const lower = protocol.toLowerCase();
  if (Object.hasOwn(PROTOCOL_NAMES, lower)) return PROTOCOL_NAMES[lower];
  if (/^\d{1,3}$/.test(protocol) && Number(protocol) <= 255) return String(Number(protocol));
  throw invalidParameterValue(`Invalid value '${protocol}' for IP protocol. Unknown protocol.`);
}

function checkPort(value: number | undefined, which: string, protocol: string): number {
  if (value === undefined) {
    throw invalidParameterValue(`Invalid value 'null' for ${which}. Must specify both from and to ports with TCP/UDP.`);
  }
  if (value < 0 || value > 65535) throw invalidParameterValue(`Invalid ${which}: ${value} is out of range for ${protocol.toUpperCase()}.`);
  return value;
}

/** Fills in and checks the port fields: none for all traffic, a range for TCP/UDP, type and code for ICMP. */
export function normalizePorts(protocol: string, fromPort: number | undefined, toPort: number | undefined): Pick<RuleSpec, "fromPort" | "toPort"> {
  if (protocol === "tcp" || protocol === "udp") {
    const from = checkPort(fromPort, "fromPort", protocol);
    const to = checkPort(toPort, "toPort", protocol);
    if (from > to) throw invalidParameterValue(`Invalid port range: from port ${from} is greater than to port ${to}.`);
    return { fromPort: from, toPort: to };
  }
  if (protocol === "icmp" || protocol === "icmpv6") {
    const type = fromPort ?? -1;
    const code = toPort ?? -1;
    if (type < -1 || type > 255) throw invalidParameterValue(`Invalid value '${type}' for ICMP type`);
    if (code < -1 || code > 255) throw invalidParameterValue(`Invalid value '${code}' for ICMP code`);
    return { fromPort: type, toPort: code };
  }
  return {};
}

export function normalizeRuleCidr(text: string): string {
  const cidr = parseStrictIpv4Cidr(text);
  if (!cidr || cidr.hostBitsSet) throw invalidParameterValue(`CIDR block ${text} is malformed`);
  return cidr.cidr;
}

/** What makes two rules the same rule (peer, protocol, ports, direction): equal keys, equal rules. */
function ruleKey(rule: RuleSpec): string {
  return JSON.stringify([
    rule.isEgress,
    rule.ipProtocol,
    rule.fromPort ?? null,
    rule.toPort ?? null,
    rule.cidrIpv4 ?? null,
    rule.cidrIpv6 ?? null,
    rule.prefixListId ?? null,
    rule.referencedGroupId ?? null,
  ]);
}

function icmpPart(value: number | undefined): string {
  return value === undefined || value === -1 ? "ALL" : String(value);
}

/** How AWS quotes a rule in InvalidPermission.Duplicate: "peer: 10.1.0.0/16, ICMP, type: ALL, code: ALL, ALLOW". */
export function describeRuleForError(rule: RuleSpec): string {
  const peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.referencedGroupId;
  let protocol: string;
  if (rule.ipProtocol === "-1") protocol = "ALL";
  else if (rule.ipProtocol === "icmp" || rule.ipProtocol === "icmpv6") {
    protocol = `${rule.ipProtocol.toUpperCase()}, type: ${icmpPart(rule.fromPort)}, code: ${icmpPart(rule.toPort)}`;
  } else if (rule.ipProtocol === "tcp" || rule.ipProtocol === "udp") {
    protocol = `${rule.ipProtocol.toUpperCase()}, from port: ${rule.fromPort}, to port: ${rule.toPort}`;
  } else protocol = rule.ipProtocol;
  return `peer: ${peer}, ${protocol}, ALLOW`;
}

function checkRuleDescription(description: string | undefined): void {
  if (description !== undefined && !ALLOWED_TEXT.test(description)) {
    throw invalidParameterValue(`Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  ${ALLOWED_SET}`);
  }
}

function checkReferencedGroup(state: Ec2State, groupId: string): void {
  if (!isVisible(state.securityGroups, groupId)) throw missingResource("securityGroup", groupId);
}

/**
 * Adds rules; one that exists already (same peer, protocol, ports) refuses the whole call, as does
 * going over 60 rules in a direction (RulesPerSecurityGroupLimitExceeded). One pass over the
 * group's rules and one over the request, whatever their sizes.
 */
export function authorizeRules(state: Ec2State, group: SecurityGroup, specs: RuleSpec[]): SecurityGroupRule[] {
  checkRuleQuota(group, specs);
  const keys = new Set(group.rules.map(ruleKey));
  const added: SecurityGroupRule[] = [];
  for (const spec of specs) {
    if (spec.referencedGroupId) checkReferencedGroup(state, spec.referencedGroupId);
    checkRuleDescription(spec.description);
    const key = ruleKey(spec);
    if (keys.has(key)) throw invalidPermissionDuplicate(describeRuleForError(spec));
    keys.add(key);
    added.push({ id: newId("sgr"), ...spec });
  }
  group.rules.push(...added);
  return added;
}

/** Inbound and outbound rules each count against their own quota of 60. */
function checkRuleQuota(group: SecurityGroup, specs: RuleSpec[]): void {
  for (const isEgress of [false, true]) {
    const adding = specs.filter((spec) => spec.isEgress === isEgress).length;
    if (adding === 0) continue;
    checkVpcQuota("rulesPerSecurityGroupDirection", group.rules.filter((rule) => rule.isEgress === isEgress).length, adding);
  }
}

/** Removes the rules matching each spec; a spec matching nothing refuses the call. */
export function revokeRulesBySpec(group: SecurityGroup, specs: RuleSpec[]): SecurityGroupRule[] {
  const byKey = new Map(group.rules.map((rule) => [ruleKey(rule), rule]));
  const revoked = specs.map((spec) => {
    const rule = byKey.get(ruleKey(spec));
    if (!rule) throw invalidPermissionNotFound();
    return rule;
  });
  return removeRules(group, revoked);
}

export function revokeRulesById(group: SecurityGroup, ruleIds: string[], isEgress: boolean): SecurityGroupRule[] {
  const byId = new Map(group.rules.filter((rule) => rule.isEgress === isEgress).map((rule) => [rule.id, rule]));
  const revoked = ruleIds.map((ruleId) => {
    const rule = byId.get(ruleId);
    if (!rule) throw notFound("securityGroupRule", ruleId);
    return rule;
  });
  return removeRules(group, revoked);
}

function removeRules(group: SecurityGroup, revoked: SecurityGroupRule[]): SecurityGroupRule[] {
  const gone = new Set(revoked);
  group.rules = group.rules.filter((rule) => !gone.has(rule));
  return revoked;
}

/** A rule's new protocol, ports, peer and description, kept under its id (ModifySecurityGroupRules). */
export interface RuleUpdate {
  ruleId: string;
  spec: Omit<RuleSpec, "isEgress">;
}

/**
 * Rewrites rules in place, each keeping its id and direction; an id not in the group is
 * InvalidSecurityGroupRuleId.NotFound, and a result equal to another rule InvalidPermission.Duplicate,
 * either refusing the whole call.
 */
export function modifyRules(state: Ec2State, group: SecurityGroup, updates: RuleUpdate[]): void {
  const byId = new Map(group.rules.map((rule) => [rule.id, rule]));
  const replaced = new Map<string, SecurityGroupRule>();
  for (const { ruleId, spec } of updates) {
    const rule = byId.get(ruleId);
    if (!rule) throw notFound("securityGroupRule", ruleId);
    if (spec.referencedGroupId) checkReferencedGroup(state, spec.referencedGroupId);
    checkRuleDescription(spec.description);
    replaced.set(ruleId, { id: ruleId, isEgress: rule.isEgress, ...spec });
  }
  const rules = group.rules.map((rule) => replaced.get(rule.id) ?? rule);
  const keys = new Set<string>();
  for (const rule of rules) {
    const key = ruleKey(rule);
    if (keys.has(key)) throw invalidPermissionDuplicate(describeRuleForError(rule));
    keys.add(key);
  }
  group.rules = rules;
}

function setDescription(rule: SecurityGroupRule, description: string | undefined): void {
  if (description === undefined) delete rule.description;
  else rule.description = description;
}

/**
 * UpdateSecurityGroupRuleDescriptions* in the IpPermissions form: each spec names an existing rule by
 * its peer, protocol and ports and gives its new description (none removes it); a spec matching no
 * rule is InvalidPermission.NotFound and changes nothing.
 */
export function updateRuleDescriptionsBySpec(group: SecurityGroup, specs: RuleSpec[]): void {
  const byKey = new Map(group.rules.map((rule) => [ruleKey(rule), rule]));
  const found = specs.map((spec): [SecurityGroupRule, string | undefined] => {
    const rule = byKey.get(ruleKey(spec));
    if (!rule) throw invalidPermissionNotFound();
    checkRuleDescription(spec.description);
    return [rule, spec.description];
  });
  for (const [rule, description] of found) setDescription(rule, description);
}

/** The same by rule id, among the group's rules of one direction. */
export function updateRuleDescriptionsById(group: SecurityGroup, isEgress: boolean, entries: { ruleId: string; description?: string }[]): void {
  const byId = new Map(group.rules.filter((rule) => rule.isEgress === isEgress).map((rule) => [rule.id, rule]));
  const found = entries.map((entry): [SecurityGroupRule, string | undefined] => {
    const rule = byId.get(entry.ruleId);
    if (!rule) throw notFound("securityGroupRule", entry.ruleId);
    checkRuleDescription(entry.description);
    return [rule, entry.description];
  });
  for (const [rule, description] of found) setDescription(rule, description);
}
