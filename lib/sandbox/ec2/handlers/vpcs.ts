/** CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute. */
import { boolean, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { AttributeBooleanValueInput, FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import { invalidParameterCombination, invalidParameterValue, missingParameter, operationNotPermittedPrimaryCidr, unsupportedOperationInRegion } from "../model/errors";
import { assignAmazonIpv6Block, disassociateVpcIpv6Block, isPrimaryAssociation } from "../model/ipv6";
import type { Ec2State, Ipv4Block, Ipv6Block, Vpc } from "../model/types";
import { vpcIpv4Blocks } from "../model/vpc-blocks";
import { associateVpcIpv4Block, disassociateVpcIpv4Block } from "../model/vpc-cidrs";
import { createVpc, deleteVpc, getVpc, setVpcAttribute, vpcAttribute, type VpcAttribute } from "../model/vpcs";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { attributeBool, bool, list, requiredStr, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSet } from "../protocol/tags";

/** An IPv6 block as AWS lists it: "associating" in the answer that asked for it, "associated" after. */
export function vpcIpv6AssociationView(block: Ipv6Block, ctx: RequestContext, blockState = "associated") {
  return { associationId: block.associationId, ipv6CidrBlock: block.cidr, ipv6CidrBlockState: { state: blockState }, networkBorderGroup: ctx.region, ipv6Pool: "Amazon" };
}

/** An IPv4 block as AWS lists it in CidrBlockAssociationSet and in Associate/DisassociateVpcCidrBlock's answers. */
function vpcIpv4AssociationView(block: Ipv4Block, blockState = "associated") {
  return { associationId: block.associationId, cidrBlock: block.cidr, cidrBlockState: { state: blockState } };
}

export function vpcView(state: Ec2State, vpc: Vpc, ctx: RequestContext, wireState = "available") {
  const ipv6State = wireState === "pending" ? "associating" : "associated";
  return {
    vpcId: vpc.id,
    ownerId: ctx.accountId,
    instanceTenancy: vpc.instanceTenancy,
    cidrBlockAssociationSet: vpcIpv4Blocks(vpc).map((block) => vpcIpv4AssociationView(block)),
    ipv6CidrBlockAssociationSet: vpc.ipv6Blocks?.map((block) => vpcIpv6AssociationView(block, ctx, ipv6State)),
    isDefault: vpc.isDefault,
    tagSet: tagSet(state, vpc.id),
    state: wireState,
    cidrBlock: vpc.cidrBlock,
    dhcpOptionsId: vpc.dhcpOptionsId,
  };
}

function vpcFilters(ctx: RequestContext): FilterTable<Vpc> {
  return {
    "vpc-id": (vpc) => vpc.id,
    "cidr": (vpc) => vpc.cidrBlock,
    "cidr-block": (vpc) => vpc.cidrBlock,
    "cidr-block-association.cidr-block": (vpc) => vpcIpv4Blocks(vpc).map((block) => block.cidr),
    "cidr-block-association.association-id": (vpc) => vpcIpv4Blocks(vpc).map((block) => block.associationId),
    "cidr-block-association.state": () => "associated",
    "dhcp-options-id": (vpc) => vpc.dhcpOptionsId,
    "ipv6-cidr-block-association.ipv6-cidr-block": (vpc) => (vpc.ipv6Blocks ?? []).map((block) => block.cidr),
    "ipv6-cidr-block-association.association-id": (vpc) => (vpc.ipv6Blocks ?? []).map((block) => block.associationId),
    "ipv6-cidr-block-association.state": (vpc) => (vpc.ipv6Blocks ?? []).map(() => "associated"),
    "is-default": (vpc) => vpc.isDefault,
    "isDefault": (vpc) => vpc.isDefault,
    "owner-id": () => ctx.accountId,
    state: () => "available",
  };
}

/**
 * EC2-Classic is retired and the sandbox's accounts are VPC-only: AWS answers every ClassicLink
 * call of such an account with UnsupportedOperation (the answer Ansible and the Terraform
 * provider accept as "ClassicLink off").
 */
function classicLinkUnsupported(): never {
  throw unsupportedOperationInRegion();
}

const CLASSIC_LINK_OPERATIONS = [
  "DescribeVpcClassicLink",
  "DescribeVpcClassicLinkDnsSupport",
  "EnableVpcClassicLink",
  "DisableVpcClassicLink",
  "EnableVpcClassicLinkDnsSupport",
  "DisableVpcClassicLinkDnsSupport",
] as const;

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateVpc: {
    CidrBlock: string(),
    Ipv6Pool: string(),
    Ipv6CidrBlock: string(),
    Ipv4IpamPoolId: string(),
    Ipv4NetmaskLength: integer(),
    Ipv6IpamPoolId: string(),
    Ipv6NetmaskLength: integer(),
    Ipv6CidrBlockNetworkBorderGroup: string(),
    VpcEncryptionControl: structure({
      Mode: required(string()),
      InternetGatewayExclusion: string(),
      EgressOnlyInternetGatewayExclusion: string(),
      NatGatewayExclusion: string(),
      VirtualPrivateGatewayExclusion: string(),
      VpcPeeringExclusion: string(),
      LambdaExclusion: string(),
      VpcLatticeExclusion: string(),
      ElasticFileSystemExclusion: string(),
    }),
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
    InstanceTenancy: string(),
    AmazonProvidedIpv6CidrBlock: boolean(),
  },
  DescribeVpcs: {
    Filter: listOf(FilterInput),
    VpcId: listOf(string()),
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
  },
  DeleteVpc: {
    VpcId: required(string()),
    DryRun: boolean(),
  },
  ModifyVpcAttribute: {
    EnableDnsHostnames: AttributeBooleanValueInput,
    EnableDnsSupport: AttributeBooleanValueInput,
    VpcId: required(string()),
    EnableNetworkAddressUsageMetrics: AttributeBooleanValueInput,
  },
  DescribeVpcAttribute: {
    Attribute: required(string()),
    VpcId: required(string()),
    DryRun: boolean(),
  },
  AssociateVpcCidrBlock: {
    CidrBlock: string(),
    Ipv6CidrBlockNetworkBorderGroup: string(),
    Ipv6Pool: string(),
    Ipv6CidrBlock: string(),
    Ipv4IpamPoolId: string(),
    Ipv4NetmaskLength: integer(),
    Ipv6IpamPoolId: string(),
    Ipv6NetmaskLength: integer(),
    VpcId: required(string()),
    AmazonProvidedIpv6CidrBlock: boolean(),
  },
  DisassociateVpcCidrBlock: {
    AssociationId: required(string()),
  },
  DescribeVpcClassicLink: {
    DryRun: boolean(),
    VpcId: listOf(string()),
    Filter: listOf(FilterInput),
  },
  DescribeVpcClassicLinkDnsSupport: {
    VpcIds: listOf(string()),
    MaxResults: integer({ min: 5, max: 255 }),
    NextToken: string(),
  },
  EnableVpcClassicLink: {
    DryRun: boolean(),
    VpcId: required(string()),
  },
  DisableVpcClassicLink: {
    DryRun: boolean(),
    VpcId: required(string()),
  },
  EnableVpcClassicLinkDnsSupport: {
    VpcId: string(),
  },
  DisableVpcClassicLinkDnsSupport: {
    VpcId: string(),
  },
} satisfies Record<string, InputMembers>;

const classicLinkOperations: Record<string, QueryOperation<Ec2State>> = Object.fromEntries(
  CLASSIC_LINK_OPERATIONS.map((name) => [name, name.startsWith("Describe") ? readOperation(INPUTS[name], classicLinkUnsupported) : writeOperation(INPUTS[name], classicLinkUnsupported)]),
);

const VPC_ATTRIBUTES = ["enableDnsSupport", "enableDnsHostnames", "enableNetworkAddressUsageMetrics"] as const satisfies readonly VpcAttribute[];

export const vpcOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateVpc: writeOperation(INPUTS.CreateVpc, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["vpc"]);
    const vpc = createVpc(state, { cidrBlock: requiredStr(params, "CidrBlock"), instanceTenancy: str(params, "InstanceTenancy"), region: ctx.region });
    if (bool(params, "AmazonProvidedIpv6CidrBlock")) assignAmazonIpv6Block(state, vpc);
    applyTagSpecifications(state, tags, "vpc", vpc.id);
    // AWS answers "pending"; Describe shows "available" right after.
    return { vpc: vpcView(state, vpc, ctx, "pending") };
  }),

  DescribeVpcs: readOperation(INPUTS.DescribeVpcs, (params, ctx, state) => {
    const page = selectResources(state, params, {
      records: state.vpcs,
      kind: "vpc",
      ids: list(params, "VpcId"),
      filters: vpcFilters(ctx),
      idOf: (vpc) => vpc.id,
      limits: { min: 5, max: 1000 },
    });
    return { vpcSet: page.items.map((vpc) => vpcView(state, vpc, ctx)), nextToken: page.nextToken };
  }),

  DeleteVpc: writeOperation(INPUTS.DeleteVpc, (params, _ctx, state) => {
    deleteVpc(state, requiredStr(params, "VpcId"));
    return { return: true };
  }),

  ModifyVpcAttribute: writeOperation(INPUTS.ModifyVpcAttribute, (params, _ctx, state) => {
    const vpc = getVpc(state, requiredStr(params, "VpcId"));
    const given = VPC_ATTRIBUTES.filter((name) => params[name.charAt(0).toUpperCase() + name.slice(1)] !== undefined);
    if (given.length === 0) throw missingParameter("EnableDnsSupport or EnableDnsHostnames");
    if (given.length > 1) throw invalidParameterValue(`Fields for multiple attribute types specified: ${given.join(", ")}`);
    const attribute = given[0];
    const value = attributeBool(params, attribute.charAt(0).toUpperCase() + attribute.slice(1));
    if (value === undefined) throw missingParameter(`${attribute}.value`);
    setVpcAttribute(vpc, attribute, value);
    return { return: true };
  }),

  DescribeVpcAttribute: readOperation(INPUTS.DescribeVpcAttribute, (params, _ctx, state) => {
    const vpc = getVpc(state, requiredStr(params, "VpcId"));
    const attribute = requiredStr(params, "Attribute");
    if (!(VPC_ATTRIBUTES as readonly string[]).includes(attribute)) {
      throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    return { vpcId: vpc.id, [attribute]: { value: vpcAttribute(vpc, attribute as VpcAttribute) } };
  }),

  AssociateVpcCidrBlock: writeOperation(INPUTS.AssociateVpcCidrBlock, (params, ctx, state) => {
    const vpc = getVpc(state, requiredStr(params, "VpcId"));
    const amazonIpv6 = bool(params, "AmazonProvidedIpv6CidrBlock");
    const cidrBlock = str(params, "CidrBlock");
    if (amazonIpv6 && cidrBlock !== undefined) {
      throw invalidParameterCombination("cidrBlock", "amazonProvidedIpv6CidrBlock");
    }
    if (cidrBlock !== undefined) {
      return { vpcId: vpc.id, cidrBlockAssociation: vpcIpv4AssociationView(associateVpcIpv4Block(state, vpc, cidrBlock), "associating") };
    }
    if (!amazonIpv6) throw missingParameter("cidrBlock or amazonProvidedIpv6CidrBlock");
    const block = assignAmazonIpv6Block(state, vpc);
    return { vpcId: vpc.id, ipv6CidrBlockAssociation: vpcIpv6AssociationView(block, ctx, "associating") };
  }),

  DisassociateVpcCidrBlock: writeOperation(INPUTS.DisassociateVpcCidrBlock, (params, ctx, state) => {
    const associationId = requiredStr(params, "AssociationId");
    const primaryOf = isPrimaryAssociation(state, associationId);
    if (primaryOf) {
      throw operationNotPermittedPrimaryCidr(associationId);
    }
    const secondary = disassociateVpcIpv4Block(state, associationId);
    if (secondary) return { vpcId: secondary.vpc.id, cidrBlockAssociation: vpcIpv4AssociationView(secondary.block, "disassociating") };
    const { vpc, block } = disassociateVpcIpv6Block(state, associationId);
    return { vpcId: vpc.id, ipv6CidrBlockAssociation: vpcIpv6AssociationView(block, ctx, "disassociating") };
  }),

  ...classicLinkOperations,
};
