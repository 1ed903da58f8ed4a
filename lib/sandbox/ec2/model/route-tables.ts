/**
 * Route tables, their associations and routes. A route's state (active / blackhole) is not
 * stored: it is read from its target each time, so a deleted peering connection or a detached
 * gateway turns the route into a blackhole at once, as in AWS.
 */
import { blockWithin, parseStrictIpv4Cidr, storedIpv4Block } from "@/lib/cidr";
import { dependencyViolation, invalidParameterValue, missingParameter, notFound, invalidAssociationIdNotFound, invalidGatewayIdNotFound, invalidRouteNotFound, resourceAlreadyAssociatedSubnet, routeAlreadyExists, routeNotSupported } from "./errors";
import { newId } from "./ids";
import { isVisible, lookup } from "./lookup";
import { forgetTags } from "./tags";
import type { Ec2State, Route, RouteTable, RouteTableAssociation, Vpc } from "./types";
import { checkVpcQuota, countWhere } from "./quotas";
import { vpcIpv4Blocks, vpcIpv4Cidrs } from "./vpc-blocks";

export function getRouteTable(state: Ec2State, routeTableId: string): RouteTable {
  return lookup(state.routeTables, "routeTable", routeTableId);
}

/** The destination of a `local` route: one of the VPC's IPv4 or IPv6 blocks. */
export type LocalDestination = Pick<Route, "destinationCidrBlock" | "destinationIpv6CidrBlock">;

function localRoute(destination: LocalDestination): Route {
  return { ...destination, gatewayId: "local", origin: "CreateRouteTable" };
}

/** AWS lists a `local` route for each of the VPC's blocks, IPv4 ones first. */
function localRoutes(vpc: Vpc): Route[] {
  const ipv4 = vpcIpv4Blocks(vpc).map((block) => localRoute({ destinationCidrBlock: block.cidr }));
  const ipv6 = (vpc.ipv6Blocks ?? []).map((block) => localRoute({ destinationIpv6CidrBlock: block.cidr }));
  return [...ipv4, ...ipv6];
}

function isLocalRouteTo(route: Route, destination: LocalDestination): boolean {
  return route.gatewayId === "local" && route.destinationCidrBlock === destination.destinationCidrBlock && route.destinationIpv6CidrBlock === destination.destinationIpv6CidrBlock;
}

/** A block associated with the VPC gets its `local` route in every route table of the VPC, after the other local routes. */
export function addLocalRoute(state: Ec2State, vpcId: string, destination: LocalDestination): void {
  for (const table of Object.values(state.routeTables)) {
    if (table.vpcId !== vpcId) continue;
    const lastLocal = table.routes.findLastIndex((route) => route.gatewayId === "local");
    table.routes.splice(lastLocal + 1, 0, localRoute(destination));
  }
}

export function removeLocalRoute(state: Ec2State, vpcId: string, destination: LocalDestination): void {
  for (const table of Object.values(state.routeTables)) {
    if (table.vpcId === vpcId) table.routes = table.routes.filter((route) => !isLocalRouteTo(route, destination));
  }
}

export function createRouteTable(state: Ec2State, vpcId: string, options: { main?: boolean } = {}): RouteTable {
  const vpc = state.vpcs[vpcId];
  checkVpcQuota("routeTablesPerVpc", countWhere(state.routeTables, (table) => table.vpcId === vpcId));
  const table: RouteTable = {
    id: newId("rtb"),
    vpcId,
    routes: localRoutes(vpc),
    associations: options.main ? [{ id: newId("rtbassoc"), main: true }] : [],
  };
  state.routeTables[table.id] = table;
  return table;
}

export function isMainTable(table: RouteTable): boolean {
  return table.associations.some((association) => association.main);
}

export function mainRouteTable(state: Ec2State, vpcId: string): RouteTable | undefined {
  return Object.values(state.routeTables).find((table) => table.vpcId === vpcId && isMainTable(table));
}

/** The table a subnet uses: its explicit association, else its VPC's main table. */
export function routeTableOfSubnet(state: Ec2State, subnetId: string): RouteTable | undefined {
  const explicit = Object.values(state.routeTables).find((table) => table.associations.some((a) => a.subnetId === subnetId));
  return explicit ?? mainRouteTable(state, state.subnets[subnetId]?.vpcId ?? "");
}

export function deleteRouteTable(state: Ec2State, routeTableId: string): void {
  const table = getRouteTable(state, routeTableId);
  if (table.associations.length > 0) throw dependencyViolation("routeTable", routeTableId);
  delete state.routeTables[routeTableId];
  forgetTags(state, routeTableId);
}

// ---------------------------------------------------------------- associations

function findAssociation(state: Ec2State, associationId: string): { table: RouteTable; association: RouteTableAssociation } {
  for (const table of Object.values(state.routeTables)) {
    const association = table.associations.find((a) => a.id === associationId);
    if (association) return { table, association };
  }
  throw invalidAssociationIdNotFound(associationId);
}

