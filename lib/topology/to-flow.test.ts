import type { RouteTable, VpcPeeringConnection } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { analyzePacketPath, indexSnapshot, type LabSnapshot } from "@/lib/analysis";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { otherLabVpcIds } from "@/lib/labs/lab-vpcs";
import { DEFAULT_VPC_ID, bothLabsSnapshot, withDefaultVpc } from "./__fixtures__/labs";
import { highlightForVerdict } from "./highlight";
import { peeringLook } from "./peering";
import { endedPeeringConnections, toFlow, type ToFlowOptions } from "./to-flow";
import type { InstanceNode, LinkEdge, PeeringEdge, SubnetNode, TopologyFlow, TopologyNode } from "./types";

const closed: ToFlowOptions = { expandedVpcIds: new Set() };

function node<T extends TopologyNode = TopologyNode>(flow: TopologyFlow, id: string): T {
  const found = flow.nodes.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found as T;
}

function linkEdge(flow: TopologyFlow, id: string): LinkEdge | undefined {
  return flow.edges.find((edge): edge is LinkEdge => edge.type === "link" && edge.id === id);
}

function peering(flow: TopologyFlow): PeeringEdge {
  const edge = flow.edges.find((candidate): candidate is PeeringEdge => candidate.type === "peering");
  if (!edge) throw new Error("no peering edge");
  return edge;
}

function replaceTable(snapshot: LabSnapshot, id: string, change: (table: RouteTable) => RouteTable): LabSnapshot {
  return { ...snapshot, routeTables: snapshot.routeTables.map((table) => (table.RouteTableId === id ? change(table) : table)) };
}

describe("toFlow on Lab 1", () => {
  const flow = toFlow(lab1Snapshot(), closed);

  it("nests instances in subnets in VPCs, with resource ids as node ids", () => {
    expect(node(flow, LAB1.vpc1).type).toBe("vpc");
    expect(node(flow, LAB1.subnet1).parentId).toBe(LAB1.vpc1);
    expect(node(flow, LAB1.instance1).parentId).toBe(LAB1.subnet1);
    expect(node(flow, LAB1.instance2).parentId).toBe(LAB1.subnet2);
    expect(node(flow, LAB1.igw2).parentId).toBe(LAB1.vpc2);
    expect(node(flow, LAB1.rtb1).parentId).toBe(LAB1.vpc1);
  });

  it("lists every parent before its children", () => {
    const seen = new Set<string>();
    for (const each of flow.nodes) {
      if (each.parentId) expect(seen.has(each.parentId)).toBe(true);
      seen.add(each.id);
    }
  });

  it("leaves out main tables that nothing uses and that hold only the local route", () => {
    expect(flow.nodes.some((each) => each.id === LAB1.mainRtb1)).toBe(false);
  });

  it("shows the instance's addresses, telling an Elastic IP from an auto-assigned one", () => {
    const one = node<InstanceNode>(flow, LAB1.instance1);
    expect(one.data).toMatchObject({ state: "running", privateIp: "10.1.0.12", publicIp: LAB1.instance1ElasticIp, publicIpKind: "elastic" });
    expect(one.data.securityGroups).toEqual([{ id: LAB1.sg1, label: "lab1-vpc1-sg", tone: undefined }]);
    expect(node<InstanceNode>(flow, LAB1.instance2).data.publicIp).toBeUndefined();
    const lab2 = node<InstanceNode>(toFlow(lab2Snapshot(), closed), LAB2.instance);
    expect(lab2.data).toMatchObject({ publicIp: LAB2.instancePublicIp, publicIpKind: "public" });
  });

  it("lists each route as destination -> target, and attaches the table to its subnet", () => {
    const table = node(flow, LAB1.rtb1);
    expect(table.type === "routeTable" && table.data.routes).toEqual([
      { destination: "10.1.0.0/16", target: "local", blackhole: false },
      { destination: "0.0.0.0/0", target: LAB1.igw1, blackhole: false },
      { destination: "10.2.0.0/16", target: LAB1.pcx, blackhole: false },
    ]);
    expect(linkEdge(flow, `${LAB1.subnet1}->${LAB1.rtb1}`)?.data?.kind).toBe("association");
    expect(linkEdge(flow, `${LAB1.rtb1}->${LAB1.igw1}`)?.data?.kind).toBe("internet-route");
  });

  it("marks a route whose peering connection is gone as a blackhole", () => {
    const broken = replaceTable(lab1Snapshot(), LAB1.rtb1, (table) => ({
      ...table,
      Routes: table.Routes?.map((route) => (route.VpcPeeringConnectionId ? { ...route, State: "blackhole" as const } : route)),
    }));
    const table = node(toFlow(broken, closed), LAB1.rtb1);
    expect(table.type === "routeTable" && table.data.routes[2]).toEqual({ destination: "10.2.0.0/16", target: LAB1.pcx, blackhole: true });
  });
});

