import type { Instance } from "@aws-sdk/client-ec2";
import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { generateTopology } from "@/lib/analysis/generate";
import { bothLabsSnapshot, DEFAULT_VPC_ID, generatedSnapshot, withEmptyVpc } from "./__fixtures__/labs";
import { labFraming } from "./framing";
import { type Box, type Layout, layoutFlow, layoutSignature, peeringHandles, vpcInteriorsGraph } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";
import type { TopologyFlow } from "./types";

const metrics = metricsFor(false);
const flowOf = (snapshot: LabSnapshot) => toFlow(snapshot, { expandedVpcIds: new Set() });
const layOut = (snapshot: LabSnapshot) => layoutFlow(flowOf(snapshot), metrics);

function descendantsOf(flow: TopologyFlow, rootId: string): string[] {
  const ids = [rootId];
  for (const node of flow.nodes) if (node.parentId && ids.includes(node.parentId)) ids.push(node.id);
  return ids;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function addInstance(snapshot: LabSnapshot): LabSnapshot {
  const extra: Instance = {
    InstanceId: "i-0f9e8d7c6b5a40099",
    VpcId: LAB1.vpc2,
    SubnetId: LAB1.subnet2,
    PrivateIpAddress: "10.2.0.40",
    State: { Code: 16, Name: "running" },
    SecurityGroups: [{ GroupId: LAB1.sg2, GroupName: "lab1-vpc2-sg" }],
  };
  return { ...snapshot, instances: [...snapshot.instances, extra] };
}

describe("layoutFlow", () => {
  it("places every node, siblings never overlapping", async () => {
    const flow = flowOf(bothLabsSnapshot());
    const layout = await layoutFlow(flow, metrics);
    expect(flow.nodes.every((node) => layout.has(node.id))).toBe(true);
    const parents = new Set(flow.nodes.map((node) => node.parentId));
    for (const parent of parents) {
      const siblings = flow.nodes.filter((node) => node.parentId === parent);
      for (const [index, a] of siblings.entries()) {
        for (const b of siblings.slice(index + 1)) expect(overlaps(layout.get(a.id) as Box, layout.get(b.id) as Box), `${a.id} / ${b.id}`).toBe(false);
      }
    }
  });

  it("keeps subnets and instances inside their parents", async () => {
    const flow = flowOf(lab1Snapshot());
    const layout = await layoutFlow(flow, metrics);
    for (const node of flow.nodes.filter((each) => each.type === "subnet" || each.type === "instance")) {
      const box = layout.get(node.id) as Box;
      const parent = layout.get(node.parentId ?? "") as Box;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(parent.width);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.height);
    }
  });

  it("puts the internet gateway on the VPC's top edge and the endpoint on its right edge", async () => {
    const layout = await layOut(lab2Snapshot());
    const vpc = layout.get(LAB2.vpc) as Box;
    const gateway = layout.get(LAB2.igw) as Box;
    const endpoint = layout.get(LAB2.vpce) as Box;
    expect(gateway.y + gateway.height / 2).toBe(0);
    expect(endpoint.x + endpoint.width / 2).toBe(vpc.width);
    // The route to the gateway is drawn down from its middle: left of the endpoint, by a gap (it ran along the endpoint's edge).
    expect(gateway.x + gateway.width / 2).toBeLessThanOrEqual(endpoint.x - metrics.gap);
    expect(gateway.x).toBeGreaterThanOrEqual(metrics.vpcPadding.side);
    const bucket = layout.get(LAB2.bucket) as Box;
    expect(bucket.x).toBeGreaterThan(vpc.x + vpc.width + endpoint.width / 2);
  });

  it("does not move anything in VPC 1 when an instance is added to VPC 2, and removing it restores every position", async () => {
    const before = await layOut(lab1Snapshot());
    const grown = await layOut(addInstance(lab1Snapshot()));
    for (const id of descendantsOf(flowOf(lab1Snapshot()), LAB1.vpc1)) expect(grown.get(id), id).toEqual(before.get(id));
    expect((grown.get(LAB1.subnet2) as Box).width).toBeGreaterThan((before.get(LAB1.subnet2) as Box).width);
    const restored = await layOut(lab1Snapshot());
    expect(restored).toEqual(before);
  });

  it("does not move earlier VPCs when a later one grows in a large topology", async () => {
    const snapshot = generatedSnapshot(300);
    const before = await layOut(snapshot);
    const lastVpc = snapshot.vpcs.at(-1)?.VpcId ?? "";
    const lastSubnet = snapshot.subnets.at(-1)?.SubnetId ?? "";
    const grownSnapshot = { ...snapshot, instances: [...snapshot.instances, { InstanceId: "i-0ffffffffffffffff", VpcId: lastVpc, SubnetId: lastSubnet, State: { Code: 16, Name: "running" as const } }] };
    const grown = await layOut(grownSnapshot);
    const unchanged = (layout: Layout, id: string) => expect(grown.get(id), id).toEqual(layout.get(id));
    for (const vpc of snapshot.vpcs.slice(0, -1)) unchanged(before, vpc.VpcId ?? "");
  });
});

