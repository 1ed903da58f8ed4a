/** CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute. */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { AttributeBooleanValueInput, FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import { availabilityZones } from "../model/catalog";
import { missingParameter } from "../model/errors";
import { availableIpAddressCount, createSubnet, deleteSubnet, getSubnet } from "../model/subnets";
import { associateSubnetIpv6Block, disassociateSubnetIpv6Block } from "../model/ipv6";
import type { Ec2State, Ipv6Block, Subnet } from "../model/types";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { attributeBool, list, requiredStr, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSet } from "../protocol/tags";

function zoneIdOf(ctx: RequestContext, zoneName: string): string | undefined {
  return availabilityZones(ctx.region).find((zone) => zone.zoneName === zoneName)?.zoneId;
}

function subnetIpv6AssociationView(block: Ipv6Block, blockState: string) {
  return { associationId: block.associationId, ipv6CidrBlock: block.cidr, ipv6CidrBlockState: { state: blockState } };
}

export function subnetView(state: Ec2State, subnet: Subnet, ctx: RequestContext) {
  return {
    subnetId: subnet.id,
    subnetArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${subnet.id}`,
    state: "available",
    vpcId: subnet.vpcId,
    cidrBlock: subnet.cidrBlock,
    ipv6CidrBlockAssociationSet: (subnet.ipv6Blocks ?? []).map((block) => subnetIpv6AssociationView(block, "associated")),
    availableIpAddressCount: availableIpAddressCount(state, subnet),
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: zoneIdOf(ctx, subnet.availabilityZone),
    defaultForAz: subnet.defaultForAz,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    mapCustomerOwnedIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    ownerId: ctx.accountId,
    tagSet: tagSet(state, subnet.id),
    enableDns64: false,
    ipv6Native: false,
    privateDnsNameOptionsOnLaunch: { hostnameType: "ip-name", enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false },
  };
}

function subnetFilters(state: Ec2State, ctx: RequestContext): FilterTable<Subnet> {
  return {
    "subnet-id": (subnet) => subnet.id,
    "vpc-id": (subnet) => subnet.vpcId,
    "cidr": (subnet) => subnet.cidrBlock,
    "cidr-block": (subnet) => subnet.cidrBlock,
    "cidrBlock": (subnet) => subnet.cidrBlock,
    "availability-zone": (subnet) => subnet.availabilityZone,
    "availabilityZone": (subnet) => subnet.availabilityZone,
    "availability-zone-id": (subnet) => zoneIdOf(ctx, subnet.availabilityZone),
    "default-for-az": (subnet) => subnet.defaultForAz,
    "defaultForAz": (subnet) => subnet.defaultForAz,
    "map-public-ip-on-launch": (subnet) => subnet.mapPublicIpOnLaunch,
    "ipv6-cidr-block-association.ipv6-cidr-block": (subnet) => (subnet.ipv6Blocks ?? []).map((block) => block.cidr),
    "ipv6-cidr-block-association.association-id": (subnet) => (subnet.ipv6Blocks ?? []).map((block) => block.associationId),
    "available-ip-address-count": (subnet) => availableIpAddressCount(state, subnet),
    "owner-id": () => ctx.accountId,
    state: () => "available",
  };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateSubnet: {
    TagSpecification: listOf(TagSpecificationInput),
    AvailabilityZone: string(),
    AvailabilityZoneId: string(),
    CidrBlock: string(),
    Ipv6CidrBlock: string(),
    OutpostArn: string(),
    VpcId: required(string()),
    Ipv6Native: boolean(),
    Ipv4IpamPoolId: string(),
    Ipv4NetmaskLength: integer(),
    Ipv6IpamPoolId: string(),
    Ipv6NetmaskLength: integer(),
    DryRun: boolean(),
  },
  DescribeSubnets: {
    Filter: listOf(FilterInput),
    SubnetId: listOf(string()),
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
  },
  DeleteSubnet: {
    SubnetId: required(string()),
    DryRun: boolean(),
  },
  ModifySubnetAttribute: {
    AssignIpv6AddressOnCreation: AttributeBooleanValueInput,
    MapPublicIpOnLaunch: AttributeBooleanValueInput,
    SubnetId: required(string()),
    MapCustomerOwnedIpOnLaunch: AttributeBooleanValueInput,
    CustomerOwnedIpv4Pool: string(),
    EnableDns64: AttributeBooleanValueInput,
    PrivateDnsHostnameTypeOnLaunch: string(),
    EnableResourceNameDnsARecordOnLaunch: AttributeBooleanValueInput,
    EnableResourceNameDnsAAAARecordOnLaunch: AttributeBooleanValueInput,
    EnableLniAtDeviceIndex: integer(),
    DisableLniAtDeviceIndex: AttributeBooleanValueInput,
  },
  AssociateSubnetCidrBlock: {
    Ipv6IpamPoolId: string(),
    Ipv6NetmaskLength: integer(),
    SubnetId: required(string()),
    Ipv6CidrBlock: string(),
  },
  DisassociateSubnetCidrBlock: {
    AssociationId: required(string()),
  },
} satisfies Record<string, InputMembers>;

export const subnetOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateSubnet: writeOperation(INPUTS.CreateSubnet, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["subnet"]);
    const subnet = createSubnet(state, {
      vpcId: requiredStr(params, "VpcId"),
      cidrBlock: requiredStr(params, "CidrBlock"),
      region: ctx.region,
      availabilityZone: str(params, "AvailabilityZone"),
      availabilityZoneId: str(params, "AvailabilityZoneId"),
    });
    applyTagSpecifications(state, tags, "subnet", subnet.id);
    return { subnet: subnetView(state, subnet, ctx) };
  }),

  DescribeSubnets: readOperation(INPUTS.DescribeSubnets, (params, ctx, state) => {
    const page = selectResources(state, params, {
      records: state.subnets,
      kind: "subnet",
      ids: list(params, "SubnetId"),
      filters: subnetFilters(state, ctx),
      idOf: (subnet) => subnet.id,
      limits: { min: 5, max: 1000 },
    });
    return { subnetSet: page.items.map((subnet) => subnetView(state, subnet, ctx)), nextToken: page.nextToken };
  }),

  DeleteSubnet: writeOperation(INPUTS.DeleteSubnet, (params, _ctx, state) => {
    deleteSubnet(state, requiredStr(params, "SubnetId"));
    return { return: true };
  }),

  AssociateSubnetCidrBlock: writeOperation(INPUTS.AssociateSubnetCidrBlock, (params, _ctx, state) => {
    const { subnet, block } = associateSubnetIpv6Block(state, requiredStr(params, "SubnetId"), requiredStr(params, "Ipv6CidrBlock"));
    return { subnetId: subnet.id, ipv6CidrBlockAssociation: subnetIpv6AssociationView(block, "associating") };
  }),

  DisassociateSubnetCidrBlock: writeOperation(INPUTS.DisassociateSubnetCidrBlock, (params, _ctx, state) => {
    const { subnet, block } = disassociateSubnetIpv6Block(state, requiredStr(params, "AssociationId"));
    return { subnetId: subnet.id, ipv6CidrBlockAssociation: subnetIpv6AssociationView(block, "disassociating") };
  }),

  ModifySubnetAttribute: writeOperation(INPUTS.ModifySubnetAttribute, (params, _ctx, state) => {
    const subnet = getSubnet(state, requiredStr(params, "SubnetId"));
    const mapPublicIp = attributeBool(params, "MapPublicIpOnLaunch");
    if (mapPublicIp === undefined) throw missingParameter("MapPublicIpOnLaunch");
    subnet.mapPublicIpOnLaunch = mapPublicIp;
    return { return: true };
  }),
};
