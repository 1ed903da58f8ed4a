/** Reachability Analyzer explanation codes this library emits (same spelling as AWS). */
export type ExplanationCode =
  | "BAD_STATE"
  | "BAD_STATE_ATTACHMENT"
  | "BAD_STATE_ROUTE"
  | "ENI_SG_RULES_MISMATCH"
  | "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
  | "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
  | "NO_POSSIBLE_DESTINATION"
  | "NO_ROUTE_TO_DESTINATION"
  | "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
  | "SUBNET_ACL_RESTRICTION"
  | "VPCE_GATEWAY_PROTOCOL_RESTRICTION";

export type ComponentType =
  | "instance"
  | "security-group"
  | "network-acl"
  | "route-table"
  | "peering-connection"
  | "internet-gateway"
  | "vpc-endpoint"
  | "vpc"
  | "address"
  | "s3-bucket"
  | "iam-identity";

export type Direction = "forward" | "return";

/** One component a packet crossed, with the rule or route that decided it. */
export interface Hop {
  /** A real id from the snapshot (or the outside address), so a diagram can paint it. */
  componentId: string;
  componentType: ComponentType;
  direction: Direction;
  verdict: "allow" | "deny";
  detail: string;
}

export interface Explanation {
  code: ExplanationCode;
  /** What happened, in one sentence. */
  message: string;
  /** The change that fixes it, in one sentence. */
  fix: string;
}

export type Protocol = "icmp" | "tcp" | "udp";

export type PacketSource = { instanceId: string } | { address: string; /** The whole range the caller may come from, for fix sentences. */ range?: string };
export type PacketDestination = { instanceId: string } | { address: string };

/** "Does a packet from A reach B?" ICMP means echo request/reply (ping). */
export interface PacketQuery {
  from: PacketSource;
  to: PacketDestination;
  protocol: Protocol;
  /** Destination port for TCP/UDP. */
  port?: number;
  /** Client's ephemeral port for TCP/UDP; the reply is sent to it. Defaults to 49152. */
  sourcePort?: number;
}

export interface PacketVerdict {
  reachable: boolean;
  /** Forward hops, then return hops, in the order a packet meets them. */
  hops: Hop[];
  blockedAt?: Hop;
  explanation?: Explanation;
}