describe("layoutFlow on a lab's page", () => {
  const account = () => bothLabsSnapshot();
  const onPage = (labId: string, presenter: boolean) =>
    layoutFlow(toFlow(account(), { expandedVpcIds: new Set(), presenter, ...labFraming(account(), labId) }), metricsFor(presenter));
  const box = (layout: Layout, id: string) => layout.get(id) as Box;
  const bottom = (of: Box) => of.y + of.height;

  // Presenter mode frames the lab's own boxes: side by side they fill a projector's wide screen.
  it.each([false, true])("puts Lab 1's two VPCs side by side, the other lab's and the default VPC below (presenter %s)", async (presenter) => {
    const layout = await onPage("vpc-peering", presenter);
    expect(box(layout, LAB1.vpc2).y).toBe(box(layout, LAB1.vpc1).y);
    expect(box(layout, LAB1.vpc2).x).toBeGreaterThan(box(layout, LAB1.vpc1).x);
    for (const aside of [LAB2.vpc, DEFAULT_VPC_ID]) expect(box(layout, aside).y, aside).toBeGreaterThan(bottom(box(layout, LAB1.vpc1)));
  });

  it.each([false, true])("puts Lab 2's bucket beside its VPC, before Lab 1's VPCs (presenter %s)", async (presenter) => {
    const layout = await onPage("vpc-endpoints", presenter);
    expect(box(layout, LAB2.bucket).y).toBeLessThan(bottom(box(layout, LAB2.vpc)));
    for (const aside of [LAB1.vpc1, LAB1.vpc2, DEFAULT_VPC_ID]) expect(box(layout, aside).y, aside).toBeGreaterThanOrEqual(box(layout, LAB2.bucket).y);
  });

  it("keeps Lab 2's bucket beside its VPC when another bucket sorts first by name", async () => {
    const other = "another-bucket";
    const snapshot = { ...account(), buckets: [{ name: other, ownerAccountId: account().accountId }, ...account().buckets] };
    const layout = await layoutFlow(toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, "vpc-endpoints") }), metrics);
    expect(box(layout, LAB2.bucket).y).toBeLessThan(bottom(box(layout, LAB2.vpc)));
    expect(box(layout, other).y).toBeGreaterThanOrEqual(box(layout, LAB2.bucket).y);
  });

  it("keeps an opened VPC of the other lab where it was", async () => {
    const framing = labFraming(account(), "vpc-peering");
    const closed = await layoutFlow(toFlow(account(), { expandedVpcIds: new Set(), ...framing }), metrics);
    const opened = await layoutFlow(toFlow(account(), { expandedVpcIds: new Set([LAB2.vpc]), ...framing }), metrics);
    for (const id of [LAB1.vpc1, LAB1.vpc2]) expect(opened.get(id), id).toEqual(closed.get(id));
    expect(box(opened, LAB2.vpc).y).toBeGreaterThan(bottom(box(opened, LAB1.vpc1)));
  });
});

