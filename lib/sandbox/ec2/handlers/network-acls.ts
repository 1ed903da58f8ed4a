/** Network ACLs: Create/Delete/Describe, entries, and subnet association replacement. */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, IcmpTypeCodeInput, PortRangeInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { invalidParameterValue, missingParameter } from "../model/errors";
import { parseStrictIpv4Cidr } from "@/lib/cidr";
import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
} from "../model/network-acls";
import type { Ec2State, NetworkAcl, NetworkAclEntry } from "../model/types";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { bool, int, list, requiredInt, requiredStr, str, struct } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSetAlways } from "../protocol/tags";

const ACL_PROTOCOL_NUMBERS: Record<string, string> = { all: "-1", "-1": "-1", tcp: "6", udp: "17", icmp: "1", icmpv6: "58" };

/** ACL entries carry protocol numbers ("6"), whatever name they were given in. */
function aclProtocol(value: string): string {
  const lower = value.toLowerCase();
  if (Object.hasOwn(ACL_PROTOCOL_NUMBERS, lower)) return ACL_PROTOCOL_NUMBERS[lower];
  if (/^\d{1,3}$/.test(value) && Number(value) <= 255) return String(Number(value));
  throw invalidParameterValue(`Invalid value '${value}' for protocol. Unknown protocol.`);
}

function ruleNumberOf(params: QueryParams): number {
  const ruleNumber = requiredInt(params, "RuleNumber");
  if (ruleNumber < 1 || ruleNumber > 32766) {
    throw invalidParameterValue(`Value (${ruleNumber}) for parameter ruleNumber is invalid. Rule number must be between 1 and 32766.`);
  }
  return ruleNumber;
}

function portRangeOf(params: QueryParams): { from: number; to: number } {
  const range = struct(params, "PortRange");
  const from = range && int(range, "From");
  const to = range && int(range, "To");
  if (from === undefined || to === undefined) throw missingParameter("portRange");
  if (from < 0 || to > 65535 || from > to) throw invalidParameterValue(`Invalid port range ${from}-${to}`);
  return { from, to };
}

function icmpOf(params: QueryParams): { type: number; code: number } {
  const icmp = struct(params, "Icmp");
  const type = icmp && int(icmp, "Type");
  const code = icmp && int(icmp, "Code");
  if (type === undefined || code === undefined) throw missingParameter("icmpTypeCode");
  return { type, code };
}

