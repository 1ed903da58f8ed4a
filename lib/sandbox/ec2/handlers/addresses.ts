/** AllocateAddress, AssociateAddress, DisassociateAddress, ReleaseAddress, DescribeAddresses, DescribeAddressesAttribute. */
import { boolean, integer, listOf, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { allocateAddress, associateAddress, disassociateAddress, findAddress, releaseAddress } from "../model/addresses";
import { invalidParameterValue, missingParameter, invalidParameterValuePrivateIpNotOnInstance } from "../model/errors";
import { getInstance, instanceOfInterface } from "../model/instances";
import { visibleRecords } from "../model/lookup";
import type { Address, Ec2State, Instance } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { bool, list, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSet } from "../protocol/tags";
import { tagsOf } from "../model/tags";

function addressView(state: Ec2State, address: Address, ctx: RequestContext) {
  return {
    allocationId: address.allocationId,
    associationId: address.associationId,
    domain: "vpc",
    networkInterfaceId: address.networkInterfaceId,
    networkInterfaceOwnerId: address.networkInterfaceId ? ctx.accountId : undefined,
    privateIpAddress: address.privateIpAddress,
    tagSet: tagSet(state, address.allocationId),
    publicIpv4Pool: "amazon",
    networkBorderGroup: ctx.region,
    instanceId: address.instanceId,
    publicIp: address.publicIp,
  };
}

const ADDRESS_FILTERS: FilterTable<Address> = {
  "allocation-id": (a) => a.allocationId,
  "association-id": (a) => a.associationId,
  domain: () => "vpc",
  "instance-id": (a) => a.instanceId,
  "network-interface-id": (a) => a.networkInterfaceId,
  "private-ip-address": (a) => a.privateIpAddress,
  "public-ip": (a) => a.publicIp,
};

/** An address is named by AllocationId (VPC addresses) or PublicIp. */
function addressRef(params: QueryParams): { allocationId?: string; publicIp?: string } {
  const allocationId = str(params, "AllocationId");
  const publicIp = str(params, "PublicIp");
  if (allocationId === undefined && publicIp === undefined) throw missingParameter("AllocationId");
  return { allocationId, publicIp };
}

function targetInstance(state: Ec2State, params: QueryParams): Instance {
  const instanceId = str(params, "InstanceId");
  if (instanceId !== undefined) return getInstance(state, instanceId);
  const networkInterfaceId = str(params, "NetworkInterfaceId");
  if (networkInterfaceId !== undefined) return instanceOfInterface(state, networkInterfaceId);
  throw missingParameter("InstanceId or NetworkInterfaceId");
}

function describeAddresses(params: QueryParams, ctx: RequestContext, state: Ec2State) {
  const allocationIds = list(params, "AllocationId");
  const publicIps = list(params, "PublicIp");
  for (const allocationId of allocationIds) findAddress(state, { allocationId });
  for (const publicIp of publicIps) findAddress(state, { publicIp });
  const chosen = visibleRecords(state.addresses).filter(
    (a) => allocationIds.length + publicIps.length === 0 || allocationIds.includes(a.allocationId) || publicIps.includes(a.publicIp),
  );
  const filtered = applyFilters(chosen, readFilters(params), ADDRESS_FILTERS, (a) => tagsOf(state, a.allocationId));
  return { addressesSet: filtered.map((address) => addressView(state, address, ctx)) };
}

/**
 * The reverse DNS (PTR) records of addresses: "domain-name" is the one attribute. The sandbox sets
 * no PTR records, so each address is listed without one, as AWS lists an address whose record was
 * never set (Terraform's aws_eip reads it on every refresh).
 */
function describeAddressesAttribute(params: QueryParams, _ctx: RequestContext, state: Ec2State) {
  const attribute = str(params, "Attribute");
  if (attribute !== undefined && attribute !== "domain-name") throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  const allocationIds = list(params, "AllocationId");
  const addresses = allocationIds.length > 0 ? allocationIds.map((allocationId) => findAddress(state, { allocationId })) : visibleRecords(state.addresses);
  const page = paginate(addresses, params, { min: 1, max: 1000 });
  return { addressSet: page.items.map((address) => ({ publicIp: address.publicIp, allocationId: address.allocationId })), nextToken: page.nextToken };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  AllocateAddress: {
    Domain: string(),
    Address: string(),
    PublicIpv4Pool: string(),
    NetworkBorderGroup: string(),
    CustomerOwnedIpv4Pool: string(),
    TagSpecification: listOf(TagSpecificationInput),
    IpamPoolId: string(),
    DryRun: boolean(),
  },
  AssociateAddress: {
    AllocationId: string(),
    InstanceId: string(),
    PublicIp: string(),
    DryRun: boolean(),
    NetworkInterfaceId: string(),
    PrivateIpAddress: string(),
    AllowReassociation: boolean(),
  },
  DisassociateAddress: {
    AssociationId: string(),
    PublicIp: string(),
    DryRun: boolean(),
  },
  ReleaseAddress: {
    AllocationId: string(),
    PublicIp: string(),
    NetworkBorderGroup: string(),
    DryRun: boolean(),
  },
  DescribeAddresses: {
    PublicIp: listOf(string()),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    AllocationId: listOf(string()),
  },
  DescribeAddressesAttribute: {
    AllocationId: listOf(string()),
    Attribute: string(),
    NextToken: string(),
    MaxResults: integer({ min: 1, max: 1000 }),
    DryRun: boolean(),
  },
} satisfies Record<string, InputMembers>;

export const addressOperations: Record<string, QueryOperation<Ec2State>> = {
  AllocateAddress: writeOperation(INPUTS.AllocateAddress, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["elastic-ip"]);
    const address = allocateAddress(state, str(params, "Domain"));
    applyTagSpecifications(state, tags, "elastic-ip", address.allocationId);
    return { allocationId: address.allocationId, publicIpv4Pool: "amazon", networkBorderGroup: ctx.region, domain: "vpc", publicIp: address.publicIp };
  }),

  AssociateAddress: writeOperation(INPUTS.AssociateAddress, (params, _ctx, state) => {
    const address = findAddress(state, addressRef(params));
    const instance = targetInstance(state, params);
    const privateIp = str(params, "PrivateIpAddress");
    if (privateIp !== undefined && privateIp !== instance.privateIpAddress) {
      throw invalidParameterValuePrivateIpNotOnInstance(privateIp, instance.id);
    }
    const associationId = associateAddress(state, address, instance, bool(params, "AllowReassociation") ?? false);
    return { associationId };
  }),

  DisassociateAddress: writeOperation(INPUTS.DisassociateAddress, (params, _ctx, state) => {
    const associationId = str(params, "AssociationId");
    const publicIp = str(params, "PublicIp");
    if (associationId === undefined && publicIp === undefined) throw missingParameter("AssociationId");
    disassociateAddress(state, { associationId, publicIp });
    return { return: true };
  }),

  ReleaseAddress: writeOperation(INPUTS.ReleaseAddress, (params, _ctx, state) => {
    releaseAddress(state, findAddress(state, addressRef(params)));
    return { return: true };
  }),

  DescribeAddresses: readOperation(INPUTS.DescribeAddresses, describeAddresses),
  DescribeAddressesAttribute: readOperation(INPUTS.DescribeAddressesAttribute, describeAddressesAttribute),
};
