import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { kindOfId, labelOf, routeTableOfSubnet, routeTarget, subnetOptionLabel, vpcLabelOf, vpcOptionLabel } from "./resources";

describe("resource helpers", () => {
  it("tells the kind of a resource from its id, endpoints before VPCs", () => {
    expect(kindOfId("vpce-0c3d4e5f6a7b80073")).toBe("vpc-endpoint");
    expect(kindOfId("vpc-0a1b2c3d4e5f60001")).toBe("vpc");
    expect(kindOfId("i-0a1b2c3d4e5f60061")).toBe("instance");
    expect(kindOfId("eipalloc-0a1b2c3d4e5f60071")).toBe("elastic-ip");
    expect(kindOfId("nextwork-vpc-endpoints-ab")).toBe("bucket");
    expect(kindOfId("vpc-lab-endpoints-111122223333")).toBe("bucket");
  });

  it("labels with the Name tag when there is one", () => {
    expect(labelOf("vpc-1", [{ Key: "Name", Value: "vpc-1-lab" }])).toBe("vpc-1-lab (vpc-1)");
    expect(labelOf("vpc-1", undefined)).toBe("vpc-1");
  });

  it("writes a select's option with the name and range before the id, which a narrow select cuts first", () => {
    const named = { VpcId: "vpc-0a1b2c3d4e5f60001", CidrBlock: "10.1.0.0/16", Tags: [{ Key: "Name", Value: "vpc-1" }] };
    expect(vpcOptionLabel(named)).toBe("vpc-1 10.1.0.0/16 (vpc-0a1b2c3d4e5f60001)");
    expect(vpcOptionLabel({ VpcId: "vpc-0a1b2c3d4e5f60002", CidrBlock: "172.31.0.0/16", IsDefault: true })).toBe("default VPC 172.31.0.0/16 (vpc-0a1b2c3d4e5f60002)");
    expect(vpcOptionLabel({ VpcId: "vpc-0a1b2c3d4e5f60003", CidrBlock: "10.9.0.0/16" })).toBe("vpc-0a1b2c3d4e5f60003 10.9.0.0/16");
    expect(subnetOptionLabel({ SubnetId: "subnet-0a1b2c3d4e5f60011", CidrBlock: "10.1.0.0/24", Tags: [{ Key: "Name", Value: "public-1" }] })).toBe(
      "public-1 10.1.0.0/24 (subnet-0a1b2c3d4e5f60011)",
    );
    expect(vpcLabelOf({ VpcId: "vpc-0a1b2c3d4e5f60002", IsDefault: true })).toBe("default VPC (vpc-0a1b2c3d4e5f60002)");
    expect(vpcLabelOf(named)).toBe("vpc-1 (vpc-0a1b2c3d4e5f60001)");
  });

  it("finds a subnet's explicit route table, else its VPC's main table", () => {
    const snapshot = lab1Snapshot();
    expect(routeTableOfSubnet(snapshot, LAB1.subnet1)?.RouteTableId).toBe(LAB1.rtb1);
    const table = snapshot.routeTables.find((candidate) => candidate.RouteTableId === LAB1.rtb1)!;
    table.Associations = table.Associations?.filter((association) => association.SubnetId !== LAB1.subnet1);
    expect(routeTableOfSubnet(snapshot, LAB1.subnet1)?.RouteTableId).toBe(LAB1.mainRtb1);
  });

  it("names a route's target whatever kind it is", () => {
    expect(routeTarget({ GatewayId: "local" })).toBe("local");
    expect(routeTarget({ VpcPeeringConnectionId: "pcx-1" })).toBe("pcx-1");
    expect(routeTarget({})).toBe("—");
  });
});
