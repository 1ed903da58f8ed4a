/** Route tables: Create/Delete/Describe, Associate/Disassociate/ReplaceAssociation, Create/Replace/DeleteRoute. */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { missingParameter, invalidNatGatewayIdNotFound, invalidParameterCombination } from "../model/errors";
import { forgetDeletedRouteTable } from "../model/endpoints";
import { instanceOfInterface } from "../model/instances";
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRoute,
  deleteRouteTable,
  disassociateRouteTable,
  replaceRoute,
  replaceRouteTableAssociation,
  routeState,
  type RouteTarget,
} from "../model/route-tables";
import type { Ec2State, Route, RouteTable } from "../model/types";
import { getVpc } from "../model/vpcs";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { list, requiredStr, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSetAlways } from "../protocol/tags";

/** AWS reports a gateway endpoint's route as created by CreateRoute; its Origin has no endpoint value. */
function wireOrigin(origin: string): string {
  return origin === "CreateVpcEndpoint" ? "CreateRoute" : origin;
}

function routeView(state: Ec2State, table: RouteTable, route: Route, ctx: RequestContext) {
  const instance = route.instanceId ? state.instances[route.instanceId] : undefined;
  return {
    destinationCidrBlock: route.destinationCidrBlock,
    destinationIpv6CidrBlock: route.destinationIpv6CidrBlock,
    destinationPrefixListId: route.destinationPrefixListId,
    gatewayId: route.gatewayId,
    instanceId: route.instanceId,
    instanceOwnerId: route.instanceId ? ctx.accountId : undefined,
    networkInterfaceId: instance?.networkInterfaceId,
    vpcPeeringConnectionId: route.vpcPeeringConnectionId,
    origin: wireOrigin(route.origin),
    state: routeState(state, table, route),
  };
}

export function routeTableView(state: Ec2State, table: RouteTable, ctx: RequestContext) {
  return {
    associationSet: table.associations.map((association) => ({
      main: association.main,
      routeTableAssociationId: association.id,
      routeTableId: table.id,
      subnetId: association.subnetId,
      associationState: { state: "associated" },
    })),
    propagatingVgwSet: [],
    routeTableId: table.id,
    routeSet: table.routes.map((route) => routeView(state, table, route, ctx)),
    tagSet: tagSetAlways(state, table.id),
    vpcId: table.vpcId,
    ownerId: ctx.accountId,
  };
}

function routeTableFilters(state: Ec2State, ctx: RequestContext): FilterTable<RouteTable> {
  const routes = (field: (route: Route) => string | undefined) => (table: RouteTable) => table.routes.map(field);
  return {
    "route-table-id": (table) => table.id,
    "vpc-id": (table) => table.vpcId,
    "owner-id": () => ctx.accountId,
    "association.route-table-association-id": (table) => table.associations.map((a) => a.id),
    "association.route-table-id": (table) => (table.associations.length > 0 ? table.id : undefined),
    "association.subnet-id": (table) => table.associations.map((a) => a.subnetId),
    "association.main": (table) => table.associations.some((a) => a.main),
    "association.association-state": (table) => (table.associations.length > 0 ? "associated" : undefined),
    "route.destination-cidr-block": routes((route) => route.destinationCidrBlock),
    "route.destination-ipv6-cidr-block": routes((route) => route.destinationIpv6CidrBlock),
    "route.destination-prefix-list-id": routes((route) => route.destinationPrefixListId),
    "route.gateway-id": routes((route) => route.gatewayId),
    "route.instance-id": routes((route) => route.instanceId),
    "route.vpc-peering-connection-id": routes((route) => route.vpcPeeringConnectionId),
    "route.origin": routes((route) => wireOrigin(route.origin)),
    "route.state": (table) => table.routes.map((route) => routeState(state, table, route)),
  };
}

const TARGET_PARAMETERS = ["GatewayId", "InstanceId", "VpcPeeringConnectionId", "NetworkInterfaceId", "NatGatewayId"] as const;

/** Exactly one target parameter, resolved to what the model routes to. */
function readRouteTarget(params: QueryParams, state: Ec2State): RouteTarget {
  const given = TARGET_PARAMETERS.filter((name) => str(params, name) !== undefined);
  if (given.length === 0) {
    throw missingParameter("gatewayId, instanceId, networkInterfaceId, natGatewayId or vpcPeeringConnectionId");
  }
  if (given.length > 1) {
    throw invalidParameterCombination(wire(given[0]), wire(given[1]));
  }
  const id = str(params, given[0])!;
  switch (given[0]) {
    case "GatewayId":
      return { kind: "gateway", id };
    case "InstanceId":
      return { kind: "instance", id };
    case "VpcPeeringConnectionId":
      return { kind: "peering", id };
    case "NetworkInterfaceId":
      return { kind: "instance", id: instanceOfInterface(state, id).id };
    case "NatGatewayId":
      throw invalidNatGatewayIdNotFound(id);
  }
}

