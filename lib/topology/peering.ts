import type { VpcPeeringConnection } from "@aws-sdk/client-ec2";

/** How a peering connection's status reads on its edge; the failure reason is part of it. */
export function peeringLabel(connection: VpcPeeringConnection): string {
  const code = connection.Status?.Code ?? "unknown";
  const message = connection.Status?.Message;
  return code === "failed" && message ? `${code}: ${message}` : code;
}

export type PeeringLook = "active" | "pending" | "failed" | "closed";

/** active green; still being set up amber dashed; failed red; rejected/deleted/expired grey. */
export function peeringLook(status: string): PeeringLook {
  if (status === "active") return "active";
  if (status === "pending-acceptance" || status === "initiating-request" || status === "provisioning") return "pending";
  if (status === "failed") return "failed";
  return "closed";
}
