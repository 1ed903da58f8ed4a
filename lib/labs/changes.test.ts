import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { changedResourceIds, isSettling, snapshotChanged } from "./changes";

describe("changedResourceIds", () => {
  it("names nothing on the first load and nothing when the account did not change", () => {
    expect(changedResourceIds(undefined, lab1Snapshot())).toEqual([]);
    expect(changedResourceIds(lab1Snapshot(), lab1Snapshot())).toEqual([]);
  });

  it("names a resource that changed and one that is new, not the others", () => {
    const before = lab1Snapshot();
    const after = lab1Snapshot();
    after.instances.find((instance) => instance.InstanceId === LAB1.instance2)!.State = { Name: "stopped", Code: 80 };
    after.vpcs.push({ VpcId: "vpc-0000000000000aaaa", CidrBlock: "10.9.0.0/16" });
    expect(changedResourceIds(before, after).sort()).toEqual([LAB1.instance2, "vpc-0000000000000aaaa"].sort());
  });
});

describe("snapshotChanged", () => {
  it("is false for the same account read twice, true for a resource changed, added or gone", () => {
    expect(snapshotChanged(lab1Snapshot(), lab1Snapshot())).toBe(false);
    const stopped = lab1Snapshot();
    stopped.instances.find((instance) => instance.InstanceId === LAB1.instance2)!.State = { Name: "stopped", Code: 80 };
    expect(snapshotChanged(lab1Snapshot(), stopped)).toBe(true);
    const gone = lab1Snapshot();
    gone.instances = gone.instances.filter((instance) => instance.InstanceId !== LAB1.instance2);
    expect(snapshotChanged(lab1Snapshot(), gone)).toBe(true);
    const added = lab1Snapshot();
    added.vpcs.push({ VpcId: "vpc-0000000000000aaaa", CidrBlock: "10.9.0.0/16" });
    expect(snapshotChanged(lab1Snapshot(), added)).toBe(true);
  });
});

describe("isSettling", () => {
  it("is true while an instance is pending or a peering connection is provisioning", () => {
    const settled = lab1Snapshot();
    expect(isSettling(settled)).toBe(false);
    const pending = lab1Snapshot();
    pending.instances[0].State = { Name: "pending", Code: 0 };
    expect(isSettling(pending)).toBe(true);
    const provisioning = lab1Snapshot();
    provisioning.peeringConnections[0].Status = { Code: "provisioning" };
    expect(isSettling(provisioning)).toBe(true);
  });
});
