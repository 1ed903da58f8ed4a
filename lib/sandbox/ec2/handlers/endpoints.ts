/**
 * Gateway VPC endpoints and AWS-managed prefix lists: Create/Modify/Delete/DescribeVpcEndpoints,
 * DescribeVpcEndpointServices, DescribePrefixLists, DescribeManagedPrefixLists,
 * GetManagedPrefixListEntries.
 */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { DnsOptionsSpecificationInput, FilterInput, SubnetConfigurationInput, TagSpecificationInput } from "../protocol/input-shapes";
import { AwsError } from "@/lib/sandbox/core/errors";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import {
  createGatewayEndpoint,
  deleteEndpoints,
  endpointNotFound,
  endpointRecords,
  endpointState,
  gatewayServices,
  modifyEndpoint,
  serviceZones,
  type GatewayService,
  type VpcEndpointRecord,
} from "../model/endpoints";
import { missingParameter, invalidPrefixListIdNotFound, invalidServiceName } from "../model/errors";
import { isVisible, visibleRecords } from "../model/lookup";
import { tagsOf } from "../model/tags";
import type { Ec2State } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { bool, list, requiredStr, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSetAlways } from "../protocol/tags";

/** Prefix lists AWS manages are owned by "AWS", not by an account. */
const AWS_OWNER = "AWS";

function endpointView(state: Ec2State, endpoint: VpcEndpointRecord, ctx: RequestContext) {
  return {
    vpcEndpointId: endpoint.id,
    vpcEndpointType: endpoint.type,
    vpcId: endpoint.vpcId,
    serviceName: endpoint.serviceName,
    state: endpointState(endpoint, ctx.now),
    policyDocument: endpoint.policyDocument,
    routeTableIdSet: endpoint.routeTableIds,
    subnetIdSet: [],
    groupSet: [],
    ipAddressType: "ipv4",
    privateDnsEnabled: false,
    requesterManaged: false,
    networkInterfaceIdSet: [],
    dnsEntrySet: [],
    creationTimestamp: new Date(endpoint.createdAt).toISOString(),
    tagSet: tagSetAlways(state, endpoint.id),
    ownerId: ctx.accountId,
  };
}

const endpointFilters = (now: number): FilterTable<VpcEndpointRecord> => ({
  "service-name": (endpoint) => endpoint.serviceName,
  "vpc-id": (endpoint) => endpoint.vpcId,
  "vpc-endpoint-id": (endpoint) => endpoint.id,
  "vpc-endpoint-state": (endpoint) => endpointState(endpoint, now),
  "vpc-endpoint-type": (endpoint) => endpoint.type,
  "ip-address-type": () => "ipv4",
});

function describeEndpoints(params: QueryParams, ctx: RequestContext, state: Ec2State) {
  const records = endpointRecords(state);
  const ids = [...new Set(list(params, "VpcEndpointId"))];
  const missing = ids.find((id) => !isVisible(records, id));
  if (missing) throw endpointNotFound(missing);
  const chosen = ids.length > 0 ? ids.map((id) => records[id]) : visibleRecords(records);
  const filtered = applyFilters(chosen, readFilters(params), endpointFilters(ctx.now), (endpoint) => tagsOf(state, endpoint.id));
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { vpcEndpointSet: page.items.map((endpoint) => endpointView(state, endpoint, ctx)), nextToken: page.nextToken };
}

// ---------------------------------------------------------------- services

interface ServiceEntry {
  service: GatewayService;
  type: "Gateway" | "Interface";
}

/** S3 is offered both as a gateway and as an interface endpoint service; DynamoDB too. */
function serviceEntries(region: string): ServiceEntry[] {
  return gatewayServices(region).flatMap((service) => [
    { service, type: "Gateway" as const },
    { service, type: "Interface" as const },
  ]);
}

function serviceHost(serviceName: string): string {
  const [, , region, name] = serviceName.split(".");
  return `${name}.${region}.amazonaws.com`;
}

function serviceDetailView({ service, type }: ServiceEntry, region: string) {
  return {
    serviceName: service.serviceName,
    serviceId: service.serviceId,
    serviceType: [{ serviceType: type }],
    serviceRegion: region,
    availabilityZoneSet: serviceZones(region),
    owner: "amazon",
    baseEndpointDnsNameSet: [serviceHost(service.serviceName)],
    vpcEndpointPolicySupported: true,
    acceptanceRequired: false,
    managesVpcEndpoints: false,
    supportedIpAddressTypeSet: ["ipv4"],
  };
}

