import type { Instance, InternetGateway, RouteTable, Subnet, Vpc, VpcEndpoint, VpcPeeringConnection } from "@aws-sdk/client-ec2";
import { nameTag } from "@/lib/labs/resources";
import { type Paint, paintFor, strongest } from "./highlight";
import type { TopologyInput } from "./input";
import { bucketHeight, bucketNameLines, instanceHeight, type Metrics, metricsFor, routeTableHeight } from "./metrics";
import { byKeys, cidrSortKey } from "./order";
import { peeringLabel } from "./peering";
import { effectiveRouteTable, isMainTable, isPublicRouteTable, isWorthDrawing, routeLines } from "./routes";
import type {
  Chip,
  Highlight,
  LinkEdge,
  LinkKind,
  PathTone,
  PeeringEdge,
  TopologyEdge,
  TopologyFlow,
  TopologyNode,
} from "./types";

export interface ToFlowOptions {
  /** Default VPCs are drawn as one compact node unless their id is here. */
  expandedVpcIds: ReadonlySet<string>;
  /**
   * Another lab's VPCs (lib/labs/steps.ts `otherLabVpcIds`): drawn collapsed, like the default VPC,
   * so the lab's diagram is framed on its own resources; expanded on request like any collapsed VPC.
   */
  otherLabVpcIds?: ReadonlySet<string>;
  /** S3 buckets are left out (the peering lab has none of its own; another lab's would float across it). */
  withoutBuckets?: boolean;
  highlight?: Highlight;
  changedIds?: readonly string[];
  presenter?: boolean;
}

interface Context {
  input: TopologyInput;
  paint: Paint;
  metrics: Metrics;
  elasticIpByInstance: Map<string, string>;
}

/** Builds the diagram's nodes (parents before children, in a stable order) and edges from a snapshot. */
export function toFlow(input: TopologyInput, options: ToFlowOptions): TopologyFlow {
  const context: Context = {
    input,
    paint: paintFor(options.highlight, options.changedIds),
    metrics: metricsFor(options.presenter ?? false),
    elasticIpByInstance: elasticIps(input),
  };
  const vpcs = orderedVpcs(input.vpcs, options.otherLabVpcIds);
  const lab = vpcParts(vpcs.filter((vpc) => !isAside(vpc, options.otherLabVpcIds)), options, context);
  const aside = vpcParts(vpcs.filter((vpc) => isAside(vpc, options.otherLabVpcIds)), options, context);
  const peering = peeringParts(context, [...lab.nodes, ...aside.nodes]);
  const buckets = options.withoutBuckets ? [] : bucketNodes(context);
  // Packed in rows in this order: what the lab is about first, the VPCs no step uses last.
  const nodes = [...lab.nodes, ...detachedGatewayNodes(context), ...peering.nodes, ...buckets, ...aside.nodes];
  const edges = [...lab.edges, ...aside.edges, ...peering.edges, ...endpointServiceEdges(context, nodes)];
  return { nodes, edges: paintEdges(edges, nodes, context.paint) };
}

/** The default VPC and the other lab's VPCs: drawn after everything the lab is about, collapsed until opened. */
function isAside(vpc: Vpc, otherLabVpcIds: ReadonlySet<string> = new Set()): boolean {
  return Boolean(vpc.IsDefault) || otherLabVpcIds.has(vpc.VpcId ?? "");
}

function vpcParts(vpcs: readonly Vpc[], options: ToFlowOptions, context: Context): TopologyFlow {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  for (const vpc of vpcs) {
    if (isCollapsed(vpc, options.expandedVpcIds, options.otherLabVpcIds)) {
      nodes.push(collapsedVpcNode(vpc, context));
      continue;
    }
    const part = expandedVpc(vpc, context);
    nodes.push(...part.nodes);
    edges.push(...part.edges);
  }
  return { nodes, edges };
}

export function isCollapsed(vpc: Vpc, expandedVpcIds: ReadonlySet<string>, otherLabVpcIds: ReadonlySet<string> = new Set()): boolean {
  return isAside(vpc, otherLabVpcIds) && !expandedVpcIds.has(vpc.VpcId ?? "");
}

