import { describe, expect, it, vi } from "vitest";
import { lab1Snapshot } from "@/lib/analysis/fixtures";
import { withEmptyVpc } from "./__fixtures__/labs";
import { layoutFlow } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";

// The 1.5 MB engine must not be fetched for what the labs draw: loading it in the browser took
// over a second under load, so a VPC the CLI made missed the console's "on the diagram within 1 s".
vi.mock("elkjs/lib/elk.bundled.js", () => {
  throw new Error("ELK was loaded");
});

describe("the layout engine is loaded only when needed", () => {
  it("lays out Lab 1 beside a VPC with nothing in it without ELK", async () => {
    const flow = toFlow(withEmptyVpc(lab1Snapshot()), { expandedVpcIds: new Set() });
    const layout = await layoutFlow(flow, metricsFor(false));
    expect(layout.get("vpc-0e0e0e0e0e0e0e0e0")).toMatchObject({ width: metricsFor(false).vpcMinimumWidth });
  });
});
