import type { Tag } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";

export type ResourceKind =
  | "vpc"
  | "subnet"
  | "instance"
  | "internet-gateway"
  | "route-table"
  | "peering-connection"
  | "security-group"
  | "network-acl"
  | "vpc-endpoint"
  | "elastic-ip"
  | "bucket";

const PREFIXES: Array<[string, ResourceKind]> = [
  ["vpce-", "vpc-endpoint"],
  ["vpc-", "vpc"],
  ["subnet-", "subnet"],
  ["i-", "instance"],
  ["igw-", "internet-gateway"],
  ["rtb-", "route-table"],
  ["pcx-", "peering-connection"],
  ["sg-", "security-group"],
  ["acl-", "network-acl"],
  ["eipalloc-", "elastic-ip"],
];

/**
 * The kind of resource an id names: AWS ids are a prefix and 8 or 17 hex digits; anything else is
 * a bucket name (which may well start with "vpc-", like "vpc-lab-endpoints-…").
 */
export function kindOfId(id: string): ResourceKind {
  return PREFIXES.find(([prefix]) => id.startsWith(prefix) && /^[0-9a-f]{8,17}$/.test(id.slice(prefix.length)))?.[1] ?? "bucket";
}

export function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find((tag) => tag.Key === "Name")?.Value || undefined;
}

/** "lab1-vpc (vpc-0abc…)" or just the id. */
export function labelOf(id: string, tags: Tag[] | undefined): string {
  const name = nameTag(tags);
  return name ? `${name} (${id})` : id;
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
export function routeTableOfSubnet(snapshot: LabSnapshot, subnetId: string) {
  const subnet = snapshot.subnets.find((candidate) => candidate.SubnetId === subnetId);
  const explicit = snapshot.routeTables.find((table) => table.Associations?.some((association) => association.SubnetId === subnetId));
  if (explicit) return explicit;
  return snapshot.routeTables.find(
    (table) => table.VpcId === subnet?.VpcId && table.Associations?.some((association) => association.Main),
  );
}

export function routeTarget(route: {
  GatewayId?: string;
  VpcPeeringConnectionId?: string;
  NatGatewayId?: string;
  InstanceId?: string;
  NetworkInterfaceId?: string;
  TransitGatewayId?: string;
}): string {
  return (
    route.GatewayId ??
    route.VpcPeeringConnectionId ??
    route.NatGatewayId ??
    route.InstanceId ??
    route.NetworkInterfaceId ??
    route.TransitGatewayId ??
    "—"
  );
}