/**
 * The lab's own VPCs, then the other lab's, then the default VPC, each by CIDR. So on Lab 1's page
 * its two VPCs sit side by side in the first row (Lab 2's 10.0.0.0/16 came first and pushed Lab 1's
 * second VPC under the first: the picture framed on them was tall and small). A VPC's place depends
 * on whose it is, not on whether it is open, so opening one moves nothing.
 */
function orderedVpcs(vpcs: readonly Vpc[], otherLabVpcIds: ReadonlySet<string> = new Set()): Vpc[] {
  const group = (vpc: Vpc) => (vpc.IsDefault ? 2 : isAside(vpc, otherLabVpcIds) ? 1 : 0);
  return [...vpcs].sort(byKeys<Vpc>(group, (vpc) => cidrSortKey(vpc.CidrBlock), (vpc) => vpc.VpcId));
}

function elasticIps(input: TopologyInput): Map<string, string> {
  const map = new Map<string, string>();
  for (const address of input.addresses) if (address.InstanceId && address.PublicIp) map.set(address.InstanceId, address.PublicIp);
  return map;
}

function vpcName(vpc: Vpc): string {
  return nameTag(vpc.Tags) ?? (vpc.IsDefault ? "Default VPC" : (vpc.VpcId ?? "VPC"));
}

function isAttachedTo(gateway: InternetGateway, vpcId: string | undefined): boolean {
  return (gateway.Attachments ?? []).some((attachment) => attachment.VpcId === vpcId && attachment.State !== "detaching" && attachment.State !== "detached");
}

/** Everything inside a VPC (subnets, instances, route tables, gateways, endpoints) shares its paint. */
function idsOwnedBy(vpcId: string | undefined, input: TopologyInput): string[] {
  const inVpc = <T extends { VpcId?: string }>(items: readonly T[]) => items.filter((item) => item.VpcId === vpcId);
  return [
    ...inVpc(input.subnets).map((subnet) => subnet.SubnetId),
    ...inVpc(input.instances).map((instance) => instance.InstanceId),
    ...inVpc(input.routeTables).map((table) => table.RouteTableId),
    ...inVpc(input.securityGroups).map((group) => group.GroupId),
    ...inVpc(input.networkAcls).map((acl) => acl.NetworkAclId),
    ...inVpc(input.vpcEndpoints).map((endpoint) => endpoint.VpcEndpointId),
    ...input.internetGateways.filter((gateway) => isAttachedTo(gateway, vpcId)).map((gateway) => gateway.InternetGatewayId),
  ].filter((id): id is string => Boolean(id));
}

function collapsedVpcNode(vpc: Vpc, context: Context): TopologyNode {
  const { input, paint, metrics } = context;
  const id = vpc.VpcId ?? "";
  const owned = idsOwnedBy(id, input);
  const name = vpcName(vpc);
  const subnetCount = input.subnets.filter((subnet) => subnet.VpcId === id).length;
  const instanceCount = input.instances.filter((instance) => instance.VpcId === id).length;
  return {
    id,
    type: "collapsedVpc",
    position: { x: 0, y: 0 },
    ...metrics.collapsedVpcSize,
    ariaLabel: `${name} ${id}, ${vpc.CidrBlock ?? ""}, collapsed: ${subnetCount} subnets, ${instanceCount} instances`,
    data: {
      name,
      cidr: vpc.CidrBlock ?? "",
      subnetCount,
      instanceCount,
      tone: strongest([paint.toneOf(id), ...owned.map((owned) => paint.toneOf(owned))]),
      changed: paint.isChanged(id) || owned.some((owned) => paint.isChanged(owned)),
    },
  };
}

