import type { Vpc } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { LAB1, LAB2, lab1Snapshot } from "@/lib/analysis/fixtures";
import { bothLabsSnapshot, DEFAULT_VPC_ID, withDefaultVpc } from "@/lib/topology/__fixtures__/labs";
import { inLabOrder, ruleSourceHint, suggestedInstanceName, suggestedSecurityGroup, suggestedVpc, vpcsForLab } from "./lab-vpcs";

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

describe("suggestedVpc: Create VPC's hints", () => {
  const onlyDefault = () => ({ ...withDefaultVpc(lab1Snapshot()), vpcs: withDefaultVpc(lab1Snapshot()).vpcs.filter((vpc) => vpc.IsDefault) });
  const withVpc1 = () => {
    const snapshot = withDefaultVpc(lab1Snapshot());
    return { ...snapshot, peeringConnections: [], vpcs: snapshot.vpcs.filter((vpc) => vpc.VpcId !== LAB1.vpc2) };
  };

  it("on Lab 1's page: vpc-1 on 10.1.0.0/16, then vpc-2 on 10.2.0.0/16, then a third range no VPC holds", () => {
    expect(suggestedVpc(onlyDefault(), "vpc-peering")).toEqual({ name: "vpc-1", cidr: "10.1.0.0/16" });
    expect(suggestedVpc(withVpc1(), "vpc-peering")).toEqual({ name: "vpc-2", cidr: "10.2.0.0/16" });
    expect(suggestedVpc(bothLabsSnapshot(), "vpc-peering")).toEqual({ name: "vpc-3", cidr: "10.3.0.0/16" });
  });

  it("on Lab 2's page: lab2-vpc on 10.0.0.0/16, beside Lab 1's VPCs too", () => {
    expect(suggestedVpc(onlyDefault(), "vpc-endpoints")).toEqual({ name: "lab2-vpc", cidr: "10.0.0.0/16" });
    const lab1Only = withDefaultVpc(lab1Snapshot());
    expect(suggestedVpc(lab1Only, "vpc-endpoints")).toEqual({ name: "lab2-vpc", cidr: "10.0.0.0/16" });
    expect(suggestedVpc(bothLabsSnapshot(), "vpc-endpoints").cidr).toBe("10.3.0.0/16");
  });

  it("skips every range a VPC overlaps, however large its block", () => {
    const wide = { ...onlyDefault(), vpcs: [...onlyDefault().vpcs, { VpcId: "vpc-0abcabcabcabcabc0", CidrBlock: "10.0.0.0/14", IsDefault: false }] };
    expect(suggestedVpc(wide, "vpc-peering").cidr).toBe("10.4.0.0/16");
  });
});

describe("ruleSourceHint: a security group rule's Source hint", () => {
  it("is the peer VPC's range while the peering is live, else the group's own VPC's", () => {
    expect(ruleSourceHint(lab1Snapshot(), LAB1.vpc2)).toBe("10.1.0.0/16");
    expect(ruleSourceHint(lab1Snapshot(), LAB1.vpc1)).toBe("10.2.0.0/16");
    const ended = lab1Snapshot();
    ended.peeringConnections = ended.peeringConnections.map((pcx) => ({ ...pcx, Status: { Code: "deleted" } }));
    expect(ruleSourceHint(ended, LAB1.vpc2)).toBe("10.2.0.0/16");
    expect(ruleSourceHint(bothLabsSnapshot(), LAB2.vpc)).toBe("10.0.0.0/16");
  });
});

describe("suggestedInstanceName and suggestedSecurityGroup: the launch and group forms' hints", () => {
  it("on Lab 1's page names the instance and its group after the VPC it goes in", () => {
    const account = bothLabsSnapshot();
    expect(suggestedInstanceName(account, "vpc-peering", LAB1.vpc1)).toBe("instance-1");
    expect(suggestedInstanceName(account, "vpc-peering", LAB1.vpc2)).toBe("instance-2");
    expect(suggestedSecurityGroup(account, "vpc-peering", LAB1.vpc2)).toEqual({ name: "instance-2-sg", description: "Allows SSH and ping" });
  });

  it("on Lab 2's page names Lab 2's instance, not Lab 1's (it hinted instance-2-sg allowing ping)", () => {
    const account = bothLabsSnapshot();
    expect(suggestedInstanceName(account, "vpc-endpoints", LAB2.vpc)).toBe("lab2-instance");
    expect(suggestedSecurityGroup(account, "vpc-endpoints", LAB2.vpc)).toEqual({ name: "lab2-instance-sg", description: "Allows SSH from EC2 Instance Connect" });
  });
});

describe("inLabOrder: the Tests tab's instances", () => {
  it("lists the lab's own instances first, VPC 1's before VPC 2's, so a ping starts from instance 1 to instance 2", () => {
    const snapshot = bothLabsSnapshot();
    // As DescribeInstances may list them: Lab 2's first, then VPC 2's before VPC 1's.
    const inLab2 = (instance: { VpcId?: string }) => instance.VpcId === LAB2.vpc;
    const lab2First = { ...snapshot, instances: [...snapshot.instances.filter(inLab2), ...snapshot.instances.filter((instance) => !inLab2(instance)).reverse()] };
    const vpcOf = (labId: "vpc-peering" | "vpc-endpoints") => inLabOrder(lab2First.instances, lab2First, labId).map((instance) => instance.VpcId);
    expect(lab2First.instances.map((instance) => instance.VpcId)).toEqual([LAB2.vpc, LAB1.vpc2, LAB1.vpc1]);
    expect(vpcOf("vpc-peering")).toEqual([LAB1.vpc1, LAB1.vpc2, LAB2.vpc]);
    expect(vpcOf("vpc-endpoints")).toEqual([LAB2.vpc, LAB1.vpc1, LAB1.vpc2]);
  });
});