describe("public and private subnets", () => {
  const isPublic = (snapshot: LabSnapshot, subnetId: string) => node<SubnetNode>(toFlow(snapshot, closed), subnetId).data.isPublic;

  it("calls a subnet public when its table sends 0.0.0.0/0 to an internet gateway", () => {
    expect(isPublic(lab1Snapshot(), LAB1.subnet1)).toBe(true);
  });

  it("calls it private without that route, or when the route is a blackhole", () => {
    const withoutDefault = replaceTable(lab1Snapshot(), LAB1.rtb1, (table) => ({ ...table, Routes: table.Routes?.filter((route) => route.DestinationCidrBlock !== "0.0.0.0/0") }));
    expect(isPublic(withoutDefault, LAB1.subnet1)).toBe(false);
    const blackhole = replaceTable(lab1Snapshot(), LAB1.rtb1, (table) => ({
      ...table,
      Routes: table.Routes?.map((route) => (route.DestinationCidrBlock === "0.0.0.0/0" ? { ...route, State: "blackhole" as const } : route)),
    }));
    expect(isPublic(blackhole, LAB1.subnet1)).toBe(false);
  });

  it("uses the VPC's main table for a subnet without an explicit association", () => {
    const snapshot = lab1Snapshot();
    const unassociated = replaceTable(snapshot, LAB1.rtb1, (table) => ({ ...table, Associations: [] }));
    const flow = toFlow(unassociated, closed);
    expect(node<SubnetNode>(flow, LAB1.subnet1).data.isPublic).toBe(false);
    expect(linkEdge(flow, `${LAB1.subnet1}->${LAB1.mainRtb1}`)?.data?.kind).toBe("main-association");
    // The custom table is no longer used but is still drawn: the student made it.
    expect(node(flow, LAB1.rtb1).type).toBe("routeTable");
    const mainWithGateway = replaceTable(unassociated, LAB1.mainRtb1, (table) => ({
      ...table,
      Routes: [...(table.Routes ?? []), { DestinationCidrBlock: "0.0.0.0/0", GatewayId: LAB1.igw1, State: "active" }],
    }));
    expect(node<SubnetNode>(toFlow(mainWithGateway, closed), LAB1.subnet1).data.isPublic).toBe(true);
  });
});

describe("peering edges", () => {
  const withStatus = (Code: string, Message?: string): LabSnapshot => {
    const snapshot = lab1Snapshot();
    const connection: VpcPeeringConnection = { ...snapshot.peeringConnections[0], Status: { Code: Code as never, Message } };
    return { ...snapshot, peeringConnections: [connection] };
  };

  it("runs from the requester VPC to the accepter VPC, with the connection id", () => {
    const edge = peering(toFlow(lab1Snapshot(), closed));
    expect(edge).toMatchObject({ id: LAB1.pcx, source: LAB1.vpc1, target: LAB1.vpc2 });
    expect(edge.data?.label).toBe("active");
    expect(edge.data?.name).toBeUndefined();
    expect(edge.ariaLabel).toBe(`Peering connection ${LAB1.pcx} from ${LAB1.vpc1} to ${LAB1.vpc2}: active`);
  });

  it("carries the connection's Name tag, as the Build tab's list shows it", () => {
    const snapshot = lab1Snapshot();
    const named = { ...snapshot, peeringConnections: [{ ...snapshot.peeringConnections[0], Tags: [{ Key: "Name", Value: "VPC 1 <> VPC 2" }] }] };
    const edge = peering(toFlow(named, closed));
    expect(edge.data?.name).toBe("VPC 1 <> VPC 2");
    expect(edge.ariaLabel).toBe(`Peering connection VPC 1 <> VPC 2 (${LAB1.pcx}) from ${LAB1.vpc1} to ${LAB1.vpc2}: active`);
  });

  it.each([
    ["active", "Active", "active", "active"],
    ["pending-acceptance", "Pending Acceptance by 111122223333", "pending-acceptance", "pending"],
    ["provisioning", "Provisioning", "provisioning", "pending"],
  ])("%s reads %s and looks %s", (code, message, label, look) => {
    const edge = peering(toFlow(withStatus(code, message), closed));
    expect(edge.data).toMatchObject({ status: code, label });
    expect(peeringLook(edge.data?.status ?? "")).toBe(look);
  });

  it.each([
    ["failed", "Overlapping CIDR range"],
    ["rejected", "Rejected by 111122223333"],
    ["deleted", "Deleted by 111122223333"],
    ["expired", "Expired"],
  ])("a %s connection (%s) leaves the diagram for the history: no line, no peer box", (code, message) => {
    const snapshot = withStatus(code, message);
    const gone = { ...snapshot, vpcs: snapshot.vpcs.filter((vpc) => vpc.VpcId !== LAB1.vpc2) };
    const flow = toFlow(gone, closed);
    expect(flow.edges.filter((edge) => edge.type === "peering")).toEqual([]);
    expect(flow.nodes.filter((each) => each.type === "externalVpc")).toEqual([]);
    expect(endedPeeringConnections(gone.peeringConnections).map((connection) => connection.Status?.Code)).toEqual([code]);
  });

  it("draws a peer VPC this account cannot see as a small node of its own", () => {
    const snapshot = lab1Snapshot();
    const foreign = { ...snapshot, vpcs: snapshot.vpcs.filter((vpc) => vpc.VpcId !== LAB1.vpc2) };
    const flow = toFlow(foreign, closed);
    expect(node(flow, LAB1.vpc2).type).toBe("externalVpc");
    expect(peering(flow).target).toBe(LAB1.vpc2);
  });
});