function expandedVpc(vpc: Vpc, context: Context): TopologyFlow {
  const { input, paint } = context;
  const vpcId = vpc.VpcId ?? "";
  const name = vpcName(vpc);
  const nodes: TopologyNode[] = [
    {
      id: vpcId,
      type: "vpc",
      position: { x: 0, y: 0 },
      ariaLabel: `VPC ${name} ${vpcId}, ${vpc.CidrBlock ?? ""}${vpc.IsDefault ? ", default VPC" : ""}`,
      data: { name, cidr: vpc.CidrBlock ?? "", isDefault: Boolean(vpc.IsDefault), tone: paint.toneOf(vpcId), changed: paint.isChanged(vpcId) },
    },
  ];
  const edges: TopologyEdge[] = [];
  const tables = input.routeTables.filter((table) => table.VpcId === vpcId);
  const subnets = input.subnets.filter((subnet) => subnet.VpcId === vpcId).sort(byKeys<Subnet>((subnet) => cidrSortKey(subnet.CidrBlock), (subnet) => subnet.SubnetId));
  const usedTableIds = new Set<string>();
  for (const subnet of subnets) {
    const route = effectiveRouteTable(subnet, tables);
    nodes.push(subnetNode(subnet, isPublicRouteTable(route?.table), context));
    nodes.push(...instanceNodes(subnet, context));
    if (route?.table.RouteTableId) {
      usedTableIds.add(route.table.RouteTableId);
      const kind = route.explicit ? "association" : "main-association";
      edges.push(link(subnet.SubnetId ?? "", route.table.RouteTableId, kind, { source: "s-bottom", target: "t-top" }));
    }
  }
  const drawnTables = tables.filter((table) => isWorthDrawing(table, usedTableIds)).sort(byKeys<RouteTable>((table) => table.RouteTableId));
  nodes.push(...drawnTables.map((table) => routeTableNode(table, context)));
  const gateways = input.internetGateways.filter((gateway) => isAttachedTo(gateway, vpcId)).sort(byKeys<InternetGateway>((gateway) => gateway.InternetGatewayId));
  nodes.push(...gateways.map((gateway) => gatewayNode(gateway, vpcId, context)));
  const endpoints = input.vpcEndpoints.filter((endpoint) => endpoint.VpcId === vpcId).sort(byKeys<VpcEndpoint>((endpoint) => endpoint.VpcEndpointId));
  nodes.push(...endpoints.map((endpoint) => endpointNode(endpoint, context)));
  const drawnIds = new Set(nodes.map((node) => node.id));
  edges.push(...routeEdges(drawnTables, drawnIds));
  return { nodes, edges };
}

function subnetNode(subnet: Subnet, isPublic: boolean, context: Context): TopologyNode {
  const { input, paint } = context;
  const id = subnet.SubnetId ?? "";
  const name = nameTag(subnet.Tags) ?? id;
  const acl = input.networkAcls.find((candidate) => candidate.Associations?.some((association) => association.SubnetId === id));
  const networkAcl: Chip | undefined = acl?.NetworkAclId ? { id: acl.NetworkAclId, label: acl.NetworkAclId, tone: paint.toneOf(acl.NetworkAclId) } : undefined;
  return {
    id,
    type: "subnet",
    parentId: subnet.VpcId,
    position: { x: 0, y: 0 },
    ariaLabel: `${isPublic ? "Public" : "Private"} subnet ${name}, ${subnet.CidrBlock ?? ""}, ${subnet.AvailabilityZone ?? ""}`,
    data: {
      name,
      cidr: subnet.CidrBlock ?? "",
      availabilityZone: subnet.AvailabilityZone ?? "",
      isPublic,
      networkAcl,
      tone: paint.toneOf(id),
      changed: paint.isChanged(id) || paint.isChanged(acl?.NetworkAclId),
    },
  };
}

function instanceNodes(subnet: Subnet, context: Context): TopologyNode[] {
  return context.input.instances
    .filter((instance) => instance.SubnetId === subnet.SubnetId)
    .sort(byKeys<Instance>((instance) => instance.LaunchTime?.toISOString(), (instance) => instance.InstanceId))
    .map((instance) => instanceNode(instance, context));
}

