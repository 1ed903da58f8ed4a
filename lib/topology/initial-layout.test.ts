import { describe, expect, it } from "vitest";
import { lab1Snapshot } from "@/lib/analysis/fixtures";
import { bothLabsSnapshot } from "./__fixtures__/labs";
import { labFraming } from "./framing";
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

  it("on a lab's page, is the layout the browser computes for that lab's framing of both labs", async () => {
    const snapshot = bothLabsSnapshot();
    const initial = await initialLayoutFor(snapshot, "vpc-peering");
    const flow = toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, "vpc-peering") });
    const metrics = metricsFor(false);
    expect(initial.signature).toBe(layoutKey(flow, metrics));
    expect(new Map(initial.boxes)).toEqual(await layoutFlow(flow, metrics));
  });

  it("in the shape the student's diagram had last, is the layout the browser packs for that shape", async () => {
    const snapshot = bothLabsSnapshot();
    const initial = await initialLayoutFor(snapshot, "vpc-peering", 0.35);
    const flow = toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, "vpc-peering") });
    const metrics = metricsFor(false);
    expect(initial.signature).toBe(layoutKey(flow, metrics));
    expect(new Map(initial.boxes)).toEqual(await layoutFlow(flow, metrics, { viewAspect: 0.35 }));
    expect(new Map(initial.boxes)).not.toEqual(await layoutFlow(flow, metrics));
  });

  it("serves an account read again unchanged the layout it computed before, without laying it out again", async () => {
    const first = initialLayoutFor(bothLabsSnapshot(), "vpc-endpoints");
    const again = initialLayoutFor(bothLabsSnapshot(), "vpc-endpoints");
    expect(again).toBe(first);
    expect(await initialLayoutFor(bothLabsSnapshot(), "vpc-endpoints")).toBe(await first);
  });

  it("lays the account out again once its boxes change, as the browser would for the changed account", async () => {
    const before = await initialLayoutFor(lab1Snapshot());
    const changed = lab1Snapshot();
    changed.instances.pop();
    const after = await initialLayoutFor(changed);
    expect(after.signature).not.toBe(before.signature);
    const flow = toFlow(changed, { expandedVpcIds: new Set() });
    expect(new Map(after.boxes)).toEqual(await layoutFlow(flow, metricsFor(false)));
    expect(new Map(before.boxes)).not.toEqual(new Map(after.boxes));
  });
});
