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

/** "lab1-vpc (vpc-0abc…, 10.1.0.0/16)", or "vpc-0abc… (10.1.0.0/16)" unnamed: one pair of parentheses. */
export function labelWithDetail(id: string, tags: Tag[] | undefined, detail: string | undefined): string {
  if (!detail) return labelOf(id, tags);
  const name = nameTag(tags);
  return name ? `${name} (${id}, ${detail})` : `${id} (${detail})`;
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
 * Any EC2 resource of the snapshot as panels name it ("VPC 1 (vpc-…)"), so a link to another resource
 * reads as the student named it; an id the snapshot does not hold stays as it is.
 */
export function resourceLabel(snapshot: LabSnapshot, id: string): string {
  const vpc = snapshot.vpcs.find((candidate) => candidate.VpcId === id);
  if (vpc) return vpcLabelOf(vpc);
  // A security group is known by its group name, as the AWS console lists it ("launch-wizard-2").
  const group = snapshot.securityGroups.find((candidate) => candidate.GroupId === id);
  if (group) return group.GroupName ? `${group.GroupName} (${id})` : id;
  const tagged =
    snapshot.subnets.find((subnet) => subnet.SubnetId === id) ??
    snapshot.routeTables.find((table) => table.RouteTableId === id) ??
    snapshot.internetGateways.find((gateway) => gateway.InternetGatewayId === id) ??
    snapshot.peeringConnections.find((connection) => connection.VpcPeeringConnectionId === id) ??
    snapshot.networkAcls.find((acl) => acl.NetworkAclId === id) ??
    snapshot.instances.find((instance) => instance.InstanceId === id) ??
    snapshot.vpcEndpoints.find((endpoint) => endpoint.VpcEndpointId === id);
  return labelOf(id, tagged?.Tags);
}

/**
 * An id of the EC2 resources a lab shows (8 or 17 hex digits after the prefix), with the "(detail)"
 * that may follow it, and whether it was already written "name (id)".
 */
const RESOURCE_ID = /(\()?\b((?:vpce|vpc|subnet|rtb|igw|pcx|sg|acl|i|eipalloc)-(?:[0-9a-f]{17}|[0-9a-f]{8}))\b(\))?(?: \(([^()]*)\))?/g;

/**
 * A sentence with each bare resource id named as the student named it ("Security group
 * launch-wizard-2 (sg-…) has no inbound rule…"), so it matches what the panels and the diagram
 * show. Anything between backticks (a command) stays as it is. A detail in parentheses after the
 * id joins the id's ("VPC 2 (vpc-…, 10.2.0.0/16)", not two parentheses in a row).
 */
export function nameIds(text: string, snapshot: LabSnapshot): string {
  return nameIdsBy(text, (id) => resourceLabel(snapshot, id));
}

/** `nameIds` with the labels from elsewhere (the console's context). */
export function nameIdsBy(text: string, label: (id: string) => string): string {
  return text
    .split("`")
    .map((part, index) => (index % 2 === 1 ? part : part.replace(RESOURCE_ID, (...match: string[]) => namedId(match, label))))
    .join("`");
}

function namedId([whole, open, id, close, detail]: string[], label: (id: string) => string): string {
  // Already "name (id)" or "name (id, detail)": only a detail after it joins the parentheses.
  if (open) return close && detail !== undefined ? `(${id}, ${detail})` : whole;
  const named = label(id);
  // "(… id) (detail)": the detail follows the parenthesis the id closes, not the id.
  if (close) return `${named})${detail !== undefined ? ` (${detail})` : ""}`;
  if (detail === undefined) return named;
  return named.endsWith(`(${id})`) ? `${named.slice(0, -1)}, ${detail})` : `${named} (${detail})`;
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
