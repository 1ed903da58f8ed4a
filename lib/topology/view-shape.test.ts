import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flowBounds } from "./first-frame";
import { labFraming } from "./framing";
import { applyLayout, type Box, type Layout, layoutFlow, packedForView } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";
import { fixtureSnapshot, type FixtureName } from "./__fixtures__/labs";
import { parseViewAspect, viewAspectOf } from "./view-shape";
import type { TopologyFlow } from "./types";

const metrics = metricsFor(false);
const LAB_OF: Record<FixtureName, string | undefined> = { lab1: "vpc-peering", lab2: "vpc-endpoints", labs: undefined, generated: undefined };

function labFlow(name: FixtureName): TopologyFlow {
  const snapshot = fixtureSnapshot(name, 200);
  return toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, LAB_OF[name]) });
}

const topLevel = (flow: TopologyFlow, layout: Layout) => flow.nodes.filter((node) => !node.parentId).map((node) => ({ id: node.id, ...(layout.get(node.id) as Box) }));

/** The scale at which the whole picture fits a view of this shape (unit height). */
function fitted(flow: TopologyFlow, layout: Layout, aspect: number): number {
  const bounds = flowBounds(applyLayout(flow, layout).nodes) as Box;
  return Math.min(aspect / bounds.width, 1 / bounds.height);
}

describe("rows packed for the diagram's shape", () => {
  it("stacks Lab 1's VPCs in a window beside a tutorial (960x1000), drawing them twice as large", async () => {
    const flow = labFlow("lab1");
    const aspect = viewAspectOf({ width: 384, height: 893 }, { x: 80, y: 80 }) as number;
    expect(aspect).toBe(0.35);
    const usual = await layoutFlow(flow, metrics);
    const tall = await layoutFlow(flow, metrics, { viewAspect: aspect });
    const [vpc1, vpc2] = topLevel(flow, tall);
    expect(vpc2.x).toBe(vpc1.x);
    expect(vpc2.y).toBeGreaterThan(vpc1.y + vpc1.height);
    expect(fitted(flow, tall, aspect) / fitted(flow, usual, aspect)).toBeGreaterThan(1.9);
  });

  it("keeps the usual rows in a view at least as wide as tall, and in one only a little taller", async () => {
    for (const name of ["lab1", "lab2", "labs", "generated"] as const) {
      const flow = labFlow(name);
      const usual = await layoutFlow(flow, metrics);
      expect(await layoutFlow(flow, metrics, { viewAspect: 1 }), name).toEqual(usual);
    }
    const flow = labFlow("lab1");
    expect(await layoutFlow(flow, metrics, { viewAspect: 0.95 })).toEqual(await layoutFlow(flow, metrics));
  });

  it("packs a laid-out picture again exactly as a layout made for that shape, nothing inside a box moving", async () => {
    for (const name of ["lab1", "lab2", "labs", "generated"] as const) {
      const flow = labFlow(name);
      const usual = await layoutFlow(flow, metrics);
      for (const aspect of [0.2, 0.35, 0.5, 0.75, 0.9, 1]) {
        const direct = await layoutFlow(flow, metrics, { viewAspect: aspect });
        expect(packedForView(flow, usual, metrics, aspect), `${name} at ${aspect}`).toEqual(direct);
        // Packed again from a tall packing, too: the server's layout came packed for the cookie's shape.
        expect(packedForView(flow, packedForView(flow, usual, metrics, 0.3), metrics, aspect)).toEqual(direct);
      }
    }
  });

  it("never overlaps top-level boxes, with what sticks out of them, and never draws the picture smaller than the usual rows", async () => {
    const flows = await Promise.all((["lab1", "lab2", "labs", "generated"] as const).map(async (name) => {
      const flow = labFlow(name);
      return { flow, usual: await layoutFlow(flow, metrics) };
    }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: flows.length - 1 }), fc.integer({ min: 4, max: 20 }), (which, twentieths) => {
        const { flow, usual } = flows[which];
        const aspect = twentieths / 20;
        const packed = packedForView(flow, usual, metrics, aspect);
        const boxes = flow.nodes
          .filter((node) => !node.parentId)
          .map((node) => flowBounds(applyLayout(flow, packed).nodes, new Set([node.id, ...flow.nodes.filter((child) => child.parentId === node.id).map((child) => child.id)])) as Box);
        for (const [index, a] of boxes.entries())
          for (const b of boxes.slice(index + 1)) expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
        expect(fitted(flow, packed, aspect)).toBeGreaterThanOrEqual(fitted(flow, usual, aspect));
      }),
      { numRuns: 60 },
    );
  });
});

describe("the diagram's shape", () => {
  it("is width ÷ height less the padding, in twentieths, 1 for any view as wide as tall", () => {
    expect(viewAspectOf({ width: 448, height: 530 }, { x: 80, y: 80 })).toBe(0.8);
    expect(viewAspectOf({ width: 704, height: 610 }, { x: 80, y: 80 })).toBe(1);
    expect(viewAspectOf({ width: 120, height: 2000 }, { x: 80, y: 80 })).toBe(0.2);
    expect(viewAspectOf({ width: 60, height: 500 }, { x: 80, y: 80 })).toBeUndefined();
  });

  it("is read from the cookie only as viewAspectOf writes it", () => {
    expect(parseViewAspect("0.35")).toBe(0.35);
    expect(parseViewAspect("1")).toBe(1);
    for (const bad of [undefined, "", "abc", "0.1", "2", "1e-1", "0.35; Path=/", "-0.5", "0.3333", "NaN", " 0.5"]) expect(parseViewAspect(bad), String(bad)).toBeUndefined();
  });
});
