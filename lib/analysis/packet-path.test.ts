import { describe, expect, it } from "vitest";
import { EIC_RANGE_US_EAST_1, LAB1, lab1Snapshot } from "./fixtures";
import { analyzeInstanceConnect, NO_PUBLIC_IPV4_MESSAGE } from "./instance-connect";
import { analyzePacketPath } from "./packet-path";
import { indexSnapshot, type LabSnapshot } from "./lab-snapshot";
import type { PacketVerdict } from "./types";

function lab1With(change: (snapshot: LabSnapshot) => void): LabSnapshot {
  const snapshot = lab1Snapshot();
  change(snapshot);
  return snapshot;
}

function ping(snapshot: LabSnapshot, address: string = LAB1.instance2PrivateIp): PacketVerdict {
  return analyzePacketPath(indexSnapshot(snapshot), { from: { instanceId: LAB1.instance1 }, to: { address }, protocol: "icmp" });
}

const byId = <T>(items: T[], key: keyof T, id: string): T => {
  const found = items.find((item) => item[key] === id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
};

function removeRoute(snapshot: LabSnapshot, tableId: string, destination: string): void {
  const table = byId(snapshot.routeTables, "RouteTableId", tableId);
  table.Routes = table.Routes?.filter((route) => route.DestinationCidrBlock !== destination);
}

function expectBlocked(verdict: PacketVerdict, expected: { code: string; componentId: string; direction: "forward" | "return"; message: string; fix: string }) {
  expect(verdict.reachable).toBe(false);
  expect(verdict.explanation).toEqual({ code: expected.code, message: expected.message, fix: expected.fix });
  expect(verdict.blockedAt).toMatchObject({ componentId: expected.componentId, direction: expected.direction, verdict: "deny" });
  expect(verdict.hops.at(-1)).toBe(verdict.blockedAt);
}

describe("Lab 1 ping from instance 1 to instance 2", () => {
  it("is reachable once everything is in place, crossing the peering connection both ways", () => {
    const verdict = ping(lab1Snapshot());
    expect(verdict.reachable).toBe(true);
    expect(verdict.explanation).toBeUndefined();
    expect(verdict.hops.map((hop) => `${hop.direction} ${hop.componentId}`)).toEqual([
      `forward ${LAB1.instance1}`,
      `forward ${LAB1.sg1}`,
      `forward ${LAB1.acl1}`,
      `forward ${LAB1.rtb1}`,
      `forward ${LAB1.pcx}`,
      `forward ${LAB1.acl2}`,
      `forward ${LAB1.sg2}`,
      `forward ${LAB1.instance2}`,
      `return ${LAB1.sg2}`,
      `return ${LAB1.acl2}`,
      `return ${LAB1.rtb2}`,
      `return ${LAB1.pcx}`,
      `return ${LAB1.acl1}`,
      `return ${LAB1.sg1}`,
      `return ${LAB1.instance1}`,
    ]);
    expect(verdict.hops[3].detail).toBe(`route 10.2.0.0/16 -> ${LAB1.pcx}`);
    expect(verdict.hops[6].detail).toBe("inbound rule all ICMP from 10.1.0.0/16");
  });

  it("is blocked by instance 2's security group until it allows ICMP (Step 7's surprise)", () => {
    const snapshot = lab1With((s) => {
      byId(s.securityGroups, "GroupId", LAB1.sg2).IpPermissions = [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: EIC_RANGE_US_EAST_1 }] }];
    });
    expectBlocked(ping(snapshot), {
      code: "ENI_SG_RULES_MISMATCH",
      componentId: LAB1.sg2,
      direction: "forward",
      message: `Security group ${LAB1.sg2} has no inbound rule allowing ICMP from 10.1.0.0/16.`,
      fix: `Add an inbound rule to ${LAB1.sg2} allowing ICMP from 10.1.0.0/16.`,
    });
  });

  it("needs VPC 1's route to VPC 2", () => {
    expectBlocked(ping(lab1With((s) => removeRoute(s, LAB1.rtb1, "10.2.0.0/16"))), {
      code: "NO_ROUTE_TO_DESTINATION",
      componentId: LAB1.rtb1,
      direction: "forward",
      message: `Route table ${LAB1.rtb1} has no route to 10.2.0.25; its 0.0.0.0/0 -> ${LAB1.igw1} route cannot carry a private address.`,
      fix: `Add a route 10.2.0.0/16 -> ${LAB1.pcx} to route table ${LAB1.rtb1}.`,
    });
  });

  it("needs VPC 2's route back to VPC 1 for the reply", () => {
    expectBlocked(ping(lab1With((s) => removeRoute(s, LAB1.rtb2, "10.1.0.0/16"))), {
      code: "NO_ROUTE_TO_DESTINATION",
      componentId: LAB1.rtb2,
      direction: "return",
      message: `Route table ${LAB1.rtb2} has no route back to 10.1.0.12; its 0.0.0.0/0 -> ${LAB1.igw2} route cannot carry a private address.`,
      fix: `Add a route 10.1.0.0/16 -> ${LAB1.pcx} to route table ${LAB1.rtb2}.`,
    });
  });

  it("suggests peering first when no peering connection joins the VPCs", () => {
    const snapshot = lab1With((s) => {
      s.peeringConnections = [];
      removeRoute(s, LAB1.rtb1, "10.2.0.0/16");
    });
    expect(ping(snapshot).explanation?.fix).toBe(`Peer ${LAB1.vpc1} with ${LAB1.vpc2}, then add a route 10.2.0.0/16 -> that peering connection to route table ${LAB1.rtb1}.`);
  });

  it("is blocked while the peering connection awaits acceptance", () => {
    const snapshot = lab1With((s) => (s.peeringConnections[0].Status = { Code: "pending-acceptance", Message: `Pending Acceptance by ${s.accountId}` }));
    expectBlocked(ping(snapshot), {
      code: "BAD_STATE",
      componentId: LAB1.pcx,
      direction: "forward",
      message: `Peering connection ${LAB1.pcx} is pending-acceptance (Pending Acceptance by 111122223333), not active.`,
      fix: `Accept peering connection ${LAB1.pcx}.`,
    });
  });

  it("is blocked when the peering failed on overlapping CIDRs", () => {
    const snapshot = lab1With((s) => (s.peeringConnections[0].Status = { Code: "failed", Message: "Overlapping CIDR range" }));
    expectBlocked(ping(snapshot), {
      code: "BAD_STATE",
      componentId: LAB1.pcx,
      direction: "forward",
      message: `Peering connection ${LAB1.pcx} is failed (Overlapping CIDR range), not active.`,
      // Not "delete it": AWS refuses to delete a failed connection (InvalidStateTransition).
      fix: `Peer two VPCs whose CIDR blocks do not overlap and point the route at the new connection (${LAB1.pcx} cannot be deleted: AWS removes a failed connection after two hours).`,
    });
  });

  it("is blocked when the route's peering connection was deleted (blackhole)", () => {
    const snapshot = lab1With((s) => {
      s.peeringConnections[0].Status = { Code: "deleted", Message: "Deleted by 111122223333" };
      const route = byId(s.routeTables, "RouteTableId", LAB1.rtb1).Routes?.find((r) => r.VpcPeeringConnectionId);
      if (route) route.State = "blackhole";
    });
    expectBlocked(ping(snapshot), {
      code: "BAD_STATE_ROUTE",
      componentId: LAB1.rtb1,
      direction: "forward",
      message: `Route 10.2.0.0/16 -> ${LAB1.pcx} in ${LAB1.rtb1} is a blackhole: its target no longer works.`,
      fix: `Replace the target of route 10.2.0.0/16 in ${LAB1.rtb1} with a working peering connection or gateway.`,
    });
  });

  it("refuses destinations outside the peer VPC's CIDR", () => {
    const snapshot = lab1With((s) => {
      const route = byId(s.routeTables, "RouteTableId", LAB1.rtb1).Routes?.find((r) => r.VpcPeeringConnectionId);
      if (route) route.DestinationCidrBlock = "10.0.0.0/8";
    });
    expectBlocked(ping(snapshot, "10.3.0.7"), {
      code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
      componentId: LAB1.pcx,
      direction: "forward",
      message: `Peering connection ${LAB1.pcx} only carries traffic for ${LAB1.vpc2} (10.2.0.0/16); 10.3.0.7 is outside it.`,
      fix: "Send traffic for 10.3.0.7 to a connection that reaches it, or narrow the route to 10.2.0.0/16.",
    });
  });

  it("is blocked by a network ACL deny on the way in", () => {
    const snapshot = lab1With((s) => {
      byId(s.networkAcls, "NetworkAclId", LAB1.acl2).Entries?.push({ RuleNumber: 90, Protocol: "1", RuleAction: "deny", Egress: false, CidrBlock: "10.1.0.0/16", IcmpTypeCode: { Type: -1, Code: -1 } });
    });
    expectBlocked(ping(snapshot), {
      code: "SUBNET_ACL_RESTRICTION",
      componentId: LAB1.acl2,
      direction: "forward",
      message: `Network ACL ${LAB1.acl2} denies inbound ICMP from 10.1.0.0/16 by rule 90.`,
      fix: `Add an inbound rule numbered below 90 to ${LAB1.acl2} allowing ICMP from 10.1.0.0/16.`,
    });
  });

  it("is blocked by a network ACL deny on the way out of VPC 1", () => {
    const snapshot = lab1With((s) => {
      byId(s.networkAcls, "NetworkAclId", LAB1.acl1).Entries?.push({ RuleNumber: 50, Protocol: "-1", RuleAction: "deny", Egress: true, CidrBlock: "10.2.0.0/16" });
    });
    expectBlocked(ping(snapshot), {
      code: "SUBNET_ACL_RESTRICTION",
      componentId: LAB1.acl1,
      direction: "forward",
      message: `Network ACL ${LAB1.acl1} denies outbound ICMP to 10.2.0.0/16 by rule 50.`,
      fix: `Add an outbound rule numbered below 50 to ${LAB1.acl1} allowing ICMP to 10.2.0.0/16.`,
    });
  });

  it("is blocked when the reply is not allowed out, because network ACLs are stateless", () => {
    const snapshot = lab1With((s) => {
      const acl = byId(s.networkAcls, "NetworkAclId", LAB1.acl2);
      acl.Entries = acl.Entries?.filter((entry) => !(entry.Egress && entry.RuleNumber === 100));
    });
    expectBlocked(ping(snapshot), {
      code: "SUBNET_ACL_RESTRICTION",
      componentId: LAB1.acl2,
      direction: "return",
      message: `Network ACL ${LAB1.acl2} denies outbound reply ICMP to 10.1.0.0/16 by its final deny rule (*); network ACLs are stateless, so replies need their own rule.`,
      fix: `Add an outbound rule to ${LAB1.acl2} allowing reply ICMP to 10.1.0.0/16.`,
    });
  });

  it("is blocked when instance 2 is stopped", () => {
    const snapshot = lab1With((s) => (byId(s.instances, "InstanceId", LAB1.instance2).State = { Code: 80, Name: "stopped" }));
    expectBlocked(ping(snapshot), {
      code: "BAD_STATE",
      componentId: LAB1.instance2,
      direction: "forward",
      message: `Instance ${LAB1.instance2} is stopped, so it neither sends nor answers packets.`,
      fix: `Start instance ${LAB1.instance2}.`,
    });
  });

  it("is blocked at the first hop when instance 1 is stopped", () => {
    const snapshot = lab1With((s) => (byId(s.instances, "InstanceId", LAB1.instance1).State = { Code: 80, Name: "stopped" }));
    const verdict = ping(snapshot);
    expect(verdict.hops).toHaveLength(1);
    expect(verdict.blockedAt?.componentId).toBe(LAB1.instance1);
    expect(verdict.explanation?.code).toBe("BAD_STATE");
  });

  it("names the VPC when nothing answers at the address", () => {
    expectBlocked(ping(lab1Snapshot(), "10.2.0.99"), {
      code: "NO_POSSIBLE_DESTINATION",
      componentId: LAB1.vpc2,
      direction: "forward",
      message: `No running network interface in ${LAB1.vpc2} has the address 10.2.0.99.`,
      fix: `Use the private IPv4 address of an instance in ${LAB1.vpc2}.`,
    });
  });
});

