import type { LabSnapshot } from "@/lib/analysis";

type Resource = Record<string, unknown>;

const ID_FIELDS: Array<[keyof LabSnapshot, string]> = [
  ["vpcs", "VpcId"],
  ["subnets", "SubnetId"],
  ["routeTables", "RouteTableId"],
  ["internetGateways", "InternetGatewayId"],
  ["peeringConnections", "VpcPeeringConnectionId"],
  ["securityGroups", "GroupId"],
  ["networkAcls", "NetworkAclId"],
  ["instances", "InstanceId"],
  ["addresses", "AllocationId"],
  ["vpcEndpoints", "VpcEndpointId"],
  ["buckets", "name"],
];

function fingerprints(snapshot: LabSnapshot): Map<string, string> {
  const result = new Map<string, string>();
  for (const [collection, idField] of ID_FIELDS) {
    for (const resource of snapshot[collection] as unknown as Resource[]) {
      const id = resource[idField];
      if (typeof id === "string") result.set(id, JSON.stringify(resource));
    }
  }
  return result;
}

/** Ids of resources that are new or different in `next` (removed ones have nothing left to highlight). */
export function changedResourceIds(previous: LabSnapshot | undefined, next: LabSnapshot): string[] {
  if (!previous) return [];
  const before = fingerprints(previous);
  const changed: string[] = [];
  for (const [id, print] of fingerprints(next)) if (before.get(id) !== print) changed.push(id);
  return changed;
}

/** True when `next` differs from `previous` in any resource: one new, gone or changed. */
export function snapshotChanged(previous: LabSnapshot, next: LabSnapshot): boolean {
  const before = fingerprints(previous);
  const after = fingerprints(next);
  if (before.size !== after.size) return true;
  for (const [id, print] of after) if (before.get(id) !== print) return true;
  return false;
}

const SETTLING_INSTANCE_STATES = new Set(["pending", "stopping", "shutting-down"]);
const SETTLING_PEERING_STATES = new Set(["initiating-request", "provisioning"]);

/** True while something is between states, so the console keeps looking until it settles. */
export function isSettling(snapshot: LabSnapshot): boolean {
  return (
    snapshot.instances.some((instance) => SETTLING_INSTANCE_STATES.has(instance.State?.Name ?? "")) ||
    snapshot.peeringConnections.some((connection) => SETTLING_PEERING_STATES.has(connection.Status?.Code ?? "")) ||
    snapshot.vpcEndpoints.some((endpoint) => endpoint.State?.toLowerCase() === "pending")
  );
}
