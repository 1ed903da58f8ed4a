import { z } from "zod";

/** A route's target as the target picker sends it: the id says which kind it is. */
export const routeTarget = z
  .string()
  .trim()
  .regex(/^(igw|pcx|vgw|nat|eni|i|tgw)-[0-9a-f]{8,17}$/, "Choose a target: an internet gateway, a peering connection or another target.");

export function targetParameters(target: string) {
  if (target.startsWith("pcx-")) return { VpcPeeringConnectionId: target };
  if (target.startsWith("nat-")) return { NatGatewayId: target };
  if (target.startsWith("eni-")) return { NetworkInterfaceId: target };
  if (target.startsWith("i-")) return { InstanceId: target };
  if (target.startsWith("tgw-")) return { TransitGatewayId: target };
  return { GatewayId: target };
}
