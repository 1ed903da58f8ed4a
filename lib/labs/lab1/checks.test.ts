import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { LABS } from "@/lib/labs/catalog";
import { identifyLabVpcs } from "@/lib/labs/lab-vpcs";
import { checkConnect, checkInstances, checkPeering, checkPing, checkRoutes, checkVpcs } from "./checks";
import { lab1 } from "./index";
import { lab1Inventory } from "./inventory";

function broken(change: (snapshot: LabSnapshot) => void): LabSnapshot {
  const snapshot = lab1Snapshot();
  change(snapshot);
  return snapshot;
}

const table = (snapshot: LabSnapshot, id: string) => snapshot.routeTables.find((candidate) => candidate.RouteTableId === id)!;

describe("Lab 1 checks on the finished lab", () => {
  it("passes every step with sentences naming the ids", async () => {
    const snapshot = lab1Snapshot();
    expect(checkVpcs(snapshot)).toEqual({
      done: true,
      findings: [`VPC 1 (${LAB1.vpc1}, 10.1.0.0/16) and VPC 2 (${LAB1.vpc2}, 10.2.0.0/16) each have a public subnet whose route table sends 0.0.0.0/0 to an attached internet gateway.`],
    });
    expect(checkPeering(snapshot).findings).toEqual([`Peering connection ${LAB1.pcx} between VPC 1 (${LAB1.vpc1}) and VPC 2 (${LAB1.vpc2}) is active.`]);
    expect(checkRoutes(snapshot).findings).toEqual([`VPC 1's route table ${LAB1.rtb1} sends 10.2.0.0/16 to ${LAB1.pcx}, and VPC 2's route table ${LAB1.rtb2} sends 10.1.0.0/16 to ${LAB1.pcx}.`]);
    expect(checkInstances(snapshot).findings).toEqual([`Instance 1 ${LAB1.instance1} (10.1.0.12) and instance 2 ${LAB1.instance2} (10.2.0.25) are running.`]);
    expect(checkConnect(snapshot)).toMatchObject({ done: true, findings: [`EC2 Instance Connect can reach instance 1 (${LAB1.instance1}) at ${LAB1.instance1ElasticIp}: SSH (TCP 22) gets in and its replies get out.`] });
    expect(checkPing(snapshot)).toEqual({ done: true, findings: ["Instance 1 (10.1.0.12) pings instance 2 (10.2.0.25): the echo request and its reply both get through."] });
  });

  it("has the catalog's step ids and titles", () => {
    expect(lab1.steps.map(({ id, title }) => ({ id, title }))).toEqual(LABS.find((lab) => lab.id === "vpc-peering")!.steps);
  });
});

