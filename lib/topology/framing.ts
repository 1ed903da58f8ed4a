import { isLabId } from "@/lib/labs/lab-id";
import { otherLabVpcIds, type VpcFacts } from "@/lib/labs/lab-vpcs";
import type { ToFlowOptions } from "./to-flow";

/**
 * How a lab's diagram is framed on its own resources, the one rule the live diagram (and its first
 * layout) and the exported pictures (Export SVG / PNG, the write-up's moments) share: on a lab's
 * page the other lab's VPCs are collapsed, so neither their insides nor the peering between them
 * are drawn; the peering lab, which uses no S3, draws no bucket. Off a lab's page (no lab id)
 * nothing is framed out but the default VPC.
 */
export function labFraming(snapshot: VpcFacts, labId: string | undefined): Pick<ToFlowOptions, "otherLabVpcIds" | "withoutBuckets"> {
  if (!isLabId(labId)) return {};
  return { otherLabVpcIds: otherLabVpcIds(snapshot, labId), withoutBuckets: labId === "vpc-peering" };
}
