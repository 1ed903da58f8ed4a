import type { Tag, Vpc } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { kindOfResourceId, type ResourceKind as AwsResourceKind } from "@/lib/aws/resource-ids";

export type ResourceKind = Exclude<AwsResourceKind, "route-table-association" | "elastic-ip-association"> | "bucket";

/**
 * The kind of resource an id names: AWS ids are a prefix and 8 or 17 hex digits; anything else is
 * a bucket name (which may well start with "vpc-", like "vpc-lab-endpoints-…").
 */
export function kindOfId(id: string): ResourceKind {
  const kind = kindOfResourceId(id);
  return kind === undefined || kind === "route-table-association" || kind === "elastic-ip-association" ? "bucket" : kind;
}

export function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find((tag) => tag.Key === "Name")?.Value || undefined;
}

/** "lab1-vpc (vpc-0abc…)" or just the id. */
export function labelOf(id: string, tags: Tag[] | undefined): string {
  const name = nameTag(tags);
  return name ? `${name} (${id})` : id;
}

/** A VPC as lists and forms name it; as on the diagram, an unnamed default VPC is called that, not just its id. */
export function vpcLabelOf(vpc: Vpc): string {
  return vpc.IsDefault && !nameTag(vpc.Tags) ? `default VPC (${vpc.VpcId})` : labelOf(vpc.VpcId ?? "", vpc.Tags);
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