function instanceNode(instance: Instance, context: Context): TopologyNode {
  const { input, paint, metrics } = context;
  const id = instance.InstanceId ?? "";
  const name = nameTag(instance.Tags) ?? id;
  const elasticIp = context.elasticIpByInstance.get(id);
  const publicIp = elasticIp ?? instance.PublicIpAddress;
  const groupName = (groupId: string) => input.securityGroups.find((group) => group.GroupId === groupId)?.GroupName;
  const securityGroups: Chip[] = (instance.SecurityGroups ?? []).map((group) => ({
    id: group.GroupId ?? "",
    label: group.GroupName ?? groupName(group.GroupId ?? "") ?? group.GroupId ?? "",
    tone: paint.toneOf(group.GroupId),
  }));
  const state = instance.State?.Name ?? "unknown";
  const publicIpKind = elasticIp ? ("elastic" as const) : publicIp ? ("public" as const) : undefined;
  return {
    id,
    type: "instance",
    parentId: instance.SubnetId,
    position: { x: 0, y: 0 },
    width: metrics.instanceWidth,
    height: instanceHeight(metrics, Boolean(publicIp), securityGroups.length),
    ariaLabel: `Instance ${name}, ${state}, private IP ${instance.PrivateIpAddress ?? "none"}, ${publicIp ? `${publicIpKind === "elastic" ? "Elastic" : "public"} IP ${publicIp}` : "no public IP"}`,
    data: {
      name,
      state,
      privateIp: instance.PrivateIpAddress,
      publicIp,
      publicIpKind,
      securityGroups,
      tone: paint.toneOf(id),
      changed: paint.isChanged(id) || securityGroups.some((group) => paint.isChanged(group.id)) || paint.isChanged(publicIp),
    },
  };
}

function routeTableNode(table: RouteTable, context: Context): TopologyNode {
  const { paint, metrics } = context;
  const id = table.RouteTableId ?? "";
  const routes = routeLines(table);
  const name = nameTag(table.Tags) ?? "Route table";
  return {
    id,
    type: "routeTable",
    parentId: table.VpcId,
    position: { x: 0, y: 0 },
    width: metrics.routeTableWidth,
    height: routeTableHeight(metrics, routes.length),
    ariaLabel: `Route table ${name} ${id}${isMainTable(table) ? ", main" : ""}: ${routes.map((route) => `${route.destination} to ${route.target}${route.blackhole ? " (blackhole)" : ""}`).join("; ")}`,
    data: { name, isMain: isMainTable(table), routes, tone: paint.toneOf(id), changed: paint.isChanged(id) },
  };
}

function gatewayNode(gateway: InternetGateway, vpcId: string | undefined, context: Context): TopologyNode {
  const { paint, metrics } = context;
  const id = gateway.InternetGatewayId ?? "";
  const name = nameTag(gateway.Tags) ?? "Internet gateway";
  return {
    id,
    type: "internetGateway",
    parentId: vpcId,
    position: { x: 0, y: 0 },
    ...metrics.gatewaySize,
    ariaLabel: `Internet gateway ${name === "Internet gateway" ? "" : `${name} `}${id}${vpcId ? "" : ", detached"}`,
    data: { name, attached: Boolean(vpcId), tone: paint.toneOf(id), changed: paint.isChanged(id) },
  };
}

function detachedGatewayNodes(context: Context): TopologyNode[] {
  return context.input.internetGateways
    .filter((gateway) => !(gateway.Attachments ?? []).some((attachment) => attachment.State !== "detached"))
    .sort(byKeys<InternetGateway>((gateway) => gateway.InternetGatewayId))
    .map((gateway) => gatewayNode(gateway, undefined, context));
}

function endpointNode(endpoint: VpcEndpoint, context: Context): TopologyNode {
  const { paint, metrics } = context;
  const id = endpoint.VpcEndpointId ?? "";
  const name = nameTag(endpoint.Tags) ?? `${endpoint.VpcEndpointType ?? "Gateway"} endpoint`;
  return {
    id,
    type: "endpoint",
    parentId: endpoint.VpcId,
    position: { x: 0, y: 0 },
    ...metrics.endpointSize,
    ariaLabel: `VPC endpoint ${id}, ${endpoint.VpcEndpointType ?? ""} for ${endpoint.ServiceName ?? ""}, ${endpoint.State ?? ""}`,
    data: {
      name,
      serviceName: endpoint.ServiceName ?? "",
      endpointType: endpoint.VpcEndpointType ?? "",
      state: endpoint.State ?? "",
      tone: paint.toneOf(id),
      changed: paint.isChanged(id),
    },
  };
}