describe("toFlow on Lab 2", () => {
  it("puts the gateway endpoint in the VPC and the bucket outside it, linked", () => {
    const flow = toFlow(lab2Snapshot(), closed);
    const endpoint = node(flow, LAB2.vpce);
    expect(endpoint.parentId).toBe(LAB2.vpc);
    expect(endpoint.type === "endpoint" && endpoint.data.serviceName).toBe("com.amazonaws.us-east-1.s3");
    expect(node(flow, LAB2.bucket).parentId).toBeUndefined();
    expect(linkEdge(flow, `${LAB2.vpce}->${LAB2.bucket}`)?.data?.kind).toBe("endpoint-service");
  });

  it("draws the route table -> endpoint edge only while the endpoint route exists", () => {
    const id = `${LAB2.rtb}->${LAB2.vpce}`;
    expect(linkEdge(toFlow(lab2Snapshot(), closed), id)?.data?.kind).toBe("endpoint-route");
    const withoutRoute = replaceTable(lab2Snapshot(), LAB2.rtb, (table) => ({ ...table, Routes: table.Routes?.filter((route) => !route.DestinationPrefixListId) }));
    expect(linkEdge(toFlow(withoutRoute, closed), id)).toBeUndefined();
  });

  it("says so when the bucket policy could not be read", () => {
    const snapshot = lab2Snapshot();
    const denied = { ...snapshot, buckets: [{ ...snapshot.buckets[0], policy: undefined, policyError: "AccessDenied" }] };
    const bucket = node(toFlow(denied, closed), LAB2.bucket);
    expect(bucket.type === "bucket" && bucket.data).toMatchObject({ policyError: "AccessDenied", hasPolicy: false });
  });
});

describe("the default VPC", () => {
  const snapshot = withDefaultVpc(lab1Snapshot());

  it("is one compact node with counts unless opened", () => {
    const flow = toFlow(snapshot, closed);
    const collapsed = node(flow, DEFAULT_VPC_ID);
    expect(collapsed.type).toBe("collapsedVpc");
    expect(collapsed.type === "collapsedVpc" && collapsed.data).toMatchObject({ name: "Default VPC", cidr: "172.31.0.0/16", subnetCount: 3, instanceCount: 0 });
    expect(flow.nodes.filter((each) => each.parentId === DEFAULT_VPC_ID)).toEqual([]);
  });

  it("shows its subnets and gateway once opened", () => {
    const flow = toFlow(snapshot, { expandedVpcIds: new Set([DEFAULT_VPC_ID]) });
    expect(node(flow, DEFAULT_VPC_ID).type).toBe("vpc");
    const inside = flow.nodes.filter((each) => each.parentId === DEFAULT_VPC_ID).map((each) => each.type);
    expect(inside.filter((type) => type === "subnet")).toHaveLength(3);
    expect(inside).toContain("internetGateway");
  });

  it("comes after the lab VPCs, which come in CIDR order", () => {
    const order = toFlow(bothLabsSnapshot(), closed).nodes.filter((each) => !each.parentId).map((each) => each.id);
    expect(order.indexOf(LAB2.vpc)).toBeLessThan(order.indexOf(LAB1.vpc1));
    expect(order.indexOf(LAB1.vpc1)).toBeLessThan(order.indexOf(LAB1.vpc2));
    expect(order.indexOf(LAB1.vpc2)).toBeLessThan(order.indexOf(DEFAULT_VPC_ID));
  });
});

