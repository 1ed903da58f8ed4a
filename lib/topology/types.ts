import type { Edge, Node } from "@xyflow/react";

/** A packet path that works (ok) or the component that stops it (blocked). */
export type PathTone = "ok" | "blocked";
export type Tone = PathTone | "changed";

/** Ids to paint: a path that works (ok), the component that stops it (blocked), or fresh changes. */
export interface Highlight {
  ids: readonly string[];
  tone: Tone;
}

interface Toned {
  tone?: PathTone;
  /** Briefly true after the resource appeared or changed. */
  changed?: boolean;
  [key: string]: unknown;
}

export interface VpcData extends Toned {
  name: string;
  cidr: string;
  isDefault: boolean;
}

export interface SubnetData extends Toned {
  name: string;
  cidr: string;
  availabilityZone: string;
  isPublic: boolean;
  networkAcl?: Chip;
}

export interface Chip {
  id: string;
  label: string;
  tone?: PathTone;
}

export interface InstanceData extends Toned {
  name: string;
  state: string;
  privateIp?: string;
  publicIp?: string;
  /** "elastic" when the public address is an Elastic IP associated with the instance. */
  publicIpKind?: "elastic" | "public";
  securityGroups: Chip[];
}

export interface InternetGatewayData extends Toned {
  name: string;
  attached: boolean;
}

export interface RouteLine {
  destination: string;
  target: string;
  blackhole: boolean;
}

export interface RouteTableData extends Toned {
  name: string;
  isMain: boolean;
  routes: RouteLine[];
}

export interface EndpointData extends Toned {
  name: string;
  serviceName: string;
  endpointType: string;
  state: string;
}

export interface BucketData extends Toned {
  name: string;
  /** The name as drawn: one line, or two split after a "-" or "." (`bucketNameLines`). */
  nameLines: string[];
  /** Why the console could not read the bucket policy, shown rather than hidden. */
  policyError?: string;
  hasPolicy: boolean;
}

export interface CollapsedVpcData extends Toned {
  name: string;
  cidr: string;
  subnetCount: number;
  instanceCount: number;
}

export interface ExternalVpcData extends Toned {
  cidr: string;
  ownerId?: string;
  region?: string;
}

export type VpcNode = Node<VpcData, "vpc">;
export type SubnetNode = Node<SubnetData, "subnet">;
export type InstanceNode = Node<InstanceData, "instance">;
export type InternetGatewayNode = Node<InternetGatewayData, "internetGateway">;
export type RouteTableNode = Node<RouteTableData, "routeTable">;
export type EndpointNode = Node<EndpointData, "endpoint">;
export type BucketNode = Node<BucketData, "bucket">;
export type CollapsedVpcNode = Node<CollapsedVpcData, "collapsedVpc">;
export type ExternalVpcNode = Node<ExternalVpcData, "externalVpc">;

export type TopologyNode =
  | VpcNode
  | SubnetNode
  | InstanceNode
  | InternetGatewayNode
  | RouteTableNode
  | EndpointNode
  | BucketNode
  | CollapsedVpcNode
  | ExternalVpcNode;

export type TopologyNodeType = NonNullable<TopologyNode["type"]>;

export interface PeeringEdgeData extends Toned {
  status: string;
  label: string;
  /** The connection's Name tag, when it has one ("VPC 1 <> VPC 2"): the diagram shows it above the id. */
  name?: string;
}

export type LinkKind = "association" | "main-association" | "internet-route" | "endpoint-route" | "endpoint-service";

export interface LinkEdgeData extends Toned {
  kind: LinkKind;
}

export type PeeringEdge = Edge<PeeringEdgeData, "peering">;
export type LinkEdge = Edge<LinkEdgeData, "link">;
export type TopologyEdge = PeeringEdge | LinkEdge;

export interface TopologyFlow {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/** What `onSelect` reports: the node or edge type and the real resource id (bucket name for buckets). */
export interface SelectedElement {
  type: TopologyNodeType | "peering";
  id: string;
}