/**
 * Buckets whose policy names one of the account's endpoints first (the lab's bucket once Step 6
 * locks it to the endpoint), then by name: a student's other bucket, sorting first by name, took the
 * place beside the VPC and pushed the lab's bucket to the row below.
 */
function orderedBuckets(context: Context): TopologyInput["buckets"] {
  const endpointIds = context.input.vpcEndpoints.flatMap((endpoint) => (endpoint.VpcEndpointId ? [endpoint.VpcEndpointId] : []));
  const namesAnEndpoint = (policy: string | undefined) => Boolean(policy && endpointIds.some((id) => policy.includes(id)));
  return [...context.input.buckets].sort(
    byKeys(
      (bucket) => (namesAnEndpoint(bucket.policy) ? 0 : 1),
      (bucket) => bucket.name,
    ),
  );
}

function bucketNodes(context: Context): TopologyNode[] {
  const { paint, metrics } = context;
  return orderedBuckets(context)
    .map((bucket) => ({ bucket, nameLines: bucketNameLines(bucket.name) }))
    .map(({ bucket, nameLines }) => ({
      id: bucket.name,
      type: "bucket" as const,
      position: { x: 0, y: 0 },
      width: metrics.bucketSize.width,
      height: bucketHeight(metrics, nameLines),
      ariaLabel: `S3 bucket ${bucket.name}${bucket.policyError ? `, policy unreadable: ${bucket.policyError}` : ""}`,
      data: { name: bucket.name, nameLines, hasPolicy: Boolean(bucket.policy), policyError: bucket.policyError, tone: paint.toneOf(bucket.name), changed: paint.isChanged(bucket.name) },
    }));
}

function link(source: string, target: string, kind: LinkKind, handles?: { source: string; target: string }): LinkEdge {
  return {
    id: `${source}->${target}`,
    source,
    target,
    type: "link",
    sourceHandle: handles?.source ?? "s-right",
    targetHandle: handles?.target ?? "t-left",
    selectable: false,
    focusable: false,
    data: { kind },
  };
}

/** Default routes to an internet gateway, and endpoint routes (prefix list -> vpce-). */
function routeEdges(tables: readonly RouteTable[], drawnIds: ReadonlySet<string>): LinkEdge[] {
  const edges = new Map<string, LinkEdge>();
  for (const table of tables) {
    for (const route of table.Routes ?? []) {
      const target = route.GatewayId ?? "";
      const source = table.RouteTableId ?? "";
      if (!drawnIds.has(target)) continue;
      if (target.startsWith("igw-")) edges.set(`${source}->${target}`, link(source, target, "internet-route", { source: "s-right", target: "t-bottom" }));
      if (target.startsWith("vpce-")) edges.set(`${source}->${target}`, link(source, target, "endpoint-route"));
    }
  }
  return [...edges.values()];
}

function endpointServiceEdges(context: Context, nodes: readonly TopologyNode[]): LinkEdge[] {
  const drawn = new Set(nodes.map((node) => node.id));
  const s3Endpoints = context.input.vpcEndpoints.filter((endpoint) => endpoint.VpcEndpointId && drawn.has(endpoint.VpcEndpointId) && endpoint.ServiceName?.endsWith(".s3"));
  return s3Endpoints.flatMap((endpoint) =>
    orderedBuckets(context).map((bucket) => link(endpoint.VpcEndpointId ?? "", bucket.name, "endpoint-service")),
  );
}

/**
 * Peering edges between VPC nodes, plus a small node for a peer VPC this account cannot see. Only
 * live connections are drawn (ended ones are history, `endedPeeringConnections`), and only those
 * touching a VPC drawn in full: two collapsed VPCs of another lab are not tied across this one.
 */
