/** Security groups and their rules, in both the IpPermissions and the SecurityGroupRuleIds forms. */
import { boolean, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, IpPermissionInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { missingParameter } from "../model/errors";
import { visibleRecords } from "../model/lookup";
import {
  authorizeRules,
  createSecurityGroup,
  deleteSecurityGroup,
  findGroupByNameInVpc,
  getSecurityGroup,
  modifyRules,
  normalizePorts,
  normalizeProtocol,
  normalizeRuleCidr,
  revokeRulesById,
  revokeRulesBySpec,
  updateRuleDescriptionsById,
  updateRuleDescriptionsBySpec,
  type RuleSpec,
  type RuleUpdate,
} from "../model/security-groups";
import { forgetTags } from "../model/tags";
import type { Ec2State, SecurityGroup, SecurityGroupRule } from "../model/types";
import { requireDefaultVpc } from "../model/vpcs";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { int, list, requiredStr, str, struct, structList, type Struct } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSet } from "../protocol/tags";

// ---------------------------------------------------------------- reading rules

/** One RuleSpec per peer of an IpPermissions entry (AWS stores one rule per peer). */
function specsOfPermission(state: Ec2State, permission: Struct, isEgress: boolean): RuleSpec[] {
  const ipProtocol = normalizeProtocol(requiredStr(permission, "IpProtocol"));
  const base = { isEgress, ipProtocol, ...normalizePorts(ipProtocol, int(permission, "FromPort"), int(permission, "ToPort")) };
  const withDescription = (peer: Struct) => {
    const description = str(peer, "Description");
    return description === undefined ? {} : { description };
  };
  const specs: RuleSpec[] = [
    ...structList(permission, "IpRanges").map((peer) => ({ ...base, cidrIpv4: normalizeRuleCidr(requiredStr(peer, "CidrIp")), ...withDescription(peer) })),
    ...structList(permission, "Ipv6Ranges").map((peer) => ({ ...base, cidrIpv6: requiredStr(peer, "CidrIpv6"), ...withDescription(peer) })),
    ...structList(permission, "PrefixListIds").map((peer) => ({ ...base, prefixListId: requiredStr(peer, "PrefixListId"), ...withDescription(peer) })),
    ...structList(permission, "Groups").map((peer) => ({ ...base, referencedGroupId: referencedGroupId(state, peer), ...withDescription(peer) })),
  ];
  if (specs.length === 0) throw missingParameter("ipPermissions.ipRanges, ipv6Ranges, prefixListIds or groups");
  return specs;
}

function referencedGroupId(state: Ec2State, peer: Struct): string {
  const groupId = str(peer, "GroupId");
  if (groupId !== undefined) return groupId;
  const name = str(peer, "GroupName");
  if (name === undefined) throw missingParameter("groupId");
  return findGroupByNameInVpc(state, name, requireDefaultVpc(state).id).id;
}

/** The single-rule form (IpProtocol, FromPort, ToPort, CidrIp / SourceSecurityGroupName at the top level). */
function topLevelPermission(params: QueryParams): Struct | undefined {
  const ipProtocol = str(params, "IpProtocol");
  const cidr = str(params, "CidrIp");
  const sourceGroup = str(params, "SourceSecurityGroupName");
  if (ipProtocol === undefined && cidr === undefined && sourceGroup === undefined) return undefined;
  const permission: Struct = { IpProtocol: ipProtocol ?? "-1" };
  for (const name of ["FromPort", "ToPort"]) if (params[name] !== undefined) permission[name] = params[name];
  if (cidr !== undefined) permission.IpRanges = [{ CidrIp: cidr }];
  if (sourceGroup !== undefined) permission.Groups = [{ GroupName: sourceGroup }];
  return permission;
}

function readRuleSpecs(state: Ec2State, params: QueryParams, isEgress: boolean): RuleSpec[] {
  const permissions = structList(params, "IpPermissions");
  const single = topLevelPermission(params);
  if (single) permissions.push(single);
  return permissions.flatMap((permission) => specsOfPermission(state, permission, isEgress));
}

