/**
 * What the resources in a snapshot cost per hour on AWS, as an estimate for the student: the
 * instances by type, public IPv4 addresses, and endpoints. Storage (EBS) and data transfer are
 * left out; the console says so.
 */
import type { LabSnapshot } from "@/lib/analysis";

/**
 * On-Demand Linux prices in us-east-1, USD per hour, for the instance types the labs launch. AWS's table
 * (https://aws.amazon.com/ec2/pricing/on-demand/) renders by script, so the figures were checked against
 * copies of it: t2.micro $0.0116 (gist.github.com/franc3000/cfa43461aeb2e7bd4c2c53cb89f808a8, "Linux/UNIX
 * Usage"), t3.micro $0.0104 (cloud-bench.com/blog/aws-t3-micro-vs-t3-small, "On-Demand (us-east-1)").
 */
export const INSTANCE_HOURLY_USD: Readonly<Record<string, number>> = {
  "t2.micro": 0.0116,
  "t3.micro": 0.0104,
};

/**
 * Every public IPv4 address, in use or idle, Elastic IP or auto-assigned, since 2024-02-01: $0.005 per
 * address-hour. Source: https://aws.amazon.com/vpc/pricing/ ("Public IPv4 Address" tab), as quoted in
 * https://community.aws/content/2c6cKl0W4KQZIO6dWnnDHs1tHSp/aws-to-charge-public-ipv4-addresses and
 * https://www.doit.com/aws-public-ipv4-price-increase-the-complete-guide/.
 */
export const PUBLIC_IPV4_HOURLY_USD = 0.005;

/** Interface endpoints, per endpoint per Availability Zone (gateway endpoints are free). Source: https://aws.amazon.com/privatelink/pricing/ */
export const INTERFACE_ENDPOINT_AZ_HOURLY_USD = 0.01;

export interface CostLine {
  id: string;
  what: string;
  hourlyUsd: number;
}

export interface CostEstimate {
  lines: CostLine[];
  totalUsd: number;
  /** Running instances of a type the table does not price (left out of the total). */
  unpriced: Array<{ id: string; instanceType: string }>;
}

const BILLED_INSTANCE_STATES = new Set(["pending", "running"]);

function instanceLines(snapshot: LabSnapshot, estimate: CostEstimate): void {
  for (const instance of snapshot.instances) {
    if (!instance.InstanceId || !BILLED_INSTANCE_STATES.has(instance.State?.Name ?? "")) continue;
    const type = String(instance.InstanceType ?? "unknown");
    const price = INSTANCE_HOURLY_USD[type];
    if (price === undefined) estimate.unpriced.push({ id: instance.InstanceId, instanceType: type });
    else estimate.lines.push({ id: instance.InstanceId, what: `${type} instance`, hourlyUsd: price });
  }
}

function addressLines(snapshot: LabSnapshot, estimate: CostEstimate): void {
  const elastic = new Set(snapshot.addresses.map((address) => address.PublicIp));
  for (const address of snapshot.addresses) {
    const what = address.AssociationId ? `Elastic IP ${address.PublicIp}` : `Elastic IP ${address.PublicIp} (not associated)`;
    estimate.lines.push({ id: address.AllocationId ?? address.PublicIp ?? "address", what, hourlyUsd: PUBLIC_IPV4_HOURLY_USD });
  }
  for (const instance of snapshot.instances) {
    // An auto-assigned public address exists only while the instance runs; an Elastic IP is counted above.
    if (!instance.InstanceId || !instance.PublicIpAddress || elastic.has(instance.PublicIpAddress) || !BILLED_INSTANCE_STATES.has(instance.State?.Name ?? "")) continue;
    estimate.lines.push({ id: instance.InstanceId, what: `public IPv4 ${instance.PublicIpAddress}`, hourlyUsd: PUBLIC_IPV4_HOURLY_USD });
  }
}

function endpointLines(snapshot: LabSnapshot, estimate: CostEstimate): void {
  for (const endpoint of snapshot.vpcEndpoints) {
    if (!endpoint.VpcEndpointId || /^(deleted|deleting|rejected|failed)$/i.test(endpoint.State ?? "")) continue;
    if (endpoint.VpcEndpointType === "Interface") {
      const zones = Math.max(1, endpoint.SubnetIds?.length ?? 0);
      estimate.lines.push({ id: endpoint.VpcEndpointId, what: `interface endpoint in ${zones} AZ${zones === 1 ? "" : "s"}`, hourlyUsd: INTERFACE_ENDPOINT_AZ_HOURLY_USD * zones });
    } else {
      estimate.lines.push({ id: endpoint.VpcEndpointId, what: "gateway endpoint (free)", hourlyUsd: 0 });
    }
  }
}

/** Rounds to a hundredth of a cent, so sums of prices like 0.0116 print exactly. */
function roundUsd(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function estimateHourlyCost(snapshot: LabSnapshot): CostEstimate {
  const estimate: CostEstimate = { lines: [], totalUsd: 0, unpriced: [] };
  instanceLines(snapshot, estimate);
  addressLines(snapshot, estimate);
  endpointLines(snapshot, estimate);
  estimate.totalUsd = roundUsd(estimate.lines.reduce((sum, line) => sum + line.hourlyUsd, 0));
  return estimate;
}

/** "$0.0332/h (about $0.80 a day)". */
export function formatHourly(usd: number): string {
  return `$${usd.toFixed(4)}/h (about $${(usd * 24).toFixed(2)} a day)`;
}
