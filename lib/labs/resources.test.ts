import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { kindOfId, labelOf, nameIds, resourceLabel, routeTableOfSubnet, routeTarget, subnetOptionLabel, vpcLabelOf, vpcOptionLabel } from "./resources";

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

  it("names any resource of the account as the student named it, and an unknown id as it is", () => {
    const snapshot = lab1Snapshot();
    const tag = (resource: { Tags?: { Key?: string; Value?: string }[] } | undefined, name: string) => {
      resource!.Tags = [{ Key: "Name", Value: name }];
    };
    tag(snapshot.vpcs.find((vpc) => vpc.VpcId === LAB1.vpc1), "VPC 1");
    tag(snapshot.subnets.find((subnet) => subnet.SubnetId === LAB1.subnet1), "public 1");
    tag(snapshot.routeTables.find((table) => table.RouteTableId === LAB1.rtb1), "rtb 1");
    tag(snapshot.instances.find((instance) => instance.InstanceId === LAB1.instance2), "instance-2");
    tag(snapshot.peeringConnections.find((connection) => connection.VpcPeeringConnectionId === LAB1.pcx), "VPC 1 <> VPC 2");
    const named = (id: string) => resourceLabel(snapshot, id);
    expect(named(LAB1.vpc1)).toBe(`VPC 1 (${LAB1.vpc1})`);
    expect(named(LAB1.subnet1)).toBe(`public 1 (${LAB1.subnet1})`);
    expect(named(LAB1.rtb1)).toBe(`rtb 1 (${LAB1.rtb1})`);
    expect(named(LAB1.instance2)).toBe(`instance-2 (${LAB1.instance2})`);
    expect(named(LAB1.pcx)).toBe(`VPC 1 <> VPC 2 (${LAB1.pcx})`);
    expect(named(LAB1.igw1)).toBe(LAB1.igw1);
    expect(named("vpc-0000000000000dead")).toBe("vpc-0000000000000dead");
  });

  it("names the bare ids of a sentence, but not an id already named nor a command's", () => {
    const snapshot = lab1Snapshot();
    snapshot.vpcs.find((vpc) => vpc.VpcId === LAB1.vpc2)!.Tags = [{ Key: "Name", Value: "VPC 2" }];
    const group = snapshot.securityGroups.find((candidate) => candidate.GroupId === LAB1.sg2)!;
    expect(nameIds(`Security group ${LAB1.sg2} has no inbound rule allowing ICMP from 10.1.0.0/16.`, snapshot)).toBe(
      `Security group ${group.GroupName} (${LAB1.sg2}) has no inbound rule allowing ICMP from 10.1.0.0/16.`,
    );
    expect(nameIds(`accept it as the owner of VPC 2 (${LAB1.vpc2}); ${LAB1.vpc2} is VPC 2`, snapshot)).toBe(`accept it as the owner of VPC 2 (${LAB1.vpc2}); VPC 2 (${LAB1.vpc2}) is VPC 2`);
    expect(nameIds(`You ran \`aws ec2 describe-vpcs --vpc-ids ${LAB1.vpc2}\` on ${LAB1.instance1}`, snapshot)).toBe(`You ran \`aws ec2 describe-vpcs --vpc-ids ${LAB1.vpc2}\` on ${LAB1.instance1}`);
    // A detail after an id joins its parentheses, named or not (the write-up read "VPC x (vpc-…) (10.0.0.0/16)").
    expect(nameIds(`10.2.0.4 is in ${LAB1.vpc2} (10.2.0.0/16)`, snapshot)).toBe(`10.2.0.4 is in VPC 2 (${LAB1.vpc2}, 10.2.0.0/16)`);
    expect(nameIds(`VPC 2 (${LAB1.vpc2}) (10.2.0.0/16)`, snapshot)).toBe(`VPC 2 (${LAB1.vpc2}, 10.2.0.0/16)`);
    expect(nameIds(`${LAB1.vpc1} (10.1.0.0/16)`, snapshot)).toBe(`${LAB1.vpc1} (10.1.0.0/16)`);
    // Already named with its detail: left alone (it read "VPC 2 (VPC 2 (vpc-…), 10.2.0.0/16)").
    expect(nameIds(`VPC VPC 2 (${LAB1.vpc2}, 10.2.0.0/16)`, snapshot)).toBe(`VPC VPC 2 (${LAB1.vpc2}, 10.2.0.0/16)`);
    // An id closing a parenthesis keeps the detail after it outside.
    expect(nameIds(`routes (to ${LAB1.vpc2}) (main)`, snapshot)).toBe(`routes (to VPC 2 (${LAB1.vpc2})) (main)`);
    // An endpoint's id is not a VPC's; an id the account does not hold is left alone.
    expect(nameIds("vpce-0c3d4e5f6a7b80073 and vpc-0000000000000dead", snapshot)).toBe("vpce-0c3d4e5f6a7b80073 and vpc-0000000000000dead");
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
