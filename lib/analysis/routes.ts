import type { Route } from "@aws-sdk/client-ec2";
import { blockContains } from "@/lib/cidr";
import type { IndexedRoute, IndexedRouteTable } from "./lab-snapshot";

export type RouteTarget =
  | { kind: "local" }
  | { kind: "internet-gateway"; id: string }
  | { kind: "peering-connection"; id: string }
  | { kind: "vpc-endpoint"; id: string }
  | { kind: "unsupported"; id: string };

/**
 * The route a packet to `address` takes: longest prefix wins; on a tie a CIDR route beats a
 * prefix-list route, as in AWS's route priority.
 */
export function lookupRoute(table: IndexedRouteTable, address: number): IndexedRoute | undefined {
  let best: IndexedRoute | undefined;
  for (const candidate of table.routes) {
    if (!blockContains(candidate.block, address)) continue;
    if (!best || candidate.block.prefixLength > best.block.prefixLength) best = candidate;
    else if (candidate.block.prefixLength === best.block.prefixLength && best.prefixListId && !candidate.prefixListId) best = candidate;
  }
  return best;
}

export function routeTarget(route: Route): RouteTarget {
  if (route.VpcPeeringConnectionId) return { kind: "peering-connection", id: route.VpcPeeringConnectionId };
  const gateway = route.GatewayId;
  if (gateway === "local") return { kind: "local" };
  if (gateway?.startsWith("igw-")) return { kind: "internet-gateway", id: gateway };
  if (gateway?.startsWith("vpce-")) return { kind: "vpc-endpoint", id: gateway };
  const other = gateway ?? route.NatGatewayId ?? route.TransitGatewayId ?? route.NetworkInterfaceId ?? route.EgressOnlyInternetGatewayId ?? route.InstanceId;
  return { kind: "unsupported", id: other ?? "unknown target" };
}

export function targetName(route: Route): string {
  const target = routeTarget(route);
  return target.kind === "local" ? "local" : target.id;
}

/** "10.2.0.0/16 -> pcx-…", marked when AWS reports the route as a blackhole. */
export function routeText(route: IndexedRoute): string {
  const state = route.route.State === "blackhole" ? " (blackhole)" : "";
  return `${route.destination} -> ${targetName(route.route)}${state}`;
}

export function describeRoute(route: IndexedRoute): string {
  return `route ${routeText(route)}`;
}