export function associateRouteTable(state: Ec2State, routeTableId: string, subnetId: string): RouteTableAssociation {
  const table = getRouteTable(state, routeTableId);
  const subnet = lookup(state.subnets, "subnet", subnetId);
  if (subnet.vpcId !== table.vpcId) {
    throw invalidParameterValue(`Route table ${routeTableId} and subnet ${subnetId} belong to different networks`);
  }
  const existing = Object.values(state.routeTables).find((t) => t.associations.some((a) => a.subnetId === subnetId));
  if (existing) {
    throw resourceAlreadyAssociatedSubnet(existing.id);
  }
  const association: RouteTableAssociation = { id: newId("rtbassoc"), subnetId, main: false };
  table.associations.push(association);
  return association;
}

export function disassociateRouteTable(state: Ec2State, associationId: string): void {
  const { table, association } = findAssociation(state, associationId);
  if (association.main) throw invalidParameterValue(`cannot disassociate the main route table association ${associationId}`);
  table.associations = table.associations.filter((a) => a.id !== associationId);
}

/** Points an association (a subnet's, or the VPC's main one) at another table of the same VPC. */
export function replaceRouteTableAssociation(state: Ec2State, associationId: string, routeTableId: string): RouteTableAssociation {
  const { table: from, association } = findAssociation(state, associationId);
  const to = getRouteTable(state, routeTableId);
  if (to.vpcId !== from.vpcId) {
    throw invalidParameterValue(`Route table ${routeTableId} and association ${associationId} belong to different networks`);
  }
  from.associations = from.associations.filter((a) => a.id !== associationId);
  const replacement: RouteTableAssociation = { ...association, id: newId("rtbassoc") };
  to.associations.push(replacement);
  return replacement;
}

export function removeSubnetAssociations(state: Ec2State, subnetId: string): void {
  for (const table of Object.values(state.routeTables)) {
    if (table.associations.some((a) => a.subnetId === subnetId)) table.associations = table.associations.filter((a) => a.subnetId !== subnetId);
  }
}

// ---------------------------------------------------------------- routes

export type RouteTarget =
  | { kind: "gateway"; id: string }
  | { kind: "instance"; id: string }
  | { kind: "peering"; id: string };

export type RouteState = "active" | "blackhole";

export function routeState(state: Ec2State, table: RouteTable, route: Route): RouteState {
  if (route.gatewayId === "local") return "active";
  if (route.gatewayId?.startsWith("igw-")) {
    return state.internetGateways[route.gatewayId]?.attachedVpcId === table.vpcId ? "active" : "blackhole";
  }
  if (route.vpcPeeringConnectionId) {
    return state.peeringConnections[route.vpcPeeringConnectionId]?.status === "active" ? "active" : "blackhole";
  }
  if (route.instanceId) {
    const instance = state.instances[route.instanceId];
    return instance && instance.state !== "terminated" && instance.state !== "shutting-down" ? "active" : "blackhole";
  }
  return "active";
}

function routeKey(route: Route): string | undefined {
  return route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId;
}

function findRoute(table: RouteTable, destination: string): Route | undefined {
  return table.routes.find((route) => routeKey(route) === destination);
}

function parseDestination(destination: string): string {
  const cidr = parseStrictIpv4Cidr(destination);
  if (!cidr) throw invalidParameterValue(`Value (${destination}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  return cidr.cidr;
}

/** The target fields of a route to `target`, after checking that the target exists and may serve this table. */
function targetFields(state: Ec2State, table: RouteTable, target: RouteTarget): Partial<Route> {
  switch (target.kind) {
    case "gateway":
      return { gatewayId: checkGatewayTarget(state, table, target.id) };
    case "instance":
      return { instanceId: checkInstanceTarget(state, table, target.id) };
    case "peering":
      return { vpcPeeringConnectionId: checkPeeringTarget(state, table, target.id) };
  }
}

function checkGatewayTarget(state: Ec2State, table: RouteTable, gatewayId: string): string {
  if (gatewayId.startsWith("vpce-")) {
    throw routeNotSupported(gatewayId);
  }
  const gateway = isVisible(state.internetGateways, gatewayId) ? state.internetGateways[gatewayId] : undefined;
  if (!gateway) throw invalidGatewayIdNotFound(gatewayId);
  if (gateway.attachedVpcId !== table.vpcId) {
    throw invalidParameterValue(`route table ${table.id} and network gateway ${gatewayId} belong to different networks`);
  }
  return gatewayId;
}

function checkInstanceTarget(state: Ec2State, table: RouteTable, instanceId: string): string {
  const instance = isVisible(state.instances, instanceId) ? state.instances[instanceId] : undefined;
  if (!instance || instance.state === "terminated") throw notFound("instance", instanceId);
  if (instance.vpcId !== table.vpcId) {
    throw invalidParameterValue(`route table ${table.id} and instance ${instanceId} belong to different networks`);
  }
  return instanceId;
}

function checkPeeringTarget(state: Ec2State, table: RouteTable, peeringId: string): string {
  const pcx = isVisible(state.peeringConnections, peeringId) ? state.peeringConnections[peeringId] : undefined;
  const usable = pcx && (pcx.status === "active" || pcx.status === "pending-acceptance" || pcx.status === "provisioning");
  if (!usable) throw notFound("peering", peeringId);
  if (pcx.requester.vpcId !== table.vpcId && pcx.accepter.vpcId !== table.vpcId) {
    throw invalidParameterValue(`route table ${table.id} and peering connection ${peeringId} belong to different networks`);
  }
  return peeringId;
}

/** Routes inside one of the VPC's ranges can only target an interface or an instance (AWS's rule for "more specific" routes). */
function checkNotShadowingLocal(state: Ec2State, table: RouteTable, destination: string, target: RouteTarget): void {
  const inVpc = vpcIpv4Cidrs(state.vpcs[table.vpcId]).some((block) => blockWithin(storedIpv4Block(destination), block));
  if (target.kind !== "instance" && inVpc) {
    throw invalidParameterValue(
      `The destination CIDR block ${destination} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
    );
  }
}