function wire(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function destinationOf(params: QueryParams): string {
  const destination = str(params, "DestinationCidrBlock");
  if (destination === undefined) throw missingParameter("destinationCidrBlock");
  return destination;
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateRouteTable: {
    TagSpecification: listOf(TagSpecificationInput),
    ClientToken: string(),
    DryRun: boolean(),
    VpcId: required(string()),
  },
  DeleteRouteTable: {
    DryRun: boolean(),
    RouteTableId: required(string()),
  },
  DescribeRouteTables: {
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 100 }),
    DryRun: boolean(),
    RouteTableId: listOf(string()),
    Filter: listOf(FilterInput),
  },
  AssociateRouteTable: {
    GatewayId: string(),
    PublicIpv4Pool: string(),
    DryRun: boolean(),
    SubnetId: string(),
    RouteTableId: required(string()),
  },
  DisassociateRouteTable: {
    DryRun: boolean(),
    AssociationId: required(string()),
  },
  ReplaceRouteTableAssociation: {
    DryRun: boolean(),
    AssociationId: required(string()),
    RouteTableId: required(string()),
  },
  CreateRoute: {
    DestinationPrefixListId: string(),
    VpcEndpointId: string(),
    TransitGatewayId: string(),
    LocalGatewayId: string(),
    CarrierGatewayId: string(),
    CoreNetworkArn: string(),
    OdbNetworkArn: string(),
    DryRun: boolean(),
    RouteTableId: required(string()),
    DestinationCidrBlock: string(),
    GatewayId: string(),
    DestinationIpv6CidrBlock: string(),
    EgressOnlyInternetGatewayId: string(),
    InstanceId: string(),
    NetworkInterfaceId: string(),
    VpcPeeringConnectionId: string(),
    NatGatewayId: string(),
  },
  ReplaceRoute: {
    DestinationPrefixListId: string(),
    VpcEndpointId: string(),
    LocalTarget: boolean(),
    TransitGatewayId: string(),
    LocalGatewayId: string(),
    CarrierGatewayId: string(),
    CoreNetworkArn: string(),
    OdbNetworkArn: string(),
    DryRun: boolean(),
    RouteTableId: required(string()),
    DestinationCidrBlock: string(),
    GatewayId: string(),
    DestinationIpv6CidrBlock: string(),
    EgressOnlyInternetGatewayId: string(),
    InstanceId: string(),
    NetworkInterfaceId: string(),
    VpcPeeringConnectionId: string(),
    NatGatewayId: string(),
  },
  DeleteRoute: {
    DestinationPrefixListId: string(),
    DryRun: boolean(),
    RouteTableId: required(string()),
    DestinationCidrBlock: string(),
    DestinationIpv6CidrBlock: string(),
  },
} satisfies Record<string, InputMembers>;

export const routeTableOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateRouteTable: writeOperation(INPUTS.CreateRouteTable, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["route-table"]);
    const vpc = getVpc(state, requiredStr(params, "VpcId"));
    const table = createRouteTable(state, vpc.id);
    applyTagSpecifications(state, tags, "route-table", table.id);
    return { routeTable: routeTableView(state, table, ctx), clientToken: str(params, "ClientToken") };
  }),

  DeleteRouteTable: writeOperation(INPUTS.DeleteRouteTable, (params, _ctx, state) => {
    const routeTableId = requiredStr(params, "RouteTableId");
    deleteRouteTable(state, routeTableId);
    forgetDeletedRouteTable(state, routeTableId);
    return { return: true };
  }),

  DescribeRouteTables: readOperation(INPUTS.DescribeRouteTables, (params, ctx, state) => {
    const page = selectResources(state, params, {
      records: state.routeTables,
      kind: "routeTable",
      ids: list(params, "RouteTableId"),
      filters: routeTableFilters(state, ctx),
      idOf: (table) => table.id,
      limits: { min: 5, max: 100 },
    });
    return { routeTableSet: page.items.map((table) => routeTableView(state, table, ctx)), nextToken: page.nextToken };
  }),

  AssociateRouteTable: writeOperation(INPUTS.AssociateRouteTable, (params, _ctx, state) => {
    const association = associateRouteTable(state, requiredStr(params, "RouteTableId"), requiredStr(params, "SubnetId"));
    return { associationId: association.id, associationState: { state: "associated" } };
  }),

  DisassociateRouteTable: writeOperation(INPUTS.DisassociateRouteTable, (params, _ctx, state) => {
    disassociateRouteTable(state, requiredStr(params, "AssociationId"));
    return { return: true };
  }),

  ReplaceRouteTableAssociation: writeOperation(INPUTS.ReplaceRouteTableAssociation, (params, _ctx, state) => {
    const association = replaceRouteTableAssociation(state, requiredStr(params, "AssociationId"), requiredStr(params, "RouteTableId"));
    return { newAssociationId: association.id, associationState: { state: "associated" } };
  }),

  CreateRoute: writeOperation(INPUTS.CreateRoute, (params, _ctx, state) => {
    const routeTableId = requiredStr(params, "RouteTableId");
    createRoute(state, routeTableId, destinationOf(params), readRouteTarget(params, state));
    return { return: true };
  }),

  ReplaceRoute: writeOperation(INPUTS.ReplaceRoute, (params, _ctx, state) => {
    const routeTableId = requiredStr(params, "RouteTableId");
    replaceRoute(state, routeTableId, destinationOf(params), readRouteTarget(params, state));
    return { return: true };
  }),

  DeleteRoute: writeOperation(INPUTS.DeleteRoute, (params, _ctx, state) => {
    deleteRoute(state, requiredStr(params, "RouteTableId"), str(params, "DestinationCidrBlock"), str(params, "DestinationPrefixListId"));
    return { return: true };
  }),
};
