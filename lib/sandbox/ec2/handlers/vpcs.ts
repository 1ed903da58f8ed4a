/** CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute. */
import { boolean, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { AttributeBooleanValueInput, FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import { invalidParameterValue, missingParameter } from "../model/errors";
import type { Ec2State, Vpc } from "../model/types";
import { createVpc, deleteVpc, getVpc, setVpcAttribute } from "../model/vpcs";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { attributeBool, list, requiredStr, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSet } from "../protocol/tags";

export function vpcView(state: Ec2State, vpc: Vpc, ctx: RequestContext, wireState = "available") {
  return {
    vpcId: vpc.id,
    ownerId: ctx.accountId,
    instanceTenancy: vpc.instanceTenancy,
    cidrBlockAssociationSet: [{ associationId: vpc.cidrAssociationId, cidrBlock: vpc.cidrBlock, cidrBlockState: { state: "associated" } }],
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
    "cidr-block-association.cidr-block": (vpc) => vpc.cidrBlock,
    "cidr-block-association.association-id": (vpc) => vpc.cidrAssociationId,
    "cidr-block-association.state": () => "associated",
    "dhcp-options-id": (vpc) => vpc.dhcpOptionsId,
    "is-default": (vpc) => vpc.isDefault,
    "isDefault": (vpc) => vpc.isDefault,
    "owner-id": () => ctx.accountId,
    state: () => "available",
  };
}

const VPC_ATTRIBUTES = ["enableDnsSupport", "enableDnsHostnames"] as const;

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
} satisfies Record<string, InputMembers>;

export const vpcOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateVpc: writeOperation(INPUTS.CreateVpc, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["vpc"]);
    const vpc = createVpc(state, { cidrBlock: requiredStr(params, "CidrBlock"), instanceTenancy: str(params, "InstanceTenancy") });
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
    if (given.length > 1) throw invalidParameterValue("Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames");
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
    return { vpcId: vpc.id, [attribute]: { value: vpc[attribute as (typeof VPC_ATTRIBUTES)[number]] } };
  }),
};