/** Every box ELK placed inside the VPCs, relative to its parent, as layoutFlow reports boxes. */
function elkBoxes(graph: ElkNode, into = new Map<string, Box>()): Map<string, Box> {
  for (const child of graph.children ?? []) {
    into.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
    elkBoxes(child, into);
  }
  return into;
}

describe("layoutFlow without ELK", () => {
  const variants: Array<[string, LabSnapshot]> = [
    ["both labs", bothLabsSnapshot()],
    ["a 500-node topology", generatedSnapshot(500)],
    ...[0, 1, 2, 3, 5, 8].map((instancesPerVpc): [string, LabSnapshot] => [
      `VPCs of ${instancesPerVpc} instances`,
      generateTopology({ vpcs: 3, instancesPerVpc, extraPeeringsPerVpc: 1, securityGroupRulesPerVpc: 2, networkAclRulesPerVpc: 4, seed: instancesPerVpc + 3 }),
    ]),
    ["a VPC of route tables only", { ...lab1Snapshot(), subnets: [], instances: [] }],
    ["a VPC with nothing in it", withEmptyVpc(lab1Snapshot())],
  ];

  it.each(variants)("places every box inside the VPCs of %s where ELK places it, presenter mode too", async (_, snapshot) => {
    for (const presenter of [false, true]) {
      // The default VPC opened: three subnets and a table that ELK lays out, beside the ones stacked without it.
      const flow = toFlow(snapshot, { expandedVpcIds: new Set([DEFAULT_VPC_ID]), presenter });
      const scaled = metricsFor(presenter);
      const layout = await layoutFlow(flow, scaled);
      const reference = await new ELK().layout(vpcInteriorsGraph(flow, scaled));
      const inside = new Map((reference.children ?? []).flatMap((vpc) => [...elkBoxes(vpc)]));
      expect(inside.size).toBeGreaterThan(0);
      for (const [id, box] of inside) {
        const placed = layout.get(id) as Box;
        for (const key of ["x", "y", "width", "height"] as const) expect(placed[key], `${id} ${key}${presenter ? " (presenter)" : ""}`).toBeCloseTo(box[key], 6);
      }
      for (const vpc of reference.children ?? []) expect((layout.get(vpc.id) as Box).width).toBeCloseTo(Math.max(vpc.width ?? 0, scaled.vpcMinimumWidth), 6);
    }
  });
});

describe("layoutSignature", () => {
  it("ignores highlights but not new resources", () => {
    const plain = layoutSignature(flowOf(lab1Snapshot()));
    const highlighted = layoutSignature(toFlow(lab1Snapshot(), { expandedVpcIds: new Set(), highlight: { ids: [LAB1.rtb1], tone: "blocked" } }));
    expect(highlighted).toBe(plain);
    expect(layoutSignature(flowOf(addInstance(lab1Snapshot())))).not.toBe(plain);
  });
});

describe("peeringHandles", () => {
  const box = (x: number, y: number): Box => ({ x, y, width: 100, height: 100 });
  it("leaves from the side that faces the peer", () => {
    expect(peeringHandles(box(0, 0), box(300, 0))).toEqual({ sourceHandle: "s-right", targetHandle: "t-left" });
    expect(peeringHandles(box(300, 0), box(0, 0))).toEqual({ sourceHandle: "s-left", targetHandle: "t-right" });
    expect(peeringHandles(box(0, 0), box(0, 300))).toEqual({ sourceHandle: "s-bottom", targetHandle: "t-top" });
    expect(peeringHandles(box(0, 300), box(0, 0))).toEqual({ sourceHandle: "s-top", targetHandle: "t-bottom" });
  });
});