describe("Lab 1 checks, broken one piece at a time", () => {
  it("step 1: a missing VPC, overlapping CIDRs, a detached gateway, a missing internet route", () => {
    expect(checkVpcs(broken((s) => (s.vpcs = s.vpcs.slice(0, 1))))).toEqual({
      done: false,
      findings: ['VPC 2 does not exist yet: create it (e.g. 10.2.0.0/16) with a public subnet ("VPC and more").'],
    });
    expect(checkVpcs(broken((s) => (s.vpcs[1].CidrBlock = "10.1.0.0/16"))).findings).toEqual([
      `VPC 1 (${LAB1.vpc1}, 10.1.0.0/16) and VPC 2 (${LAB1.vpc2}, 10.1.0.0/16) overlap: peering needs CIDR blocks that do not overlap.`,
    ]);
    expect(checkVpcs(broken((s) => (s.internetGateways[1].Attachments = [])))).toEqual({
      done: false,
      findings: [`No internet gateway is attached to VPC 2 (${LAB1.vpc2}).`, `Route table ${LAB1.rtb2} sends 0.0.0.0/0 to ${LAB1.igw2}, which is not attached to VPC 2 (${LAB1.vpc2}).`],
    });
    expect(checkVpcs(broken((s) => (table(s, LAB1.rtb1).Routes = table(s, LAB1.rtb1).Routes!.filter((r) => r.DestinationCidrBlock !== "0.0.0.0/0")))).findings).toEqual([
      `Subnet ${LAB1.subnet1} of VPC 1 uses route table ${LAB1.rtb1}, which has no route 0.0.0.0/0 to an internet gateway.`,
    ]);
  });

  it("step 2: no connection, pending acceptance, failed on overlapping CIDRs", () => {
    expect(checkPeering(broken((s) => (s.peeringConnections = [])))).toEqual({
      done: false,
      findings: [`No peering connection joins VPC 1 (${LAB1.vpc1}) and VPC 2 (${LAB1.vpc2}): request one from VPC 1 to VPC 2, then accept it.`],
    });
    expect(checkPeering(broken((s) => (s.peeringConnections[0].Status = { Code: "pending-acceptance", Message: "Pending Acceptance by 111122223333" }))).findings).toEqual([
      `Peering connection ${LAB1.pcx} is pending-acceptance: accept it as the owner of VPC 2 (${LAB1.vpc2}).`,
    ]);
    const failed = checkPeering(broken((s) => (s.peeringConnections[0].Status = { Code: "failed", Message: "Overlapping CIDR range" })));
    // AWS refuses to delete a failed connection (InvalidStateTransition): the advice must not ask for it.
    expect(failed.findings).toEqual([
      `Peering connection ${LAB1.pcx} failed: Overlapping CIDR range. AWS lets no one accept or delete a failed connection (it removes it after two hours): peer two VPCs whose CIDR blocks do not overlap.`,
    ]);
    expect(failed.moment?.fix).toBe(
      `Peer two VPCs whose CIDR blocks do not overlap: delete one of the overlapping VPCs and create it again with another range (${LAB1.pcx} itself cannot be deleted; AWS removes it after two hours).`,
    );
    expect(failed.moment?.explanation).toContain("A failed connection cannot be accepted or deleted");
    expect(failed.moment).toMatchObject({ title: "The peering connection failed", output: "Overlapping CIDR range", verdict: `Peering connection ${LAB1.pcx} is failed (Overlapping CIDR range), not active.` });
  });

  it("step 3: a missing return route, a route to the wrong target, a blackhole", () => {
    const withoutReturn = broken((s) => (table(s, LAB1.rtb2).Routes = table(s, LAB1.rtb2).Routes!.filter((r) => !r.VpcPeeringConnectionId)));
    expect(checkRoutes(withoutReturn)).toEqual({ done: false, findings: [`VPC 2's route table ${LAB1.rtb2} has no route to 10.1.0.0/16 (VPC 1's CIDR) through ${LAB1.pcx}.`] });
    const wrongTarget = broken((s) => {
      const route = table(s, LAB1.rtb1).Routes!.find((r) => r.VpcPeeringConnectionId)!;
      delete route.VpcPeeringConnectionId;
      route.GatewayId = LAB1.igw1;
    });
    expect(checkRoutes(wrongTarget).findings).toEqual([`VPC 1's route table ${LAB1.rtb1} sends 10.2.0.0/16 to ${LAB1.igw1}, not to the peering connection ${LAB1.pcx}.`]);
    const blackhole = broken((s) => (table(s, LAB1.rtb1).Routes!.find((r) => r.VpcPeeringConnectionId)!.State = "blackhole"));
    expect(checkRoutes(blackhole).findings).toEqual([`VPC 1's route table ${LAB1.rtb1} has a route to 10.2.0.0/16 through ${LAB1.pcx}, but it is a blackhole.`]);
    expect(checkRoutes(broken((s) => (s.peeringConnections[0].Status = { Code: "pending-acceptance" }))).findings).toEqual(["Step 2 first: the two VPCs need an active peering connection."]);
  });

  it("step 4: a missing instance and a stopped one", () => {
    expect(checkInstances(broken((s) => (s.instances = s.instances.slice(0, 1)))).findings).toEqual([`VPC 2 (${LAB1.vpc2}) has no instance: launch one in subnet ${LAB1.subnet2}.`]);
    expect(checkInstances(broken((s) => (s.instances[0].State = { Code: 80, Name: "stopped" }))).findings).toEqual([`Instance 1 ${LAB1.instance1} is stopped; it must be running.`]);
  });

  it("step 5: no public address, then no SSH rule", () => {
    const noAddress = checkConnect(
      broken((s) => {
        s.addresses = [];
        delete s.instances[0].PublicIpAddress;
      }),
    );
    expect(noAddress.done).toBe(false);
    expect(noAddress.findings).toEqual([
      "No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect.",
      `Instance ${LAB1.instance1} has no public IPv4 address, so nothing on the internet can reach it. Allocate an Elastic IP address and associate it with instance ${LAB1.instance1}.`,
    ]);
    expect(noAddress.moment).toMatchObject({ title: "EC2 Instance Connect refuses to connect", output: "No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect." });
    const noSsh = checkConnect(broken((s) => (s.securityGroups[0].IpPermissions = [])));
    expect(noSsh.findings[0]).toBe(`The instance's security group ${LAB1.sg1} does not allow SSH (TCP port 22) from EC2 Instance Connect (18.206.107.24/29).`);
  });

  it("step 6: the failed ping names instance 2's security group, and the missing return route", () => {
    const noIcmp = checkPing(broken((s) => (s.securityGroups[1].IpPermissions = s.securityGroups[1].IpPermissions!.filter((p) => p.IpProtocol !== "icmp"))));
    expect(noIcmp.done).toBe(false);
    expect(noIcmp.findings).toEqual([`ping 10.2.0.25 from instance 1 gets no reply: Security group ${LAB1.sg2} has no inbound rule allowing ICMP from 10.1.0.0/16. Add an inbound rule to ${LAB1.sg2} allowing ICMP from 10.1.0.0/16.`]);
    expect(noIcmp.moment?.title).toBe("The ping gets no answer");
    const noReturn = checkPing(broken((s) => (table(s, LAB1.rtb2).Routes = table(s, LAB1.rtb2).Routes!.filter((r) => !r.VpcPeeringConnectionId))));
    expect(noReturn.moment?.verdict).toBe(`Route table ${LAB1.rtb2} has no route back to 10.1.0.12; its 0.0.0.0/0 -> ${LAB1.igw2} route cannot carry a private address.`);
  });
});