describe("highlights", () => {
  const broken = (): LabSnapshot => {
    const snapshot = lab1Snapshot();
    return { ...snapshot, securityGroups: snapshot.securityGroups.map((group) => (group.GroupId === LAB1.sg2 ? { ...group, IpPermissions: [] } : group)) };
  };
  const ping = { from: { instanceId: LAB1.instance1 }, to: { address: LAB1.instance2PrivateIp }, protocol: "icmp" as const };

  it("paints a working ping path green, edges included", () => {
    const verdict = analyzePacketPath(indexSnapshot(lab1Snapshot()), ping);
    const highlight = highlightForVerdict(verdict);
    expect(highlight.tone).toBe("ok");
    const flow = toFlow(lab1Snapshot(), { ...closed, highlight });
    expect(node(flow, LAB1.rtb1).data.tone).toBe("ok");
    expect(node<InstanceNode>(flow, LAB1.instance2).data.securityGroups[0].tone).toBe("ok");
    expect(node<SubnetNode>(flow, LAB1.subnet1).data.networkAcl?.tone).toBe("ok");
    expect(peering(flow).data?.tone).toBe("ok");
    expect(linkEdge(flow, `${LAB1.subnet1}->${LAB1.rtb1}`)?.data?.tone).toBe("ok");
    expect(linkEdge(flow, `${LAB1.rtb1}->${LAB1.igw1}`)?.data?.tone).toBeUndefined();
  });

  it("paints only the blocking security group red when the ping fails", () => {
    const verdict = analyzePacketPath(indexSnapshot(broken()), ping);
    const highlight = highlightForVerdict(verdict);
    expect(highlight).toEqual({ ids: [LAB1.sg2], tone: "blocked" });
    const flow = toFlow(broken(), { ...closed, highlight });
    expect(node<InstanceNode>(flow, LAB1.instance2).data.securityGroups[0].tone).toBe("blocked");
    expect(flow.nodes.filter((each) => each.data.tone)).toEqual([]);
    expect(peering(flow).data?.tone).toBeUndefined();
  });

  it("paints a collapsed default VPC with the strongest tone of what it hides", () => {
    const snapshot = withDefaultVpc(lab1Snapshot());
    const hiddenSubnet = snapshot.subnets.find((subnet) => subnet.VpcId === DEFAULT_VPC_ID)?.SubnetId ?? "";
    const flow = toFlow(snapshot, { ...closed, highlight: { ids: [hiddenSubnet], tone: "blocked" } });
    expect(node(flow, DEFAULT_VPC_ID).data.tone).toBe("blocked");
  });

  it("marks changed resources, including a changed security group on its instance", () => {
    const flow = toFlow(lab1Snapshot(), { ...closed, changedIds: [LAB1.rtb1, LAB1.sg2] });
    expect(node(flow, LAB1.rtb1).data.changed).toBe(true);
    expect(node(flow, LAB1.instance2).data.changed).toBe(true);
    expect(node(flow, LAB1.instance1).data.changed).toBe(false);
    const asHighlight = toFlow(lab1Snapshot(), { ...closed, highlight: { ids: [LAB1.vpc2], tone: "changed" } });
    expect(node(asHighlight, LAB1.vpc2).data).toMatchObject({ changed: true, tone: undefined });
  });
});

describe("each lab framed on its own resources", () => {
  it("draws Lab 1's VPCs collapsed on Lab 2's diagram, without their peering line across Lab 2's VPC", () => {
    const snapshot = bothLabsSnapshot();
    const flow = toFlow(snapshot, { ...closed, otherLabVpcIds: otherLabVpcIds(snapshot, "vpc-endpoints") });
    expect(node(flow, LAB1.vpc1).type).toBe("collapsedVpc");
    expect(node(flow, LAB1.vpc2).type).toBe("collapsedVpc");
    expect(node(flow, LAB2.vpc).type).toBe("vpc");
    expect(flow.nodes.some((each) => each.id === LAB1.instance1)).toBe(false);
    expect(flow.edges.filter((edge) => edge.type === "peering")).toEqual([]);
  });

  it("draws Lab 2's VPC collapsed on Lab 1's diagram, and Lab 1's peering in full", () => {
    const snapshot = bothLabsSnapshot();
    const flow = toFlow(snapshot, { ...closed, otherLabVpcIds: otherLabVpcIds(snapshot, "vpc-peering") });
    expect(node(flow, LAB2.vpc).type).toBe("collapsedVpc");
    expect(node(flow, LAB1.vpc1).type).toBe("vpc");
    expect(peering(flow)).toMatchObject({ source: LAB1.vpc1, target: LAB1.vpc2 });
  });

  it("opens another lab's VPC when the student expands it", () => {
    const snapshot = bothLabsSnapshot();
    const flow = toFlow(snapshot, { expandedVpcIds: new Set([LAB1.vpc1]), otherLabVpcIds: otherLabVpcIds(snapshot, "vpc-endpoints") });
    expect(node(flow, LAB1.vpc1).type).toBe("vpc");
  });
});
