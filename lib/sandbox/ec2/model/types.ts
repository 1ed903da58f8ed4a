/**
 * The EC2 state of one account in one region. Plain JSON only (it is stored as one document):
 * records keyed by id keep creation order, times are epoch milliseconds.
 */

export interface Tag {
  key: string;
  value: string;
}

export interface Vpc {
  id: string;
  cidrBlock: string;
  cidrAssociationId: string;
  isDefault: boolean;
  dhcpOptionsId: string;
  instanceTenancy: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  /** Network Address Usage metrics (DescribeVpcAttribute enableNetworkAddressUsageMetrics); absent: off, AWS's default. */
  enableNetworkAddressUsageMetrics?: boolean;
  /** Secondary IPv4 blocks AssociateVpcCidrBlock added (model/vpc-cidrs.ts); absent: none. */
  secondaryCidrBlocks?: Ipv4Block[];
  /** Amazon-provided IPv6 /56 blocks (model/ipv6.ts); absent: none. */
  ipv6Blocks?: Ipv6Block[];
}

export interface Ipv4Block {
  associationId: string;
  cidr: string;
}

export interface Ipv6Block {
  associationId: string;
  cidr: string;
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
  /** IPv6 /64 blocks from the VPC's /56 (model/ipv6.ts). */
  ipv6Blocks?: Ipv6Block[];
}

export interface InternetGateway {
  id: string;
  attachedVpcId: string | null;
}

export type RouteOrigin = "CreateRouteTable" | "CreateRoute" | "CreateVpcEndpoint";

/** One route; exactly one destination (IPv4 or IPv6 CIDR, or prefix list) and one target field is set. */
export interface Route {
  destinationCidrBlock?: string;
  /** Only the VPC's own IPv6 blocks, as `local` routes. */
  destinationIpv6CidrBlock?: string;
  destinationPrefixListId?: string;
  /** "local", an igw- id, or a vpce- id (endpoint routes). */
  gatewayId?: string;
  instanceId?: string;
  vpcPeeringConnectionId?: string;
  origin: RouteOrigin;
}

export interface RouteTableAssociation {
  id: string;
  /** Absent for the main association. */
  subnetId?: string;
  main: boolean;
}

export interface RouteTable {
  id: string;
  vpcId: string;
  routes: Route[];
  associations: RouteTableAssociation[];
}

export type PeeringStatusCode =
  | "initiating-request"
  | "pending-acceptance"
  | "provisioning"
  | "active"
  | "rejected"
  | "failed"
  | "expired"
  | "deleted";

export interface PeeringVpcInfo {
  vpcId: string;
  cidrBlock: string;
  ownerId: string;
  region: string;
  /** ModifyVpcPeeringConnectionOptions' setting for this side (absent: off). */
  allowDnsResolutionFromRemoteVpc?: boolean;
}

export interface PeeringConnection {
  id: string;
  requester: PeeringVpcInfo;
  accepter: PeeringVpcInfo;
  status: PeeringStatusCode;
  message: string;
  /** When a pending request expires (7 days after creation). */
  expiresAt: number;
  /** When "provisioning" becomes "active". */
  activeAt?: number;
  /** When a finished connection (deleted, rejected, failed, expired) drops out of Describe. */
  visibleUntil?: number;
}

export interface SecurityGroupRule {
  id: string;
  isEgress: boolean;
  /** "-1", "tcp", "udp", "icmp", "icmpv6" or a protocol number. */
  ipProtocol: string;
  /** Absent for "-1"; ICMP type for icmp. */
  fromPort?: number;
  /** Absent for "-1"; ICMP code for icmp. */
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  description?: string;
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  rules: SecurityGroupRule[];
}

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** Protocol number as a string, "-1" for all. */
  protocol: string;
  ruleAction: "allow" | "deny";
  cidrBlock: string;
  icmpTypeCode?: { type: number; code: number };
  portRange?: { from: number; to: number };
}

export interface NetworkAclAssociation {
  id: string;
  subnetId: string;
}

export interface NetworkAcl {
  id: string;
  vpcId: string;
  isDefault: boolean;
  entries: NetworkAclEntry[];
  associations: NetworkAclAssociation[];
}

export type InstanceStateName = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";

export interface Instance {
  id: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  keyName?: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  /** The auto-assigned public IPv4 address (an Elastic IP lives on the Address). */
  publicIpAddress?: string;
  /** Whether the primary interface gets an auto-assigned public IP at launch and start. */
  associatePublicIp: boolean;
  securityGroupIds: string[];
  state: InstanceStateName;
  /** When the current transitional state (pending, stopping, shutting-down) ends. */
  transitionAt?: number;
  /** When a terminated instance drops out of Describe. */
  visibleUntil?: number;
  stateTransitionReason: string;
  stateReason?: { code: string; message: string };
  launchTime: number;
  amiLaunchIndex: number;
  clientToken?: string;
  networkInterfaceId: string;
  attachmentId: string;
  macAddress: string;
  /** Attributes ModifyInstanceAttribute sets (model/instance-attributes.ts); absent: AWS's launch default. */
  sourceDestCheck?: boolean;
  disableApiTermination?: boolean;
  disableApiStop?: boolean;
  ebsOptimized?: boolean;
  shutdownBehavior?: "stop" | "terminate";
  /** Base64, as given. */
  userData?: string;
}

export interface DhcpConfiguration {
  key: string;
  values: string[];
}

export interface DhcpOptions {
  id: string;
  configurations: DhcpConfiguration[];
}

export interface Address {
  allocationId: string;
  publicIp: string;
  associationId?: string;
  instanceId?: string;
  networkInterfaceId?: string;
  privateIpAddress?: string;
}

/** A RunInstances ClientToken: the request it was first used with and what that launched. */
export interface ClientTokenRecord {
  fingerprint: string;
  reservationId: string;
}

/** The IAM instance profile an instance is associated with, as EC2 kept it (iam-instance-profiles.ts). */
export interface InstanceProfileRef {
  arn: string;
  id: string;
}

export interface IamInstanceProfileAssociation {
  associationId: string;
  instanceId: string;
  iamInstanceProfile: InstanceProfileRef;
}

export interface Ec2State {
  vpcs: Record<string, Vpc>;
  subnets: Record<string, Subnet>;
  internetGateways: Record<string, InternetGateway>;
  routeTables: Record<string, RouteTable>;
  peeringConnections: Record<string, PeeringConnection>;
  securityGroups: Record<string, SecurityGroup>;
  networkAcls: Record<string, NetworkAcl>;
  instances: Record<string, Instance>;
  addresses: Record<string, Address>;
  /** Tags by resource id. */
  tags: Record<string, Tag[]>;
  clientTokens: Record<string, ClientTokenRecord>;
  /** Absent in states stored before option sets were kept (model/dhcp-options.ts). */
  dhcpOptions?: Record<string, DhcpOptions>;
  /** The set new VPCs get. */
  defaultDhcpOptionsId?: string;
  /** Instances' IAM instance profiles by association id; absent in states written before instances had them. */
  iamInstanceProfileAssociations?: Record<string, IamInstanceProfileAssociation>;
}

export function emptyState(): Ec2State {
  return {
    vpcs: {},
    subnets: {},
    internetGateways: {},
    routeTables: {},
    peeringConnections: {},
    securityGroups: {},
    networkAcls: {},
    instances: {},
    addresses: {},
    tags: {},
    clientTokens: {},
  };
}
