import type {
  Address,
  Instance,
  InternetGateway,
  NetworkAcl,
  NetworkAclEntry,
  PrefixList,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from "@aws-sdk/client-ec2";
import { type Ipv4Block, parseIpv4Cidr } from "@/lib/cidr";

/** A bucket as the console's credentials see it. `policyError` records why the policy could not be read. */
export interface BucketSnapshot {
  name: string;
  ownerAccountId: string;
  policy?: string;
  policyError?: string;
}

/** An IAM user (or role) with the JSON documents of its attached and inline policies. */
export interface IdentitySnapshot {
  arn: string;
  accountId: string;
  userName: string;
  policies: string[];
  /** A role's permissions boundary document, which caps what `policies` grant. */
  permissionsBoundary?: string;
}

/** Everything the analyses read, in the shapes the AWS SDK's Describe* calls return. */
export interface LabSnapshot {
  region: string;
  accountId: string;
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  peeringConnections: VpcPeeringConnection[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  /** Flattened from DescribeInstances' Reservations. */
  instances: Instance[];
  addresses: Address[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: PrefixList[];
  buckets: BucketSnapshot[];
  identities: IdentitySnapshot[];
}

/** An account with nothing in it: the start of a hand-made snapshot. */
export function emptySnapshot(region: string, accountId: string): LabSnapshot {
  return {
    region,
    accountId,
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    peeringConnections: [],
    securityGroups: [],
    networkAcls: [],
    instances: [],
    addresses: [],
    vpcEndpoints: [],
    prefixLists: [],
    buckets: [],
    identities: [],
  };
}

export interface IndexedRoute {
  route: Route;
  block: Ipv4Block;
  /** Set when the destination is a prefix list; a CIDR route wins a tie with it. */
  prefixListId?: string;
  /** Printable destination, e.g. "10.2.0.0/16" or "pl-63a5400a (52.216.0.0/15)". */
  destination: string;
}

export interface IndexedRouteTable {
  table: RouteTable;
  routes: IndexedRoute[];
}

export interface IndexedNetworkAcl {
  acl: NetworkAcl;
  inbound: IndexedAclEntry[];
  outbound: IndexedAclEntry[];
}

export interface IndexedAclEntry {
  entry: NetworkAclEntry;
  block: Ipv4Block;
}

/** One network interface of an instance, with the addresses a packet can target. */
export interface IndexedInterface {
  instance: Instance;
  instanceId: string;
  vpcId: string;
  subnetId: string;
  privateIp: string;
  publicIp?: string;
  groupIds: string[];
}

export interface IndexedVpc {
  vpc: Vpc;
  blocks: Ipv4Block[];
}

/** Lookup maps over a snapshot, built once and reused across questions. */
export interface SnapshotIndex {
  snapshot: LabSnapshot;
  vpcs: Map<string, IndexedVpc>;
  subnets: Map<string, Subnet>;
  routeTables: Map<string, IndexedRouteTable>;
  routeTableBySubnet: Map<string, IndexedRouteTable>;
  mainRouteTableByVpc: Map<string, IndexedRouteTable>;
  networkAclBySubnet: Map<string, IndexedNetworkAcl>;
  defaultNetworkAclByVpc: Map<string, IndexedNetworkAcl>;
  securityGroups: Map<string, SecurityGroup>;
  instances: Map<string, IndexedInterface>;
  /** Key: `${vpcId}/${privateIp}`. */
  interfaceByPrivateIp: Map<string, IndexedInterface>;
  interfaceByPublicIp: Map<string, IndexedInterface>;
  peeringConnections: Map<string, VpcPeeringConnection>;
  internetGateways: Map<string, InternetGateway>;
  /** Internet gateways whose attachment to the VPC is available. */
  attachedInternetGatewayByVpc: Map<string, InternetGateway>;
  vpcEndpoints: Map<string, VpcEndpoint>;
  prefixLists: Map<string, { list: PrefixList; blocks: Ipv4Block[] }>;
  buckets: Map<string, BucketSnapshot>;
  identities: Map<string, IdentitySnapshot>;
}

function byId<T>(items: readonly T[], id: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = id(item);
    if (key) map.set(key, item);
  }
  return map;
}

function vpcBlocks(vpc: Vpc): Ipv4Block[] {
  const associated = (vpc.CidrBlockAssociationSet ?? [])
    .filter((association) => association.CidrBlock && association.CidrBlockState?.State !== "disassociated")
    .map((association) => association.CidrBlock as string);
  const cidrs = new Set([...(vpc.CidrBlock ? [vpc.CidrBlock] : []), ...associated]);
  return [...cidrs].map(parseIpv4Cidr);
}

function indexPrefixLists(prefixLists: readonly PrefixList[]): SnapshotIndex["prefixLists"] {
  const map: SnapshotIndex["prefixLists"] = new Map();
  for (const list of prefixLists) {
    if (list.PrefixListId) map.set(list.PrefixListId, { list, blocks: (list.Cidrs ?? []).map(parseIpv4Cidr) });
  }
  return map;
}

function indexRoutes(table: RouteTable, prefixLists: SnapshotIndex["prefixLists"]): IndexedRoute[] {
  const routes: IndexedRoute[] = [];
  for (const route of table.Routes ?? []) {
    if (route.DestinationCidrBlock) {
      routes.push({ route, block: parseIpv4Cidr(route.DestinationCidrBlock), destination: route.DestinationCidrBlock });
    } else if (route.DestinationPrefixListId) {
      const blocks = prefixLists.get(route.DestinationPrefixListId)?.blocks ?? [];
      for (const block of blocks) {
        routes.push({ route, block, prefixListId: route.DestinationPrefixListId, destination: `${route.DestinationPrefixListId} (${block.cidr})` });
      }
    }
  }
  return routes;
}

function indexRouteTables(snapshot: LabSnapshot, prefixLists: SnapshotIndex["prefixLists"]) {
  const routeTables = new Map<string, IndexedRouteTable>();
  const routeTableBySubnet = new Map<string, IndexedRouteTable>();
  const mainRouteTableByVpc = new Map<string, IndexedRouteTable>();
  for (const table of snapshot.routeTables) {
    const indexed = { table, routes: indexRoutes(table, prefixLists) };
    if (table.RouteTableId) routeTables.set(table.RouteTableId, indexed);
    for (const association of table.Associations ?? []) {
      if (association.Main && table.VpcId) mainRouteTableByVpc.set(table.VpcId, indexed);
      if (association.SubnetId) routeTableBySubnet.set(association.SubnetId, indexed);
    }
  }
  return { routeTables, routeTableBySubnet, mainRouteTableByVpc };
}

function indexAclEntries(entries: readonly NetworkAclEntry[], egress: boolean): IndexedAclEntry[] {
  return entries
    .filter((entry) => Boolean(entry.Egress) === egress && entry.CidrBlock)
    .map((entry) => ({ entry, block: parseIpv4Cidr(entry.CidrBlock as string) }))
    .sort((a, b) => (a.entry.RuleNumber ?? 0) - (b.entry.RuleNumber ?? 0));
}

function indexNetworkAcls(snapshot: LabSnapshot) {
  const networkAclBySubnet = new Map<string, IndexedNetworkAcl>();
  const defaultNetworkAclByVpc = new Map<string, IndexedNetworkAcl>();
  for (const acl of snapshot.networkAcls) {
    const entries = acl.Entries ?? [];
    const indexed = { acl, inbound: indexAclEntries(entries, false), outbound: indexAclEntries(entries, true) };
    if (acl.IsDefault && acl.VpcId) defaultNetworkAclByVpc.set(acl.VpcId, indexed);
    for (const association of acl.Associations ?? []) {
      if (association.SubnetId) networkAclBySubnet.set(association.SubnetId, indexed);
    }
  }
  return { networkAclBySubnet, defaultNetworkAclByVpc };
}

function elasticIpByInstance(addresses: readonly Address[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const address of addresses) {
    if (address.PublicIp && address.AssociationId && address.InstanceId) map.set(address.InstanceId, address.PublicIp);
  }
  return map;
}

function toInterface(instance: Instance, elasticIps: Map<string, string>): IndexedInterface | undefined {
  const { InstanceId, VpcId, SubnetId, PrivateIpAddress } = instance;
  if (!InstanceId || !VpcId || !SubnetId || !PrivateIpAddress) return undefined;
  const primary = instance.NetworkInterfaces?.find((eni) => eni.Attachment?.DeviceIndex === 0);
  const publicIp = instance.PublicIpAddress ?? primary?.Association?.PublicIp ?? elasticIps.get(InstanceId);
  const groupIds = (instance.SecurityGroups ?? primary?.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : []));
  return { instance, instanceId: InstanceId, vpcId: VpcId, subnetId: SubnetId, privateIp: PrivateIpAddress, publicIp, groupIds };
}

function indexInstances(snapshot: LabSnapshot) {
  const elasticIps = elasticIpByInstance(snapshot.addresses);
  const instances = new Map<string, IndexedInterface>();
  const interfaceByPrivateIp = new Map<string, IndexedInterface>();
  const interfaceByPublicIp = new Map<string, IndexedInterface>();
  for (const instance of snapshot.instances) {
    if (instance.State?.Name === "terminated") continue;
    const eni = toInterface(instance, elasticIps);
    if (!eni) continue;
    instances.set(eni.instanceId, eni);
    interfaceByPrivateIp.set(`${eni.vpcId}/${eni.privateIp}`, eni);
    if (eni.publicIp) interfaceByPublicIp.set(eni.publicIp, eni);
  }
  return { instances, interfaceByPrivateIp, interfaceByPublicIp };
}

function isAttachmentUp(state: string | undefined): boolean {
  // DescribeInternetGateways reports "available" for an attached gateway, though the SDK enum says "attached".
  return state === "available" || state === "attached";
}

function attachedGateways(gateways: readonly InternetGateway[]): Map<string, InternetGateway> {
  const map = new Map<string, InternetGateway>();
  for (const gateway of gateways) {
    for (const attachment of gateway.Attachments ?? []) {
      if (attachment.VpcId && isAttachmentUp(attachment.State)) map.set(attachment.VpcId, gateway);
    }
  }
  return map;
}

/** Builds the lookup maps every question uses. Pure; call it again after the snapshot changes. */
export function indexSnapshot(snapshot: LabSnapshot): SnapshotIndex {
  const prefixLists = indexPrefixLists(snapshot.prefixLists);
  const vpcs = new Map<string, IndexedVpc>();
  for (const vpc of snapshot.vpcs) if (vpc.VpcId) vpcs.set(vpc.VpcId, { vpc, blocks: vpcBlocks(vpc) });
  return {
    snapshot,
    vpcs,
    subnets: byId(snapshot.subnets, (subnet) => subnet.SubnetId),
    ...indexRouteTables(snapshot, prefixLists),
    ...indexNetworkAcls(snapshot),
    securityGroups: byId(snapshot.securityGroups, (group) => group.GroupId),
    ...indexInstances(snapshot),
    peeringConnections: byId(snapshot.peeringConnections, (pcx) => pcx.VpcPeeringConnectionId),
    internetGateways: byId(snapshot.internetGateways, (gateway) => gateway.InternetGatewayId),
    attachedInternetGatewayByVpc: attachedGateways(snapshot.internetGateways),
    vpcEndpoints: byId(snapshot.vpcEndpoints, (endpoint) => endpoint.VpcEndpointId),
    prefixLists,
    buckets: byId(snapshot.buckets, (bucket) => bucket.name),
    identities: byId(snapshot.identities, (identity) => identity.arn),
  };
}

export function routeTableForSubnet(index: SnapshotIndex, subnetId: string, vpcId: string): IndexedRouteTable | undefined {
  return index.routeTableBySubnet.get(subnetId) ?? index.mainRouteTableByVpc.get(vpcId);
}

export function networkAclForSubnet(index: SnapshotIndex, subnetId: string, vpcId: string): IndexedNetworkAcl | undefined {
  return index.networkAclBySubnet.get(subnetId) ?? index.defaultNetworkAclByVpc.get(vpcId);
}