/** The peer of a SecurityGroupRuleRequest: exactly one of a CIDR, a prefix list or a group. */
function rulePeer(request: Struct): Pick<RuleSpec, "cidrIpv4" | "cidrIpv6" | "prefixListId" | "referencedGroupId"> {
  const cidrIpv4 = str(request, "CidrIpv4");
  if (cidrIpv4 !== undefined) return { cidrIpv4: normalizeRuleCidr(cidrIpv4) };
  const cidrIpv6 = str(request, "CidrIpv6");
  if (cidrIpv6 !== undefined) return { cidrIpv6 };
  const prefixListId = str(request, "PrefixListId");
  if (prefixListId !== undefined) return { prefixListId };
  const referencedGroupId = str(request, "ReferencedGroupId");
  if (referencedGroupId !== undefined) return { referencedGroupId };
  throw missingParameter("securityGroupRule.cidrIpv4, cidrIpv6, prefixListId or referencedGroupId");
}

/** One entry of ModifySecurityGroupRules: the rule's id and its new form. */
function readRuleUpdate(update: Struct): RuleUpdate {
  const ruleId = requiredStr(update, "SecurityGroupRuleId");
  const request = struct(update, "SecurityGroupRule") ?? {};
  const ipProtocol = normalizeProtocol(requiredStr(request, "IpProtocol"));
  const description = str(request, "Description");
  return {
    ruleId,
    spec: {
      ipProtocol,
      ...normalizePorts(ipProtocol, int(request, "FromPort"), int(request, "ToPort")),
      ...rulePeer(request),
      ...(description === undefined ? {} : { description }),
    },
  };
}

/** GroupId, or GroupName in the default VPC. */
function targetGroup(state: Ec2State, params: QueryParams): SecurityGroup {
  const groupId = str(params, "GroupId");
  if (groupId !== undefined) return getSecurityGroup(state, groupId);
  const name = str(params, "GroupName");
  if (name === undefined) throw missingParameter("GroupId");
  return findGroupByNameInVpc(state, name, requireDefaultVpc(state).id);
}

// ---------------------------------------------------------------- views

function arn(ctx: RequestContext, type: string, id: string): string {
  return `arn:aws:ec2:${ctx.region}:${ctx.accountId}:${type}/${id}`;
}

export function securityGroupRuleView(state: Ec2State, group: SecurityGroup, rule: SecurityGroupRule, ctx: RequestContext) {
  return {
    securityGroupRuleId: rule.id,
    groupId: group.id,
    groupOwnerId: ctx.accountId,
    isEgress: rule.isEgress,
    ipProtocol: rule.ipProtocol,
    // The rule form shows -1 where IpPermissions leave the ports out.
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    cidrIpv4: rule.cidrIpv4,
    cidrIpv6: rule.cidrIpv6,
    prefixListId: rule.prefixListId,
    referencedGroupInfo: rule.referencedGroupId ? { groupId: rule.referencedGroupId, userId: ctx.accountId } : undefined,
    description: rule.description,
    tagSet: tagSet(state, rule.id),
    securityGroupRuleArn: arn(ctx, "security-group-rule", rule.id),
  };
}

function revokedRuleView(group: SecurityGroup, rule: SecurityGroupRule) {
  return {
    securityGroupRuleId: rule.id,
    groupId: group.id,
    isEgress: rule.isEgress,
    ipProtocol: rule.ipProtocol,
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    cidrIpv4: rule.cidrIpv4,
    cidrIpv6: rule.cidrIpv6,
    prefixListId: rule.prefixListId,
    referencedGroupId: rule.referencedGroupId,
    description: rule.description,
  };
}

type PermissionView = {
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  groups: object[];
  ipRanges: object[];
  ipv6Ranges: object[];
  prefixListIds: object[];
};