const SERVICE_FILTERS: FilterTable<ServiceEntry> = {
  "service-name": (entry) => entry.service.serviceName,
  "service-type": (entry) => entry.type,
  owner: () => "amazon",
  "service-region": () => undefined,
  "supported-ip-address-types": () => "ipv4",
};

function describeServices(params: QueryParams, ctx: RequestContext) {
  const names = list(params, "ServiceName");
  const known = serviceEntries(ctx.region);
  const unknown = names.find((name) => !known.some((entry) => entry.service.serviceName === name));
  if (unknown) throw invalidServiceName(unknown);
  const chosen = names.length > 0 ? known.filter((entry) => names.includes(entry.service.serviceName)) : known;
  const filtered = applyFilters(chosen, readFilters(params), SERVICE_FILTERS, () => []);
  return {
    serviceNameSet: [...new Set(filtered.map((entry) => entry.service.serviceName))],
    serviceDetailSet: filtered.map((entry) => serviceDetailView(entry, ctx.region)),
  };
}

// ---------------------------------------------------------------- prefix lists

function prefixListNotFound(prefixListId: string): AwsError {
  return invalidPrefixListIdNotFound(prefixListId);
}

/** The region's AWS-managed prefix lists, by the ids asked for (each must exist), or all. */
function chosenPrefixLists(params: QueryParams, region: string): GatewayService[] {
  const all = gatewayServices(region);
  const ids = [...new Set(list(params, "PrefixListId"))];
  if (ids.length === 0) return [...all];
  return ids.map((id) => {
    const service = all.find((candidate) => candidate.prefixListId === id);
    if (!service) throw prefixListNotFound(id);
    return service;
  });
}

const PREFIX_LIST_FILTERS: FilterTable<GatewayService> = {
  "prefix-list-id": (service) => service.prefixListId,
  "prefix-list-name": (service) => service.serviceName,
};

const MANAGED_PREFIX_LIST_FILTERS: FilterTable<GatewayService> = {
  ...PREFIX_LIST_FILTERS,
  "owner-id": () => AWS_OWNER,
};

function managedPrefixListView(service: GatewayService, region: string) {
  return {
    prefixListId: service.prefixListId,
    addressFamily: "IPv4",
    state: "create-complete",
    prefixListArn: `arn:aws:ec2:${region}:aws:prefix-list/${service.prefixListId}`,
    prefixListName: service.serviceName,
    ownerId: AWS_OWNER,
  };
}

function prefixListEntries(params: QueryParams, region: string) {
  const prefixListId = requiredStr(params, "PrefixListId");
  const service = gatewayServices(region).find((candidate) => candidate.prefixListId === prefixListId);
  if (!service) throw prefixListNotFound(prefixListId);
  const page = paginate([...service.cidrs], params, { min: 1, max: 100 });
  return { entrySet: page.items.map((cidr) => ({ cidr })), nextToken: page.nextToken };
}

// ---------------------------------------------------------------- operations

function routeTableIds(params: QueryParams, name: string): string[] {
  return list(params, name);
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateVpcEndpoint: {
    DryRun: boolean(),
    VpcEndpointType: string(),
    VpcId: required(string()),
    ServiceName: string(),
    PolicyDocument: string(),
    RouteTableId: listOf(string()),
    SubnetId: listOf(string()),
    SecurityGroupId: listOf(string()),
    IpAddressType: string(),
    DnsOptions: DnsOptionsSpecificationInput,
    ClientToken: string(),
    PrivateDnsEnabled: boolean(),
    TagSpecification: listOf(TagSpecificationInput),
    SubnetConfiguration: listOf(SubnetConfigurationInput),
    ServiceNetworkArn: string(),
    ResourceConfigurationArn: string(),
    ServiceRegion: string(),
  },
  ModifyVpcEndpoint: {
    DryRun: boolean(),
    VpcEndpointId: required(string()),
    ResetPolicy: boolean(),
    PolicyDocument: string(),
    AddRouteTableId: listOf(string()),
    RemoveRouteTableId: listOf(string()),
    AddSubnetId: listOf(string()),
    RemoveSubnetId: listOf(string()),
    AddSecurityGroupId: listOf(string()),
    RemoveSecurityGroupId: listOf(string()),
    IpAddressType: string(),
    DnsOptions: DnsOptionsSpecificationInput,
    PrivateDnsEnabled: boolean(),
    SubnetConfiguration: listOf(SubnetConfigurationInput),
  },
  DeleteVpcEndpoints: {
    DryRun: boolean(),
    VpcEndpointId: required(listOf(string())),
  },
  DescribeVpcEndpoints: {
    DryRun: boolean(),
    VpcEndpointId: listOf(string()),
    Filter: listOf(FilterInput),
    MaxResults: integer(),
    NextToken: string(),
  },
  DescribeVpcEndpointServices: {
    DryRun: boolean(),
    ServiceName: listOf(string()),
    Filter: listOf(FilterInput),
    MaxResults: integer(),
    NextToken: string(),
    ServiceRegion: listOf(string()),
  },
  DescribePrefixLists: {
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    MaxResults: integer(),
    NextToken: string(),
    PrefixListId: listOf(string()),
  },
  DescribeManagedPrefixLists: {
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    MaxResults: integer({ min: 1, max: 100 }),
    NextToken: string(),
    PrefixListId: listOf(string()),
  },
  GetManagedPrefixListEntries: {
    DryRun: boolean(),
    PrefixListId: required(string()),
    TargetVersion: integer(),
    MaxResults: integer({ min: 1, max: 100 }),
    NextToken: string(),
  },
} satisfies Record<string, InputMembers>;

