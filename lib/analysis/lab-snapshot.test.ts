import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot, LAB2, lab2Snapshot } from "./fixtures";
import { indexSnapshot, networkAclForSubnet, routeTableForSubnet } from "./lab-snapshot";

describe("indexSnapshot", () => {
  it("uses the explicit route table association, else the VPC's main table", () => {
    const snapshot = lab1Snapshot();
    expect(routeTableForSubnet(indexSnapshot(snapshot), LAB1.subnet1, LAB1.vpc1)?.table.RouteTableId).toBe(LAB1.rtb1);
    snapshot.routeTables = snapshot.routeTables.filter((table) => table.RouteTableId !== LAB1.rtb1);
    expect(routeTableForSubnet(indexSnapshot(snapshot), LAB1.subnet1, LAB1.vpc1)?.table.RouteTableId).toBe(LAB1.mainRtb1);
  });

  it("falls back to the VPC's default network ACL", () => {
    const snapshot = lab1Snapshot();
    snapshot.networkAcls[0].Associations = [];
    expect(networkAclForSubnet(indexSnapshot(snapshot), LAB1.subnet1, LAB1.vpc1)?.acl.NetworkAclId).toBe(LAB1.acl1);
  });

  it("expands prefix-list routes into one entry per CIDR of the list", () => {
    const table = indexSnapshot(lab2Snapshot()).routeTables.get(LAB2.rtb);
    const prefixRoutes = table?.routes.filter((route) => route.prefixListId) ?? [];
    expect(prefixRoutes.map((route) => route.block.cidr)).toContain("52.216.0.0/15");
    expect(prefixRoutes).toHaveLength(7);
  });

  it("finds instances by private and public address and leaves terminated ones out", () => {
    const snapshot = lab1Snapshot();
    snapshot.instances[1].State = { Code: 48, Name: "terminated" };
    const index = indexSnapshot(snapshot);
    expect(index.interfaceByPrivateIp.get(`${LAB1.vpc1}/${LAB1.instance1PrivateIp}`)?.instanceId).toBe(LAB1.instance1);
    expect(index.interfaceByPublicIp.get(LAB1.instance1ElasticIp)?.instanceId).toBe(LAB1.instance1);
    expect(index.instances.has(LAB1.instance2)).toBe(false);
  });
});