/** DescribeSecurityGroups regroups rules by protocol and ports, peers listed per kind. */
function ipPermissionsView(rules: SecurityGroupRule[], ctx: RequestContext): PermissionView[] {
  const byKey = new Map<string, PermissionView>();
  for (const rule of rules) {
    const key = `${rule.ipProtocol}/${rule.fromPort}/${rule.toPort}`;
    let permission = byKey.get(key);
    if (!permission) {
      permission = { ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, groups: [], ipRanges: [], ipv6Ranges: [], prefixListIds: [] };
      byKey.set(key, permission);
    }
    const description = rule.description;
    if (rule.cidrIpv4) permission.ipRanges.push({ cidrIp: rule.cidrIpv4, description });
    if (rule.cidrIpv6) permission.ipv6Ranges.push({ cidrIpv6: rule.cidrIpv6, description });
    if (rule.prefixListId) permission.prefixListIds.push({ prefixListId: rule.prefixListId, description });
    if (rule.referencedGroupId) permission.groups.push({ description, userId: ctx.accountId, groupId: rule.referencedGroupId });
  }
  return [...byKey.values()];
}

export function securityGroupView(state: Ec2State, group: SecurityGroup, ctx: RequestContext) {
  return {
    groupId: group.id,
    ipPermissionsEgress: ipPermissionsView(group.rules.filter((rule) => rule.isEgress), ctx),
    tagSet: tagSet(state, group.id),
    vpcId: group.vpcId,
    securityGroupArn: arn(ctx, "security-group", group.id),
    ownerId: ctx.accountId,
    groupName: group.name,
    groupDescription: group.description,
    ipPermissions: ipPermissionsView(group.rules.filter((rule) => !rule.isEgress), ctx),
  };
}

// ---------------------------------------------------------------- filters

function ruleField(isEgress: boolean, field: (rule: SecurityGroupRule) => string | number | undefined) {
  return (group: SecurityGroup) => group.rules.filter((rule) => rule.isEgress === isEgress).map(field);
}

function securityGroupFilters(ctx: RequestContext): FilterTable<SecurityGroup> {
  const table: FilterTable<SecurityGroup> = {
    "group-id": (group) => group.id,
    "group-name": (group) => group.name,
    description: (group) => group.description,
    "vpc-id": (group) => group.vpcId,
    "owner-id": () => ctx.accountId,
  };
  for (const [prefix, isEgress] of [["ip-permission", false], ["egress.ip-permission", true]] as const) {
    table[`${prefix}.cidr`] = ruleField(isEgress, (rule) => rule.cidrIpv4);
    table[`${prefix}.ipv6-cidr`] = ruleField(isEgress, (rule) => rule.cidrIpv6);
    table[`${prefix}.prefix-list-id`] = ruleField(isEgress, (rule) => rule.prefixListId);
    table[`${prefix}.group-id`] = ruleField(isEgress, (rule) => rule.referencedGroupId);
    table[`${prefix}.protocol`] = ruleField(isEgress, (rule) => rule.ipProtocol);
    table[`${prefix}.from-port`] = ruleField(isEgress, (rule) => rule.fromPort ?? -1);
    table[`${prefix}.to-port`] = ruleField(isEgress, (rule) => rule.toPort ?? -1);
  }
  return table;
}

interface RuleEntry {
  group: SecurityGroup;
  rule: SecurityGroupRule;
}

const RULE_FILTERS: FilterTable<RuleEntry> = {
  "group-id": (entry) => entry.group.id,
  "security-group-rule-id": (entry) => entry.rule.id,
};

// ---------------------------------------------------------------- operations

function authorize(input: InputMembers, isEgress: boolean) {
  return writeOperation(input, (params, ctx, state) => {
    const group = targetGroup(state, params);
    const tags = readTagSpecifications(params, ["security-group-rule"]);
    const added = authorizeRules(state, group, readRuleSpecs(state, params, isEgress));
    for (const rule of added) applyTagSpecifications(state, tags, "security-group-rule", rule.id);
    return { return: true, securityGroupRuleSet: added.map((rule) => securityGroupRuleView(state, group, rule, ctx)) };
  });
}

function revoke(input: InputMembers, isEgress: boolean) {
  return writeOperation(input, (params, _ctx, state) => {
    const group = targetGroup(state, params);
    const ruleIds = list(params, "SecurityGroupRuleId");
    const revoked = ruleIds.length > 0 ? revokeRulesById(group, ruleIds, isEgress) : revokeRulesBySpec(group, readRuleSpecs(state, params, isEgress));
    for (const rule of revoked) forgetTags(state, rule.id);
    return { return: true, revokedSecurityGroupRuleSet: revoked.map((rule) => revokedRuleView(group, rule)) };
  });
}

