import { describe, expect, it } from "vitest";
import { LAB1, LAB2 } from "@/lib/analysis/fixtures";
import { bothLabsSnapshot } from "@/lib/topology/__fixtures__/labs";
import { renderLabDiagram } from "./diagram-image";

const AT = new Date("2026-12-03T09:00:00Z");

/** Export SVG / PNG and every moment's picture come through here, titled and framed by the lab asked for. */
describe("renderLabDiagram", () => {
  it("draws Lab 2's picture without Lab 1's VPCs or their peering, in an account that holds both labs", async () => {
    const svg = (await renderLabDiagram(bothLabsSnapshot(), { labId: "vpc-endpoints", format: "svg", at: AT })).body.toString("utf8");
    expect(svg).toContain(`data-id="${LAB2.vpc}"`);
    for (const id of [LAB1.vpc1, LAB1.vpc2, LAB1.instance1, LAB1.pcx]) expect(svg).not.toContain(id);
  });

  it("draws Lab 1's picture without Lab 2's VPC or endpoint", async () => {
    const svg = (await renderLabDiagram(bothLabsSnapshot(), { labId: "vpc-peering", format: "svg", at: AT })).body.toString("utf8");
    expect(svg).toContain(`data-peering="${LAB1.pcx}"`);
    for (const id of [LAB2.vpc, LAB2.instance, LAB2.vpce]) expect(svg).not.toContain(id);
  });
});
