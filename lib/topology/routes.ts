import type { Route, RouteTable, Subnet } from "@aws-sdk/client-ec2";
import type { RouteLine } from "./types";

export function isMainTable(table: RouteTable): boolean {
  return table.Associations?.some((association) => association.Main) ?? false;
}

/** The table a subnet uses: its explicit association, else its VPC's main table. */
export function effectiveRouteTable(subnet: Subnet, tables: readonly RouteTable[]): { table: RouteTable; explicit: boolean } | undefined {
  const explicit = tables.find((table) => table.Associations?.some((association) => association.SubnetId === subnet.SubnetId));
  if (explicit) return { table: explicit, explicit: true };
  const main = tables.find((table) => table.VpcId === subnet.VpcId && isMainTable(table));
  return main ? { table: main, explicit: false } : undefined;
}

export function isBlackhole(route: Route): boolean {
  return route.State === "blackhole";
}

/** Public = its route table sends 0.0.0.0/0 to an internet gateway (and the route is not a blackhole). */
export function isPublicRouteTable(table: RouteTable | undefined): boolean {
  return (table?.Routes ?? []).some(
    (route) => route.DestinationCidrBlock === "0.0.0.0/0" && route.GatewayId?.startsWith("igw-") && !isBlackhole(route),
  );
}

export function routeDestination(route: Route): string {
  return route.DestinationCidrBlock ?? route.DestinationPrefixListId ?? route.DestinationIpv6CidrBlock ?? "?";
}

export function routeTargetId(route: Route): string {
  return (
    route.GatewayId ??
    route.VpcPeeringConnectionId ??
    route.NatGatewayId ??
    route.TransitGatewayId ??
    route.InstanceId ??
    route.NetworkInterfaceId ??
    route.CarrierGatewayId ??
    route.LocalGatewayId ??
    route.EgressOnlyInternetGatewayId ??
    "?"
  );
}

export function routeLines(table: RouteTable): RouteLine[] {
  return (table.Routes ?? []).map((route) => ({
    destination: routeDestination(route),
    target: routeTargetId(route),
    blackhole: isBlackhole(route),
  }));
}

/** A main table nobody uses that still holds only its local route is noise on the diagram. */
export function isWorthDrawing(table: RouteTable, usedTableIds: ReadonlySet<string>): boolean {
  if (usedTableIds.has(table.RouteTableId ?? "")) return true;
  if (!isMainTable(table)) return true;
  return (table.Routes ?? []).some((route) => route.GatewayId !== "local");
}
