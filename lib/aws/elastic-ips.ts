/**
 * The Elastic IPs list, as the EC2 console's "Elastic IP addresses" page: every address the account
 * holds, associated or not. An address stays allocated (and billed, $0.005 per hour for any public
 * IPv4 since 2024-02-01) until it is released, so an idle one must never drop out of view.
 */
import type { LabSnapshot } from "@/lib/analysis";
import { nameTag } from "@/lib/labs/resources";
import { PUBLIC_IPV4_HOURLY_USD } from "./pricing";

export interface ElasticIpRow {
  allocationId: string;
  publicIp: string;
  name?: string;
  /** Set while associated: what the address points at, and the association to undo. */
  association?: { associationId: string; instanceId?: string; instanceName?: string };
  hourlyUsd: number;
}

function instanceName(snapshot: LabSnapshot, instanceId: string | undefined): string | undefined {
  return instanceId ? nameTag(snapshot.instances.find((instance) => instance.InstanceId === instanceId)?.Tags) : undefined;
}

/** Idle addresses first (they are the ones to act on), then associated ones; each group by public IP. */
export function elasticIpRows(snapshot: LabSnapshot): ElasticIpRow[] {
  const rows = snapshot.addresses
    .filter((address) => address.AllocationId)
    .map(
      (address): ElasticIpRow => ({
        allocationId: address.AllocationId!,
        publicIp: address.PublicIp ?? "",
        name: nameTag(address.Tags),
        association: address.AssociationId
          ? { associationId: address.AssociationId, instanceId: address.InstanceId, instanceName: instanceName(snapshot, address.InstanceId) }
          : undefined,
        hourlyUsd: PUBLIC_IPV4_HOURLY_USD,
      }),
    );
  const idleFirst = (row: ElasticIpRow) => (row.association ? 1 : 0);
  return rows.sort((a, b) => idleFirst(a) - idleFirst(b) || a.publicIp.localeCompare(b.publicIp, "en", { numeric: true }));
}

/** "$0.005/h": AWS's own figure, with as many decimals as it needs. */
export function hourlyPrice(usd: number): string {
  return `$${usd.toFixed(3)}/h`;
}

/** Instances an address can be associated with: not terminated, and not already holding an Elastic IP. */
export function associableInstances(snapshot: LabSnapshot) {
  const withAddress = new Set(snapshot.addresses.map((address) => address.InstanceId).filter(Boolean));
  return snapshot.instances.filter((instance) => instance.InstanceId && !withAddress.has(instance.InstanceId) && !["terminated", "shutting-down"].includes(instance.State?.Name ?? ""));
}
