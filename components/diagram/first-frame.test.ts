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
  const frame = { padding: { top: 56, left: 56, right: 24, bottom: 24 }, minZoom: 0.05, maxZoom: 1 };
  const fit = new Function(`return ${FIT_FUNCTION}`)() as (wrapper: unknown, bounds: unknown, frame: unknown) => void;

  function transformFor(bounds: { x: number; y: number; width: number; height: number }, width: number, height: number): string {
    const viewport = { style: { transform: "" } };
    fit({ offsetWidth: width, offsetHeight: height, querySelector: () => viewport }, bounds, frame);
    return viewport.style.transform;
  }

  it.each([
    [{ x: 0, y: -20, width: 1800, height: 900 }, 768, 790],
    [{ x: 0, y: 0, width: 300, height: 200 }, 1200, 700],
    [{ x: -40, y: 10, width: 52_000, height: 31_000 }, 900, 600],
  ])("sets the viewport React Flow's fitView sets (%o in %i × %i)", (bounds, width, height) => {
    const padding = { top: "56px", left: "56px", right: "24px", bottom: "24px" } as const;
    const { x, y, zoom } = getViewportForBounds(bounds, width, height, frame.minZoom, frame.maxZoom, padding);
    expect(transformFor(bounds, width, height)).toBe(`translate(${x}px,${y}px) scale(${zoom})`);
  });

  it("calls that function on the diagram the script sits in, with the boxes' extent, and again when the diagram's size changes", () => {
    const script = firstFrameScript({ x: 1, y: 2, width: 3, height: 4 }, frame);
    expect(script).toContain('holder.querySelector(".react-flow"), b = {"x":1,"y":2,"width":3,"height":4}');
    expect(script).toContain("new ResizeObserver(function () { fit(wrapper, b, f); })");
  });
});