describe("other packet paths", () => {
  it("skips network ACLs between instances of the same subnet", () => {
    const snapshot = lab1With((s) => {
      s.instances.push({ ...byId(s.instances, "InstanceId", LAB1.instance1), InstanceId: "i-0a1b2c3d4e5f60099", PrivateIpAddress: "10.1.0.40", PublicIpAddress: undefined });
      const acl = byId(s.networkAcls, "NetworkAclId", LAB1.acl1);
      acl.Entries = acl.Entries?.filter((entry) => entry.RuleAction === "deny");
      byId(s.securityGroups, "GroupId", LAB1.sg1).IpPermissions?.push({ IpProtocol: "icmp", FromPort: 8, ToPort: -1, UserIdGroupPairs: [{ GroupId: LAB1.sg1 }] });
    });
    const verdict = analyzePacketPath(indexSnapshot(snapshot), { from: { instanceId: LAB1.instance1 }, to: { instanceId: "i-0a1b2c3d4e5f60099" }, protocol: "icmp" });
    expect(verdict.reachable).toBe(true);
    expect(verdict.hops.some((hop) => hop.componentType === "network-acl")).toBe(false);
    expect(verdict.hops[3].detail).toBe(`inbound rule ICMP type 8 from ${LAB1.sg1}`);
  });

  it("needs a public address to reach the internet", () => {
    const verdict = analyzePacketPath(indexSnapshot(lab1Snapshot()), { from: { instanceId: LAB1.instance2 }, to: { address: "8.8.8.8" }, protocol: "icmp" });
    expectBlocked(verdict, {
      code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
      componentId: LAB1.igw2,
      direction: "forward",
      message: `Instance ${LAB1.instance2} has no public IPv4 address, so ${LAB1.igw2} cannot carry its traffic to the internet.`,
      fix: `Allocate an Elastic IP address and associate it with instance ${LAB1.instance2}.`,
    });
  });

  it("reaches the internet and back through the Elastic IP", () => {
    const verdict = analyzePacketPath(indexSnapshot(lab1Snapshot()), { from: { instanceId: LAB1.instance1 }, to: { address: "93.184.215.14" }, protocol: "tcp", port: 443 });
    expect(verdict.reachable).toBe(true);
    expect(verdict.hops.filter((hop) => hop.componentType === "internet-gateway").map((hop) => hop.detail)).toEqual([
      `translates 10.1.0.12 to ${LAB1.instance1ElasticIp}`,
      `translates ${LAB1.instance1ElasticIp} to 10.1.0.12`,
    ]);
  });

  it("rejects a TCP question without a port and an unknown instance", () => {
    const index = indexSnapshot(lab1Snapshot());
    expect(() => analyzePacketPath(index, { from: { instanceId: LAB1.instance1 }, to: { instanceId: LAB1.instance2 }, protocol: "tcp" })).toThrow("needs a port");
    expect(() => analyzePacketPath(index, { from: { instanceId: "i-000" }, to: { instanceId: LAB1.instance2 }, protocol: "icmp" })).toThrow("i-000");
  });
});

