/**
 * Diagram fixtures built on the shared lab snapshots: the labs as a sandbox account holds them
 * (with the region's default VPC), both labs in one account, and a generated large topology.
 */
import type { Vpc } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { ACCOUNT_ID, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { generateTopology } from "@/lib/analysis/generate";

export const DEFAULT_VPC_ID = "vpc-0d1e2f3a4b5c60009";

const DEFAULT_VPC: Vpc = { VpcId: DEFAULT_VPC_ID, CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available", OwnerId: ACCOUNT_ID };

const DEFAULT_SUBNETS = ["a", "b", "c"].map((zone, index) => ({
  SubnetId: `subnet-0d1e2f3a4b5c6001${index}`,
  VpcId: DEFAULT_VPC_ID,
  CidrBlock: `172.31.${index * 16}.0/20`,
  AvailabilityZone: `us-east-1${zone}`,
  DefaultForAz: true,
  MapPublicIpOnLaunch: true,
}));

const DEFAULT_IGW = "igw-0d1e2f3a4b5c60019";

export function withDefaultVpc(snapshot: LabSnapshot): LabSnapshot {
  return {
    ...snapshot,
    vpcs: [...snapshot.vpcs, DEFAULT_VPC],
    subnets: [...snapshot.subnets, ...DEFAULT_SUBNETS],
    internetGateways: [...snapshot.internetGateways, { InternetGatewayId: DEFAULT_IGW, Attachments: [{ VpcId: DEFAULT_VPC_ID, State: "attached" }] }],
    routeTables: [
      ...snapshot.routeTables,
      {
        RouteTableId: "rtb-0d1e2f3a4b5c60029",
        VpcId: DEFAULT_VPC_ID,
        Associations: [{ Main: true, RouteTableId: "rtb-0d1e2f3a4b5c60029" }],
        Routes: [
          { DestinationCidrBlock: "172.31.0.0/16", GatewayId: "local", State: "active" },
          { DestinationCidrBlock: "0.0.0.0/0", GatewayId: DEFAULT_IGW, State: "active" },
        ],
      },
    ],
  };
}

/** Both labs in one account, as a student who did Lab 1 and then Lab 2 has it. */
/** A VPC just made by the CLI beside the snapshot's: nothing is drawn inside it. */
export function withEmptyVpc(snapshot: LabSnapshot): LabSnapshot {
  const vpc: Vpc = { VpcId: "vpc-0e0e0e0e0e0e0e0e0", CidrBlock: "10.9.0.0/16", IsDefault: false, State: "available", OwnerId: ACCOUNT_ID };
  return { ...snapshot, vpcs: [...snapshot.vpcs, vpc] };
}

export function bothLabsSnapshot(): LabSnapshot {
  const one = lab1Snapshot();
  const two = lab2Snapshot();
  const merged = { ...one };
  for (const key of Object.keys(one) as Array<keyof LabSnapshot>) {
    const left = one[key];
    const right = two[key];
    if (Array.isArray(left) && Array.isArray(right)) (merged as Record<string, unknown>)[key] = [...left, ...right];
  }
  return withDefaultVpc(merged);
}

/** About `targetNodes` diagram nodes: each generated VPC draws as VPC, subnet, gateway, route table and its instances. */
export function generatedSnapshot(targetNodes: number): LabSnapshot {
  const instancesPerVpc = 6;
  const vpcs = Math.max(1, Math.round(targetNodes / (4 + instancesPerVpc)));
  return generateTopology({ vpcs, instancesPerVpc, extraPeeringsPerVpc: 0, securityGroupRulesPerVpc: 2, networkAclRulesPerVpc: 4, seed: 7 });
}

export type FixtureName = "lab1" | "lab2" | "labs" | "generated";

export function fixtureSnapshot(name: FixtureName, generatedNodes = 500): LabSnapshot {
  if (name === "lab1") return withDefaultVpc(lab1Snapshot());
  if (name === "lab2") return withDefaultVpc(lab2Snapshot());
  if (name === "labs") return bothLabsSnapshot();
  return generatedSnapshot(generatedNodes);
}