/** Sets rule descriptions in place, by rule id or by IpPermissions (Terraform and Ansible change a description so). */
function updateDescriptions(input: InputMembers, isEgress: boolean) {
  return writeOperation(input, (params, _ctx, state) => {
    const group = targetGroup(state, params);
    const byId = structList(params, "SecurityGroupRuleDescription");
    if (byId.length > 0) {
      updateRuleDescriptionsById(group, isEgress, byId.map((entry) => ({ ruleId: requiredStr(entry, "SecurityGroupRuleId"), description: str(entry, "Description") })));
      return { return: true };
    }
    const specs = readRuleSpecs(state, params, isEgress);
    if (specs.length === 0) throw missingParameter("ipPermissions");
    updateRuleDescriptionsBySpec(group, specs);
    return { return: true };
  });
}

function groupsByName(state: Ec2State, names: string[]): string[] {
  if (names.length === 0) return [];
  const vpcId = requireDefaultVpc(state).id;
  return names.map((name) => findGroupByNameInVpc(state, name, vpcId).id);
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateSecurityGroup: {
    GroupDescription: required(string()),
    GroupName: required(string()),
    VpcId: string(),
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
  },
  DeleteSecurityGroup: {
    GroupId: string(),
    GroupName: string(),
    DryRun: boolean(),
  },
  DescribeSecurityGroups: {
    GroupId: listOf(string()),
    GroupName: listOf(string()),
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
  },
  DescribeSecurityGroupRules: {
    Filter: listOf(FilterInput),
    SecurityGroupRuleId: listOf(string()),
    DryRun: boolean(),
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
  },
  AuthorizeSecurityGroupIngress: {
    CidrIp: string(),
    FromPort: integer(),
    GroupId: string(),
    GroupName: string(),
    IpPermissions: listOf(IpPermissionInput),
    IpProtocol: string(),
    SourceSecurityGroupName: string(),
    SourceSecurityGroupOwnerId: string(),
    ToPort: integer(),
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
  },
  AuthorizeSecurityGroupEgress: {
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
    GroupId: required(string()),
    SourceSecurityGroupName: string(),
    SourceSecurityGroupOwnerId: string(),
    IpProtocol: string(),
    FromPort: integer(),
    ToPort: integer(),
    CidrIp: string(),
    IpPermissions: listOf(IpPermissionInput),
  },
  RevokeSecurityGroupIngress: {
    CidrIp: string(),
    FromPort: integer(),
    GroupId: string(),
    GroupName: string(),
    IpPermissions: listOf(IpPermissionInput),
    IpProtocol: string(),
    SourceSecurityGroupName: string(),
    SourceSecurityGroupOwnerId: string(),
    ToPort: integer(),
    SecurityGroupRuleId: listOf(string()),
    DryRun: boolean(),
  },
  RevokeSecurityGroupEgress: {
    SecurityGroupRuleId: listOf(string()),
    DryRun: boolean(),
    GroupId: required(string()),
    SourceSecurityGroupName: string(),
    SourceSecurityGroupOwnerId: string(),
    IpProtocol: string(),
    FromPort: integer(),
    ToPort: integer(),
    CidrIp: string(),
    IpPermissions: listOf(IpPermissionInput),
  },
  UpdateSecurityGroupRuleDescriptionsIngress: {
    DryRun: boolean(),
    GroupId: string(),
    GroupName: string(),
    IpPermissions: listOf(IpPermissionInput),
    SecurityGroupRuleDescription: listOf(structure({ SecurityGroupRuleId: string(), Description: string() })),
  },
  UpdateSecurityGroupRuleDescriptionsEgress: {
    DryRun: boolean(),
    GroupId: string(),
    GroupName: string(),
    IpPermissions: listOf(IpPermissionInput),
    SecurityGroupRuleDescription: listOf(structure({ SecurityGroupRuleId: string(), Description: string() })),
  },
  ModifySecurityGroupRules: {
    GroupId: required(string()),
    SecurityGroupRule: required(
      listOf(
        structure({
          SecurityGroupRuleId: required(string()),
          SecurityGroupRule: structure({
            IpProtocol: string(),
            FromPort: integer(),
            ToPort: integer(),
            CidrIpv4: string(),
            CidrIpv6: string(),
            PrefixListId: string(),
            ReferencedGroupId: string(),
            Description: string(),
          }),
        }),
      ),
    ),
    DryRun: boolean(),
  },
} satisfies Record<string, InputMembers>;