/** An entry as CreateNetworkAclEntry / ReplaceNetworkAclEntry describe it. */
function readEntry(params: QueryParams): NetworkAclEntry {
  const ruleNumber = ruleNumberOf(params);
  const protocol = aclProtocol(requiredStr(params, "Protocol"));
  const action = requiredStr(params, "RuleAction").toLowerCase();
  if (action !== "allow" && action !== "deny") throw invalidParameterValue(`Value (${action}) for parameter ruleAction is invalid.`);
  const cidrText = requiredStr(params, "CidrBlock");
  const cidr = parseStrictIpv4Cidr(cidrText);
  if (!cidr) throw invalidParameterValue(`Value (${cidrText}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  const entry: NetworkAclEntry = { ruleNumber, egress: bool(params, "Egress") ?? false, protocol, ruleAction: action, cidrBlock: cidr.cidr };
  if (protocol === "6" || protocol === "17") entry.portRange = portRangeOf(params);
  if (protocol === "1") entry.icmpTypeCode = icmpOf(params);
  return entry;
}

function entryView(entry: NetworkAclEntry) {
  return {
    cidrBlock: entry.cidrBlock,
    egress: entry.egress,
    icmpTypeCode: entry.icmpTypeCode,
    portRange: entry.portRange,
    protocol: entry.protocol,
    ruleAction: entry.ruleAction,
    ruleNumber: entry.ruleNumber,
  };
}

export function networkAclView(state: Ec2State, acl: NetworkAcl, ctx: RequestContext) {
  return {
    associationSet: acl.associations.map((a) => ({ networkAclAssociationId: a.id, networkAclId: acl.id, subnetId: a.subnetId })),
    entrySet: acl.entries.map(entryView),
    default: acl.isDefault,
    networkAclId: acl.id,
    tagSet: tagSetAlways(state, acl.id),
    vpcId: acl.vpcId,
    ownerId: ctx.accountId,
  };
}

function networkAclFilters(ctx: RequestContext): FilterTable<NetworkAcl> {
  const entries = (field: (entry: NetworkAclEntry) => string | number | boolean | undefined) => (acl: NetworkAcl) => acl.entries.map(field);
  return {
    "network-acl-id": (acl) => acl.id,
    "vpc-id": (acl) => acl.vpcId,
    default: (acl) => acl.isDefault,
    "owner-id": () => ctx.accountId,
    "association.association-id": (acl) => acl.associations.map((a) => a.id),
    "association.network-acl-id": (acl) => (acl.associations.length > 0 ? acl.id : undefined),
    "association.subnet-id": (acl) => acl.associations.map((a) => a.subnetId),
    "entry.cidr": entries((entry) => entry.cidrBlock),
    "entry.egress": entries((entry) => entry.egress),
    "entry.protocol": entries((entry) => entry.protocol),
    "entry.rule-action": entries((entry) => entry.ruleAction),
    "entry.rule-number": entries((entry) => entry.ruleNumber),
    "entry.port-range.from": entries((entry) => entry.portRange?.from),
    "entry.port-range.to": entries((entry) => entry.portRange?.to),
  };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateNetworkAcl: {
    TagSpecification: listOf(TagSpecificationInput),
    ClientToken: string(),
    DryRun: boolean(),
    VpcId: required(string()),
  },
  DeleteNetworkAcl: {
    DryRun: boolean(),
    NetworkAclId: required(string()),
  },
  DescribeNetworkAcls: {
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
    NetworkAclId: listOf(string()),
    Filter: listOf(FilterInput),
  },
  CreateNetworkAclEntry: {
    DryRun: boolean(),
    NetworkAclId: required(string()),
    RuleNumber: required(integer()),
    Protocol: required(string()),
    RuleAction: required(string()),
    Egress: required(boolean()),
    CidrBlock: string(),
    Ipv6CidrBlock: string(),
    Icmp: IcmpTypeCodeInput,
    PortRange: PortRangeInput,
  },
  ReplaceNetworkAclEntry: {
    DryRun: boolean(),
    NetworkAclId: required(string()),
    RuleNumber: required(integer()),
    Protocol: required(string()),
    RuleAction: required(string()),
    Egress: required(boolean()),
    CidrBlock: string(),
    Ipv6CidrBlock: string(),
    Icmp: IcmpTypeCodeInput,
    PortRange: PortRangeInput,
  },
  DeleteNetworkAclEntry: {
    DryRun: boolean(),
    NetworkAclId: required(string()),
    RuleNumber: required(integer()),
    Egress: required(boolean()),
  },
  ReplaceNetworkAclAssociation: {
    DryRun: boolean(),
    AssociationId: required(string()),
    NetworkAclId: required(string()),
  },
} satisfies Record<string, InputMembers>;

export const networkAclOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateNetworkAcl: writeOperation(INPUTS.CreateNetworkAcl, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["network-acl"]);
    const acl = createNetworkAcl(state, requiredStr(params, "VpcId"));
    applyTagSpecifications(state, tags, "network-acl", acl.id);
    return { networkAcl: networkAclView(state, acl, ctx), clientToken: str(params, "ClientToken") };
  }),

  DeleteNetworkAcl: writeOperation(INPUTS.DeleteNetworkAcl, (params, _ctx, state) => {
    deleteNetworkAcl(state, requiredStr(params, "NetworkAclId"));
    return { return: true };
  }),

  DescribeNetworkAcls: readOperation(INPUTS.DescribeNetworkAcls, (params, ctx, state) => {
    const page = selectResources(state, params, {
      records: state.networkAcls,
      kind: "networkAcl",
      ids: list(params, "NetworkAclId"),
      filters: networkAclFilters(ctx),
      idOf: (acl) => acl.id,
      limits: { min: 5, max: 1000 },
    });
    return { networkAclSet: page.items.map((acl) => networkAclView(state, acl, ctx)), nextToken: page.nextToken };
  }),

  CreateNetworkAclEntry: writeOperation(INPUTS.CreateNetworkAclEntry, (params, _ctx, state) => {
    createNetworkAclEntry(state, requiredStr(params, "NetworkAclId"), readEntry(params));
    return { return: true };
  }),

  ReplaceNetworkAclEntry: writeOperation(INPUTS.ReplaceNetworkAclEntry, (params, _ctx, state) => {
    replaceNetworkAclEntry(state, requiredStr(params, "NetworkAclId"), readEntry(params));
    return { return: true };
  }),

  DeleteNetworkAclEntry: writeOperation(INPUTS.DeleteNetworkAclEntry, (params, _ctx, state) => {
    const egress = bool(params, "Egress");
    if (egress === undefined) throw missingParameter("Egress");
    deleteNetworkAclEntry(state, requiredStr(params, "NetworkAclId"), ruleNumberOf(params), egress);
    return { return: true };
  }),

  ReplaceNetworkAclAssociation: writeOperation(INPUTS.ReplaceNetworkAclAssociation, (params, _ctx, state) => {
    const newAssociationId = replaceNetworkAclAssociation(state, requiredStr(params, "AssociationId"), requiredStr(params, "NetworkAclId"));
    return { newAssociationId };
  }),
};
