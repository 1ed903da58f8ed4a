import type { Vpc } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { LAB1, LAB2 } from "@/lib/analysis/fixtures";
import { bothLabsSnapshot, DEFAULT_VPC_ID } from "@/lib/topology/__fixtures__/labs";
import { vpcsForLab } from "./lab-vpcs";

const EXTRA_VPC = "vpc-0e0e0e0e0e0e0e0e0";

/** Both labs (with the default VPC), the default VPC listed first (as DescribeVpcs may list it) and a VPC of no lab. */
function account() {
  const snapshot = bothLabsSnapshot();
  const extra: Vpc = { VpcId: EXTRA_VPC, CidrBlock: "10.9.0.0/16", IsDefault: false, State: "available" };
  return { ...snapshot, vpcs: [snapshot.vpcs.at(-1)!, ...snapshot.vpcs.slice(0, -1).reverse(), extra] };
}

const ids = (vpcs: Vpc[]) => vpcs.map((vpc) => vpc.VpcId);

describe("vpcsForLab: the VPCs a lab's forms offer, the first preselected", () => {
  it("on Lab 1's page: VPC 1, VPC 2, a VPC of no lab, Lab 2's VPC (10.0.0.0/16, first by CIDR), the default VPC", () => {
    expect(ids(vpcsForLab(account(), "vpc-peering"))).toEqual([LAB1.vpc1, LAB1.vpc2, EXTRA_VPC, LAB2.vpc, DEFAULT_VPC_ID]);
  });

  it("on Lab 2's page: its VPC, a VPC of no lab, Lab 1's VPCs, the default VPC", () => {
    expect(ids(vpcsForLab(account(), "vpc-endpoints"))).toEqual([LAB2.vpc, EXTRA_VPC, LAB1.vpc1, LAB1.vpc2, DEFAULT_VPC_ID]);
  });

  it("without a lab: by CIDR, the default VPC last", () => {
    expect(ids(vpcsForLab(account(), undefined))).toEqual([LAB2.vpc, LAB1.vpc1, LAB1.vpc2, EXTRA_VPC, DEFAULT_VPC_ID]);
  });

  it("offers every VPC of the account exactly once", () => {
    for (const lab of ["vpc-peering", "vpc-endpoints", undefined] as const) expect(ids(vpcsForLab(account(), lab)).sort()).toEqual(ids(account().vpcs).sort());
  });
});
