import { describe, expect, it } from "vitest";
import { lab1Snapshot } from "@/lib/analysis/fixtures";
import { initialLayoutFor } from "./initial-layout";
import { layoutFlow, layoutKey } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";

describe("initialLayoutFor", () => {
  it("is the layout the browser would compute for the default view, keyed by the same signature", async () => {
    const snapshot = lab1Snapshot();
    const initial = await initialLayoutFor(snapshot);
    const flow = toFlow(snapshot, { expandedVpcIds: new Set() });
    const metrics = metricsFor(false);
    expect(initial.signature).toBe(layoutKey(flow, metrics));
    expect(new Map(initial.boxes)).toEqual(await layoutFlow(flow, metrics));
  });

  it("no longer matches once the topology changes", async () => {
    const before = await initialLayoutFor(lab1Snapshot());
    const changed = lab1Snapshot();
    changed.instances.pop();
    expect((await initialLayoutFor(changed)).signature).not.toBe(before.signature);
  });
});