describe("Lab 1 EC2 Instance Connect to instance 1", () => {
  const connect = (snapshot: LabSnapshot) => analyzeInstanceConnect(indexSnapshot(snapshot), LAB1.instance1, "us-east-1");

  it("opens with an Elastic IP, an internet route and SSH allowed from the Instance Connect range", () => {
    const verdict = connect(lab1Snapshot());
    expect(verdict.reachable).toBe(true);
    expect(verdict.refusal).toBeUndefined();
    expect(verdict.hops[0]).toMatchObject({ componentId: "18.206.107.24", componentType: "address" });
  });

  it("refuses without a public IPv4 address, in the AWS console's words", () => {
    const snapshot = lab1With((s) => {
      s.addresses = [];
      byId(s.instances, "InstanceId", LAB1.instance1).PublicIpAddress = undefined;
    });
    const verdict = connect(snapshot);
    expect(verdict.refusal).toEqual({ reason: "no-public-ip", message: NO_PUBLIC_IPV4_MESSAGE });
    expect(NO_PUBLIC_IPV4_MESSAGE).toBe("No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect.");
    expectBlocked(verdict, {
      code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
      componentId: LAB1.igw1,
      direction: "forward",
      message: `Instance ${LAB1.instance1} has no public IPv4 address, so nothing on the internet can reach it.`,
      fix: `Allocate an Elastic IP address and associate it with instance ${LAB1.instance1}.`,
    });
  });

  it("finds the public address through DescribeAddresses when the instance record lacks it", () => {
    const snapshot = lab1With((s) => (byId(s.instances, "InstanceId", LAB1.instance1).PublicIpAddress = undefined));
    expect(connect(snapshot).reachable).toBe(true);
  });

  it("refuses when the subnet does not route 0.0.0.0/0 to the internet gateway", () => {
    const verdict = connect(lab1With((s) => removeRoute(s, LAB1.rtb1, "0.0.0.0/0")));
    expect(verdict.refusal?.reason).toBe("no-route-to-internet-gateway");
    expectBlocked(verdict, {
      code: "NO_ROUTE_TO_DESTINATION",
      componentId: LAB1.rtb1,
      direction: "return",
      message: `Route table ${LAB1.rtb1} has no route back to 18.206.107.24, so the reply is dropped.`,
      fix: `Add a route 0.0.0.0/0 -> ${LAB1.igw1} to route table ${LAB1.rtb1}.`,
    });
  });

  it("refuses when the security group does not allow TCP 22 from the Instance Connect range", () => {
    const verdict = connect(lab1With((s) => (byId(s.securityGroups, "GroupId", LAB1.sg1).IpPermissions = [])));
    expect(verdict.refusal).toEqual({
      reason: "security-group",
      message: `The instance's security group ${LAB1.sg1} does not allow SSH (TCP port 22) from EC2 Instance Connect (18.206.107.24/29).`,
    });
    expectBlocked(verdict, {
      code: "ENI_SG_RULES_MISMATCH",
      componentId: LAB1.sg1,
      direction: "forward",
      message: `Security group ${LAB1.sg1} has no inbound rule allowing TCP port 22 from 18.206.107.24/29.`,
      fix: `Add an inbound rule to ${LAB1.sg1} allowing TCP port 22 from 18.206.107.24/29.`,
    });
  });

  it("accepts SSH allowed from anywhere", () => {
    const snapshot = lab1With((s) => {
      byId(s.securityGroups, "GroupId", LAB1.sg1).IpPermissions = [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }];
    });
    expect(connect(snapshot).reachable).toBe(true);
  });

  it("refuses when no internet gateway is attached", () => {
    const verdict = connect(lab1With((s) => (byId(s.internetGateways, "InternetGatewayId", LAB1.igw1).Attachments = [])));
    expect(verdict.refusal?.reason).toBe("no-internet-gateway");
    expectBlocked(verdict, {
      code: "BAD_STATE_ATTACHMENT",
      componentId: LAB1.vpc1,
      direction: "forward",
      message: `No internet gateway is attached to ${LAB1.vpc1}, so traffic from the internet cannot enter it.`,
      fix: `Create an internet gateway and attach it to ${LAB1.vpc1}.`,
    });
  });

  it("refuses when the instance is stopped", () => {
    const verdict = connect(lab1With((s) => (byId(s.instances, "InstanceId", LAB1.instance1).State = { Code: 80, Name: "stopped" })));
    expect(verdict.refusal?.reason).toBe("instance-not-running");
    expect(verdict.blockedAt?.componentId).toBe(LAB1.instance1);
  });

  it("knows no range for an unknown region", () => {
    expect(() => analyzeInstanceConnect(indexSnapshot(lab1Snapshot()), LAB1.instance1, "xx-nowhere-1")).toThrow("xx-nowhere-1");
  });
});