function peeringParts(context: Context, drawn: readonly TopologyNode[]): TopologyFlow {
  const nodes: TopologyNode[] = [];
  const edges: PeeringEdge[] = [];
  const added = new Set<string>();
  const drawnIds = new Set(drawn.map((node) => node.id));
  const collapsedIds = new Set(drawn.filter((node) => node.type === "collapsedVpc").map((node) => node.id));
  const connections = livePeeringConnections(context.input.peeringConnections).sort(byKeys<VpcPeeringConnection>((connection) => connection.VpcPeeringConnectionId));
  for (const connection of connections) {
    const requester = connection.RequesterVpcInfo?.VpcId;
    const accepter = connection.AccepterVpcInfo?.VpcId;
    if (!requester || !accepter || !connection.VpcPeeringConnectionId) continue;
    if (collapsedIds.has(requester) && collapsedIds.has(accepter)) continue;
    for (const info of [connection.RequesterVpcInfo, connection.AccepterVpcInfo]) {
      const id = info?.VpcId ?? "";
      if (drawnIds.has(id) || added.has(id)) continue;
      added.add(id);
      nodes.push(externalVpcNode(id, info, context));
    }
    edges.push(peeringEdge(connection, requester, accepter, context.paint));
  }
  return { nodes, edges };
}

/** States DescribeVpcPeeringConnections keeps listing for a while after a connection ended (AWS: "VPC peering connection lifecycle"). */
const ENDED_PEERING = new Set(["deleted", "rejected", "failed", "expired"]);

export function isEndedPeering(connection: VpcPeeringConnection): boolean {
  return ENDED_PEERING.has(connection.Status?.Code ?? "");
}

function livePeeringConnections(connections: readonly VpcPeeringConnection[]): VpcPeeringConnection[] {
  return connections.filter((connection) => !isEndedPeering(connection));
}

/** The connections that ended, newest id last: the console lists them in a collapsed history, not on the diagram. */
export function endedPeeringConnections(connections: readonly VpcPeeringConnection[]): VpcPeeringConnection[] {
  return connections.filter(isEndedPeering).sort(byKeys<VpcPeeringConnection>((connection) => connection.VpcPeeringConnectionId));
}

function externalVpcNode(id: string, info: VpcPeeringConnection["RequesterVpcInfo"], context: Context): TopologyNode {
  return {
    id,
    type: "externalVpc",
    position: { x: 0, y: 0 },
    ...context.metrics.externalVpcSize,
    ariaLabel: `Peer VPC ${id}, ${info?.CidrBlock ?? ""}, account ${info?.OwnerId ?? "unknown"}`,
    data: { cidr: info?.CidrBlock ?? "", ownerId: info?.OwnerId, region: info?.Region, tone: context.paint.toneOf(id), changed: context.paint.isChanged(id) },
  };
}

function peeringEdge(connection: VpcPeeringConnection, requester: string, accepter: string, paint: Paint): PeeringEdge {
  const id = connection.VpcPeeringConnectionId ?? "";
  const label = peeringLabel(connection);
  const name = nameTag(connection.Tags);
  return {
    id,
    source: requester,
    target: accepter,
    type: "peering",
    sourceHandle: "s-right",
    targetHandle: "t-left",
    ariaLabel: `Peering connection ${name ? `${name} (${id})` : id} from ${requester} to ${accepter}: ${label}`,
    data: { status: connection.Status?.Code ?? "unknown", label, name, tone: paint.toneOf(id), changed: paint.isChanged(id) },
  };
}

/** A node is on a green path when it, or one of its security groups or its network ACL, is. */
function pathToneOfNode(node: TopologyNode): PathTone | undefined {
  const chips: Chip[] = node.type === "instance" ? node.data.securityGroups : node.type === "subnet" && node.data.networkAcl ? [node.data.networkAcl] : [];
  return strongest([node.data.tone, ...chips.map((chip) => chip.tone)]);
}

function paintEdges(edges: TopologyEdge[], nodes: readonly TopologyNode[], paint: Paint): TopologyEdge[] {
  const toneById = new Map(nodes.map((node) => [node.id, pathToneOfNode(node)]));
  const paintLink = (edge: LinkEdge): LinkEdge => {
    const bothOnPath = toneById.get(edge.source) === "ok" && toneById.get(edge.target) === "ok";
    const tone = paint.toneOf(edge.id) ?? (bothOnPath ? "ok" : undefined);
    return tone && edge.data ? { ...edge, data: { ...edge.data, tone } } : edge;
  };
  return edges.map((edge) => (edge.type === "link" ? paintLink(edge) : edge));
}
