import { getViewportForBounds } from "@xyflow/react";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "@/lib/topology/__fixtures__/labs";
import { initialLayoutFor } from "@/lib/topology/initial-layout";
import { FIT_FUNCTION, firstFrameScript } from "./first-frame-script";
import { LabDiagram } from "./lab-diagram";

describe("the lab page's server HTML draws the diagram", () => {
  it("renders every box visible, the edges between them and the script that frames them", async () => {
    const snapshot = fixtureSnapshot("labs");
    const initialLayout = await initialLayoutFor(snapshot, "vpc-peering");
    const html = renderToString(createElement(LabDiagram, { snapshot, labId: "vpc-peering", initialLayout, nonce: "n0nce" }));
    expect(html.match(/class="react-flow__node /g)?.length).toBe(initialLayout.boxes.length);
    expect(html).not.toContain("visibility:hidden");
    expect(html.match(/class="react-flow__edge /g)?.length).toBeGreaterThan(0);
    expect(html).toMatch(/<script nonce="n0nce">\(function \(fit\) {/);
  });

  it("without a layout from the server, draws nothing until the browser lays it out", () => {
    const html = renderToString(createElement(LabDiagram, { snapshot: fixtureSnapshot("labs"), labId: "vpc-peering" }));
    expect(html).not.toContain("react-flow__node ");
    expect(html).not.toContain("<script");
  });
});

describe("the first frame's script", () => {
  const frame = { padding: { top: 56, left: 56, right: 24, bottom: 24 }, minZoom: 0.05, maxZoom: 1, detailZoom: 0.4 };
  const fit = new Function(`return ${FIT_FUNCTION}`)() as (wrapper: unknown, bounds: unknown, frame: unknown, lab?: unknown) => void;
  const padding = { top: "56px", left: "56px", right: "24px", bottom: "24px" } as const;
  type Box = { x: number; y: number; width: number; height: number };

  function transformFor(bounds: Box, width: number, height: number, lab?: Box): string {
    const viewport = { style: { transform: "" } };
    fit({ offsetWidth: width, offsetHeight: height, querySelector: () => viewport }, bounds, frame, lab);
    return viewport.style.transform;
  }

  function fitViewTransform(bounds: Box, width: number, height: number): string {
    const { x, y, zoom } = getViewportForBounds(bounds, width, height, frame.minZoom, frame.maxZoom, padding);
    return `translate(${x}px,${y}px) scale(${zoom})`;
  }

  it.each([
    [{ x: 0, y: -20, width: 1800, height: 900 }, 768, 790],
    [{ x: 0, y: 0, width: 300, height: 200 }, 1200, 700],
    [{ x: -40, y: 10, width: 52_000, height: 31_000 }, 900, 600],
  ])("sets the viewport React Flow's fitView sets (%o in %i × %i)", (bounds, width, height) => {
    expect(transformFor(bounds, width, height)).toBe(fitViewTransform(bounds, width, height));
  });

  // Lab 1's two VPCs, and the collapsed default VPC under them (the extent of all three).
  const lab = { x: 0, y: 0, width: 1118, height: 467 };
  const all = { x: 0, y: 0, width: 1118, height: 870 };

  it("frames the lab's own boxes when all of them would be drawn under the detail zoom (the diagram over the open terminal at 1280x720)", () => {
    expect(transformFor(all, 704, 338, lab)).toBe(fitViewTransform(lab, 704, 338));
  });

  it("frames every box when they all stay readable, and when it has no lab boxes to frame", () => {
    expect(transformFor(all, 704, 612, lab)).toBe(fitViewTransform(all, 704, 612));
    expect(transformFor(all, 704, 338)).toBe(fitViewTransform(all, 704, 338));
  });

  it("calls that function on the diagram the script sits in, with the boxes' extent, and again when the diagram's size changes", () => {
    const script = firstFrameScript({ x: 1, y: 2, width: 3, height: 4 }, frame, { x: 1, y: 2, width: 3, height: 2 });
    expect(script).toContain('holder.querySelector(".react-flow"), b = {"x":1,"y":2,"width":3,"height":4}');
    expect(script).toContain('lab = {"x":1,"y":2,"width":3,"height":2}');
    expect(script).toContain("new ResizeObserver(function () { fit(wrapper, b, f, lab); })");
  });
});
