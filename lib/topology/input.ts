import type { LabSnapshot } from "@/lib/analysis";

/** The part of a LabSnapshot the diagram draws. */
export type TopologyInput = Pick<
  LabSnapshot,
  | "region"
  | "vpcs"
  | "subnets"
  | "routeTables"
  | "internetGateways"
  | "peeringConnections"
  | "securityGroups"
  | "networkAcls"
  | "instances"
  | "addresses"
  | "vpcEndpoints"
  | "buckets"
>;