export const securityGroupOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateSecurityGroup: writeOperation(INPUTS.CreateSecurityGroup, (params, ctx, state) => {
    const name = requiredStr(params, "GroupName");
    const description = requiredStr(params, "GroupDescription");
    const tags = readTagSpecifications(params, ["security-group"]);
    const vpcId = str(params, "VpcId") ?? requireDefaultVpc(state).id;
    const group = createSecurityGroup(state, vpcId, name, description);
    applyTagSpecifications(state, tags, "security-group", group.id);
    return { groupId: group.id, tagSet: tagSet(state, group.id), securityGroupArn: arn(ctx, "security-group", group.id) };
  }),

  DeleteSecurityGroup: writeOperation(INPUTS.DeleteSecurityGroup, (params, _ctx, state) => {
    const group = targetGroup(state, params);
    deleteSecurityGroup(state, group);
    return { return: true, groupId: group.id };
  }),

  DescribeSecurityGroups: readOperation(INPUTS.DescribeSecurityGroups, (params, ctx, state) => {
    const ids = [...list(params, "GroupId"), ...groupsByName(state, list(params, "GroupName"))];
    const page = selectResources(state, params, {
      records: state.securityGroups,
      kind: "securityGroup",
      ids,
      filters: securityGroupFilters(ctx),
      idOf: (group) => group.id,
      limits: { min: 5, max: 1000 },
    });
    return { securityGroupInfo: page.items.map((group) => securityGroupView(state, group, ctx)), nextToken: page.nextToken };
  }),

  DescribeSecurityGroupRules: readOperation(INPUTS.DescribeSecurityGroupRules, (params, ctx, state) => {
    const entries: Record<string, RuleEntry> = {};
    for (const group of visibleRecords(state.securityGroups)) for (const rule of group.rules) entries[rule.id] = { group, rule };
    const page = selectResources(state, params, {
      records: entries,
      kind: "securityGroupRule",
      ids: list(params, "SecurityGroupRuleId"),
      filters: RULE_FILTERS,
      idOf: (entry) => entry.rule.id,
      limits: { min: 5, max: 1000 },
    });
    return { securityGroupRuleSet: page.items.map(({ group, rule }) => securityGroupRuleView(state, group, rule, ctx)), nextToken: page.nextToken };
  }),

  AuthorizeSecurityGroupIngress: authorize(INPUTS.AuthorizeSecurityGroupIngress, false),
  AuthorizeSecurityGroupEgress: authorize(INPUTS.AuthorizeSecurityGroupEgress, true),
  RevokeSecurityGroupIngress: revoke(INPUTS.RevokeSecurityGroupIngress, false),
  RevokeSecurityGroupEgress: revoke(INPUTS.RevokeSecurityGroupEgress, true),
  UpdateSecurityGroupRuleDescriptionsIngress: updateDescriptions(INPUTS.UpdateSecurityGroupRuleDescriptionsIngress, false),
  UpdateSecurityGroupRuleDescriptionsEgress: updateDescriptions(INPUTS.UpdateSecurityGroupRuleDescriptionsEgress, true),
  // Terraform's aws_vpc_security_group_ingress_rule / _egress_rule change a rule in place with it.
  ModifySecurityGroupRules: writeOperation(INPUTS.ModifySecurityGroupRules, (params, _ctx, state) => {
    const group = getSecurityGroup(state, requiredStr(params, "GroupId"));
    modifyRules(state, group, structList(params, "SecurityGroupRule").map(readRuleUpdate));
    return { return: true };
  }),
};