function refuseEndpointRoute(route: Route): void {
  if (route.origin === "CreateVpcEndpoint") {
    throw invalidParameterValue(`The route to ${routeKey(route)} is managed by VPC endpoint ${route.gatewayId} and cannot be changed by hand. Modify the endpoint's route tables instead.`);
  }
}

/** The local route is not counted (AWS's quota is on the routes a student adds). */
function checkRouteQuota(table: RouteTable): void {
  checkVpcQuota("routesPerRouteTable", table.routes.filter((route) => route.gatewayId !== "local").length);
}

export function createRoute(state: Ec2State, routeTableId: string, destinationText: string, target: RouteTarget): Route {
  const table = getRouteTable(state, routeTableId);
  const destination = parseDestination(destinationText);
  if (findRoute(table, destination)) throw routeAlreadyExists(destination);
  checkNotShadowingLocal(state, table, destination, target);
  checkRouteQuota(table);
  const route: Route = { destinationCidrBlock: destination, ...targetFields(state, table, target), origin: "CreateRoute" };
  table.routes.push(route);
  return route;
}

export function replaceRoute(state: Ec2State, routeTableId: string, destinationText: string, target: RouteTarget): void {
  const table = getRouteTable(state, routeTableId);
  const destination = parseDestination(destinationText);
  const index = table.routes.findIndex((route) => routeKey(route) === destination);
  if (index < 0) throw invalidParameterValue(`There is no route defined for '${destination}' in the route table. Use CreateRoute instead.`);
  const route = table.routes[index];
  refuseEndpointRoute(route);
  if (route.gatewayId === "local") throw invalidParameterValue(`cannot replace local route ${destination} in route table ${routeTableId}`);
  table.routes[index] = { destinationCidrBlock: destination, ...targetFields(state, table, target), origin: route.origin };
}

export function deleteRoute(state: Ec2State, routeTableId: string, destination: string | undefined, prefixListId?: string): void {
  const table = getRouteTable(state, routeTableId);
  const key = destination !== undefined ? parseDestination(destination) : prefixListId;
  if (key === undefined) throw missingParameter("DestinationCidrBlock");
  const route = findRoute(table, key);
  if (!route) throw invalidRouteNotFound(key, routeTableId);
  refuseEndpointRoute(route);
  if (route.gatewayId === "local") throw invalidParameterValue(`cannot remove local route ${key} in route table ${routeTableId}`);
  table.routes = table.routes.filter((r) => r !== route);
}

/** For gateway VPC endpoints (S3): the route to the service's prefix list that AWS manages itself. */
export function addEndpointRoute(state: Ec2State, routeTableId: string, prefixListId: string, endpointId: string): void {
  const table = getRouteTable(state, routeTableId);
  if (findRoute(table, prefixListId)) throw routeAlreadyExists(prefixListId);
  checkRouteQuota(table);
  table.routes.push({ destinationPrefixListId: prefixListId, gatewayId: endpointId, origin: "CreateVpcEndpoint" });
}

/** Removes an endpoint's managed routes (from one table, or every table). */
export function removeEndpointRoutes(state: Ec2State, endpointId: string, routeTableId?: string): void {
  for (const table of Object.values(state.routeTables)) {
    if (routeTableId !== undefined && table.id !== routeTableId) continue;
    table.routes = table.routes.filter((route) => !(route.origin === "CreateVpcEndpoint" && route.gatewayId === endpointId));
  }
}
