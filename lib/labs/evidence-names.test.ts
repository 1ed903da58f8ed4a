/** The write-up's step tables name resources by their Name tags first, ids after, as the console does. */
import type { Tag } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { labDefinition } from "./check";
import { lab1 } from "./lab1";
import { lab2 } from "./lab2";

function named(snapshot: LabSnapshot, names: Record<string, string>): LabSnapshot {
  const tag = <T extends { Tags?: Tag[] }>(id: string | undefined, item: T): T => (id && names[id] ? { ...item, Tags: [...(item.Tags ?? []), { Key: "Name", Value: names[id] }] } : item);
  return {
    ...snapshot,
    vpcs: snapshot.vpcs.map((vpc) => tag(vpc.VpcId, vpc)),
    subnets: snapshot.subnets.map((subnet) => tag(subnet.SubnetId, subnet)),
    instances: snapshot.instances.map((instance) => tag(instance.InstanceId, instance)),
    routeTables: snapshot.routeTables.map((table) => tag(table.RouteTableId, table)),
    internetGateways: snapshot.internetGateways.map((gateway) => tag(gateway.InternetGatewayId, gateway)),
  };
}

function evidence(lab: typeof lab1, stepId: string, snapshot: LabSnapshot, facts = {}) {
  return lab.steps.find((step) => step.id === stepId)!.evidence({ snapshot, facts });
}

describe("write-up evidence", () => {
  const snapshot = named(lab1Snapshot(), {
    [LAB1.vpc1]: "NextWork-1-vpc",
    [LAB1.subnet1]: "NextWork-1-subnet-public",
    [LAB1.igw1]: "NextWork-1-igw",
    [LAB1.rtb1]: "NextWork-1-rtb-public",
    [LAB1.instance1]: "Instance - NextWork VPC 1",
  });

  it("Lab 1 names the VPC, subnet, gateway and route table by their Name tags, ids in brackets", () => {
    const { summary, config } = evidence(lab1, "vpcs", snapshot);
    expect(summary).toContain(`VPC 1: NextWork-1-vpc (${LAB1.vpc1}, 10.1.0.0/16), subnet NextWork-1-subnet-public (${LAB1.subnet1}, 10.1.0.0/24), internet gateway NextWork-1-igw (${LAB1.igw1})`);
    expect(config).toContain(`Route table NextWork-1-rtb-public (${LAB1.rtb1}), used by subnet ${LAB1.subnet1}`);
  });

  it("Lab 1 names the instances and security groups first", () => {
    const { summary, config } = evidence(lab1, "instances", snapshot);
    expect(summary).toContain(`Instance 1: Instance - NextWork VPC 1 (${LAB1.instance1}), running`);
    expect(config).toContain(`Security group lab1-vpc1-sg (${LAB1.sg1}) inbound rules`);
  });

  it("the labs as the console runs them name every id a step's sentence mentions (the peering's read by ids alone)", () => {
    const withPeering = named(snapshot, { [LAB1.vpc2]: "NextWork-2-vpc" });
    withPeering.peeringConnections = withPeering.peeringConnections.map((connection) => ({ ...connection, Tags: [{ Key: "Name", Value: "VPC 1 <> VPC 2" }] }));
    withPeering.addresses = withPeering.addresses.map((address) => ({ ...address, InstanceId: LAB1.instance1 }));
    const { summary } = evidence(labDefinition("vpc-peering"), "peering", withPeering);
    expect(summary).toBe(`Peering connection VPC 1 <> VPC 2 (${LAB1.pcx}): NextWork-1-vpc (${LAB1.vpc1}, 10.1.0.0/16) -> NextWork-2-vpc (${LAB1.vpc2}, 10.2.0.0/16), active`);
    expect(evidence(labDefinition("vpc-peering"), "connect", withPeering).summary).toContain(`associated with Instance - NextWork VPC 1 (${LAB1.instance1})`);
  });

  it("Lab 2 names its VPC by its Name tag", () => {
    // Also as the console runs it, whose naming of ids must not name it twice.
    for (const lab of [lab2, labDefinition("vpc-endpoints")]) {
      const { summary } = evidence(lab, "architecture", named(lab2Snapshot(), { [LAB2.vpc]: "NextWork-vpc" }), { objects: { bucket: LAB2.bucket, keys: ["a.txt", "b.txt"] } });
      expect(summary).toContain(`VPC NextWork-vpc (${LAB2.vpc}, 10.0.0.0/16)`);
      expect(summary).toContain("objects: a.txt, b.txt");
    }
    const { summary } = evidence(lab2, "architecture", named(lab2Snapshot(), { [LAB2.vpc]: "NextWork-vpc" }), { objects: { bucket: LAB2.bucket, keys: ["a.txt", "b.txt"] } });
    expect(summary).toContain("objects: a.txt, b.txt");
  });
});
