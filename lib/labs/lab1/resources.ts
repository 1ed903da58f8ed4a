/** Lab 1's pieces in a snapshot (tagged or built by hand): its two public sides and the peering between them. */
import type { VpcPeeringConnection } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { type PublicSide, publicSideOf } from "@/lib/labs/shared/public-side";
import { identifyLabVpcs } from "@/lib/labs/lab-vpcs";

export interface Lab1Resources {
  side1: PublicSide;
  side2: PublicSide;
  /** The connection between the two VPCs: an active one, else the newest live or failed one. */
  peering?: VpcPeeringConnection;
}

const PEERING_RANK: Record<string, number> = { active: 6, provisioning: 5, "pending-acceptance": 4, "initiating-request": 3, failed: 2, rejected: 1, expired: 1 };

export function peeringBetween(snapshot: LabSnapshot, vpcA: string | undefined, vpcB: string | undefined): VpcPeeringConnection | undefined {
  if (!vpcA || !vpcB) return undefined;
  const joins = (pcx: VpcPeeringConnection) => {
    const ends = [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId];
    return ends.includes(vpcA) && ends.includes(vpcB);
  };
  const rank = (pcx: VpcPeeringConnection) => PEERING_RANK[pcx.Status?.Code ?? ""] ?? 0;
  return snapshot.peeringConnections.filter((pcx) => joins(pcx) && rank(pcx) > 0).sort((a, b) => rank(b) - rank(a))[0];
}

export function lab1Resources(snapshot: LabSnapshot): Lab1Resources {
  const { vpc1, vpc2 } = identifyLabVpcs(snapshot, "vpc-peering").lab1;
  return {
    side1: publicSideOf(snapshot, vpc1, { subnet: "subnet-1", instance: "instance-1" }),
    side2: publicSideOf(snapshot, vpc2, { subnet: "subnet-2", instance: "instance-2" }),
    peering: peeringBetween(snapshot, vpc1?.VpcId, vpc2?.VpcId),
  };
}
