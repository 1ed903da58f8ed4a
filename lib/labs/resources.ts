import type { Subnet, Tag, Vpc } from "@aws-sdk/client-ec2";
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
  const name = vpcNameOf(vpc);
  return name ? `${name} (${vpc.VpcId})` : (vpc.VpcId ?? "");
}

function vpcNameOf(vpc: Vpc): string | undefined {
  return nameTag(vpc.Tags) ?? (vpc.IsDefault ? "default VPC" : undefined);
}

/**
 * A VPC or subnet as a select's option: name and range before the id, since a select too narrow for
 * the whole text cuts its end ("vpc-1 10.1.0.0/16 (vpc-…)"). Unnamed, the id comes first, as its name.
 */
function withRange(name: string | undefined, id: string, cidr: string | undefined): string {
  return name ? `${name} ${cidr ?? ""} (${id})` : `${id} ${cidr ?? ""}`.trimEnd();
}

export function vpcOptionLabel(vpc: Vpc): string {
  return withRange(vpcNameOf(vpc), vpc.VpcId ?? "", vpc.CidrBlock);
}

export function subnetOptionLabel(subnet: Subnet): string {
  return withRange(nameTag(subnet.Tags), subnet.SubnetId ?? "", subnet.CidrBlock);
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