export const endpointOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateVpcEndpoint: writeOperation(INPUTS.CreateVpcEndpoint, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["vpc-endpoint"]);
    const endpoint = createGatewayEndpoint(state, {
      vpcId: requiredStr(params, "VpcId"),
      serviceName: requiredStr(params, "ServiceName"),
      type: str(params, "VpcEndpointType"),
      policyDocument: str(params, "PolicyDocument"),
      routeTableIds: routeTableIds(params, "RouteTableId"),
      region: ctx.region,
      now: ctx.now,
      pendingMs: ctx.delays.endpointPendingMs,
      clientToken: str(params, "ClientToken"),
    });
    applyTagSpecifications(state, tags, "vpc-endpoint", endpoint.id);
    return { vpcEndpoint: endpointView(state, endpoint, ctx), clientToken: endpoint.clientToken };
  }),

  ModifyVpcEndpoint: writeOperation(INPUTS.ModifyVpcEndpoint, (params, ctx, state) => {
    modifyEndpoint(state, requiredStr(params, "VpcEndpointId"), {
      policyDocument: str(params, "PolicyDocument"),
      resetPolicy: bool(params, "ResetPolicy"),
      addRouteTableIds: routeTableIds(params, "AddRouteTableId"),
      removeRouteTableIds: routeTableIds(params, "RemoveRouteTableId"),
      region: ctx.region,
    });
    return { return: true };
  }),

  DeleteVpcEndpoints: writeOperation(INPUTS.DeleteVpcEndpoints, (params, _ctx, state) => {
    const ids = list(params, "VpcEndpointId");
    if (ids.length === 0) throw missingParameter("VpcEndpointId");
    const unsuccessful = deleteEndpoints(state, ids);
    return { unsuccessful: unsuccessful.map((item) => ({ error: { code: item.code, message: item.message }, resourceId: item.resourceId })) };
  }),

  DescribeVpcEndpoints: readOperation(INPUTS.DescribeVpcEndpoints, describeEndpoints),

  DescribeVpcEndpointServices: readOperation(INPUTS.DescribeVpcEndpointServices, (params, ctx) => describeServices(params, ctx)),

  DescribePrefixLists: readOperation(INPUTS.DescribePrefixLists, (params, ctx) => {
    const chosen = applyFilters(chosenPrefixLists(params, ctx.region), readFilters(params), PREFIX_LIST_FILTERS, () => []);
    const page = paginate(chosen, params, { min: 5, max: 1000 });
    return {
      prefixListSet: page.items.map((service) => ({ cidrSet: service.cidrs, prefixListId: service.prefixListId, prefixListName: service.serviceName })),
      nextToken: page.nextToken,
    };
  }),

  DescribeManagedPrefixLists: readOperation(INPUTS.DescribeManagedPrefixLists, (params, ctx) => {
    const chosen = applyFilters(chosenPrefixLists(params, ctx.region), readFilters(params), MANAGED_PREFIX_LIST_FILTERS, () => []);
    const page = paginate(chosen, params, { min: 1, max: 100 });
    return { prefixListSet: page.items.map((service) => managedPrefixListView(service, ctx.region)), nextToken: page.nextToken };
  }),

  GetManagedPrefixListEntries: readOperation(INPUTS.GetManagedPrefixListEntries, (params, ctx) => prefixListEntries(params, ctx.region)),
};