describe("a VPC with a secondary IPv4 block (AssociateVpcCidrBlock)", () => {
  /** Instance 2 sits in a subnet of VPC 2's secondary block 10.3.0.0/16, which the peering lists and both tables route. */
  function lab1WithSecondaryBlock(): LabSnapshot {
    const moved = JSON.parse(JSON.stringify(lab1Snapshot()).replaceAll("10.2.0.25", "10.3.0.25").replaceAll("10.2.0.0/24", "10.3.0.0/24")) as LabSnapshot;
    const vpc2 = byId(moved.vpcs, "VpcId", LAB1.vpc2);
    vpc2.CidrBlockAssociationSet = [...(vpc2.CidrBlockAssociationSet ?? []), { AssociationId: "vpc-cidr-assoc-0secondary", CidrBlock: "10.3.0.0/16", CidrBlockState: { State: "associated" } }];
    moved.peeringConnections[0].AccepterVpcInfo!.CidrBlockSet = [{ CidrBlock: "10.2.0.0/16" }, { CidrBlock: "10.3.0.0/16" }];
    byId(moved.routeTables, "RouteTableId", LAB1.rtb1).Routes!.push({ DestinationCidrBlock: "10.3.0.0/16", VpcPeeringConnectionId: LAB1.pcx, Origin: "CreateRoute", State: "active" });
    byId(moved.routeTables, "RouteTableId", LAB1.rtb2).Routes!.splice(1, 0, { DestinationCidrBlock: "10.3.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" });
    return moved;
  }

  it("reaches an instance in the secondary block across the peering, which carries every listed block", () => {
    const verdict = ping(lab1WithSecondaryBlock(), "10.3.0.25");
    expect(verdict.reachable).toBe(true);
    expect(verdict.hops.map((hop) => hop.componentId)).toContain(LAB1.pcx);
  });

  it("stops at the peering connection when the peer's block list lacks the secondary block", () => {
    const snapshot = lab1WithSecondaryBlock();
    snapshot.peeringConnections[0].AccepterVpcInfo!.CidrBlockSet = [{ CidrBlock: "10.2.0.0/16" }];
    const verdict = ping(snapshot, "10.3.0.25");
    expect(verdict.reachable).toBe(false);
    expect(verdict.blockedAt).toMatchObject({ componentId: LAB1.pcx, verdict: "deny" });
  });
});