describe("which resources are Lab 1's", () => {
  it("recognises untagged VPCs by their peering connection, and never the default VPC", () => {
    const snapshot = lab1Snapshot();
    snapshot.vpcs.unshift({ VpcId: "vpc-0000000000000000d", CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available" });
    const { lab1: vpcs } = identifyLabVpcs(snapshot, "vpc-peering");
    expect([vpcs.vpc1?.VpcId, vpcs.vpc2?.VpcId]).toEqual([LAB1.vpc1, LAB1.vpc2]);
    const items = lab1Inventory(snapshot);
    expect(items.some((item) => item.id === "vpc-0000000000000000d")).toBe(false);
    expect(items.map((item) => `${item.step} ${item.kind} ${item.id}`).sort()).toEqual(
      [
        `1 internet-gateway ${LAB1.igw1}`,
        `1 internet-gateway ${LAB1.igw2}`,
        `1 route-table ${LAB1.rtb1}`,
        `1 route-table ${LAB1.rtb2}`,
        `1 subnet ${LAB1.subnet1}`,
        `1 subnet ${LAB1.subnet2}`,
        `1 vpc ${LAB1.vpc1}`,
        `1 vpc ${LAB1.vpc2}`,
        `2 peering-connection ${LAB1.pcx}`,
        `3 route route 10.1.0.0/16 -> ${LAB1.pcx} in ${LAB1.rtb2}`,
        `3 route route 10.2.0.0/16 -> ${LAB1.pcx} in ${LAB1.rtb1}`,
        `4 instance ${LAB1.instance1}`,
        `4 instance ${LAB1.instance2}`,
        `4 security-group ${LAB1.sg1}`,
        `4 security-group ${LAB1.sg2}`,
        `5 elastic-ip ${LAB1.eipAllocation}`,
        `6 security-group-rule ${LAB1.sg2} inbound ICMP from 10.1.0.0/16`,
      ].sort(),
    );
  });

  it("leaves a VPC tagged for Lab 2 out of Lab 1", () => {
    const snapshot = lab1Snapshot();
    snapshot.peeringConnections = [];
    snapshot.vpcs.push({ VpcId: "vpc-0c3d4e5f6a7b80003", CidrBlock: "10.0.0.0/16", IsDefault: false, Tags: [{ Key: "vpclab:lab", Value: "vpc-endpoints" }] });
    const { lab1: vpcs, lab2: other } = identifyLabVpcs(snapshot, "vpc-peering");
    expect([vpcs.vpc1?.VpcId, vpcs.vpc2?.VpcId, other.vpc?.VpcId]).toEqual([LAB1.vpc1, LAB1.vpc2, "vpc-0c3d4e5f6a7b80003"]);
  });
});
