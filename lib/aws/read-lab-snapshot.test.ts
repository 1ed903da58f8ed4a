import { describe, expect, it } from "vitest";
import { analyzePacketPath, indexSnapshot } from "@/lib/analysis";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { assembleLabSnapshot, type RecordedOutputs } from "./read-lab-snapshot";

/** Lab 1 as DescribeInstances returns it: instances grouped in reservations. */
function recordedLab1(): RecordedOutputs {
  const { instances, ...rest } = lab1Snapshot();
  return {
    ...rest,
    reservations: [
      { ReservationId: "r-0a1b2c3d4e5f60081", OwnerId: rest.accountId, Instances: [instances[0]] },
      { ReservationId: "r-0f9e8d7c6b5a40082", OwnerId: rest.accountId, Instances: [instances[1]] },
      { ReservationId: "r-0f9e8d7c6b5a40083", OwnerId: rest.accountId },
    ],
  };
}

describe("assembleLabSnapshot", () => {
  it("flattens reservations into instances and keeps every other output as returned", () => {
    const recorded = recordedLab1();
    const snapshot = assembleLabSnapshot(recorded);
    expect(snapshot.instances.map((instance) => instance.InstanceId)).toEqual([LAB1.instance1, LAB1.instance2]);
    expect(snapshot.routeTables).toBe(recorded.routeTables);
    expect(snapshot).not.toHaveProperty("reservations");
  });

  it("feeds the analysis directly", () => {
    const index = indexSnapshot(assembleLabSnapshot(recordedLab1()));
    const verdict = analyzePacketPath(index, { from: { instanceId: LAB1.instance1 }, to: { instanceId: LAB1.instance2 }, protocol: "icmp" });
    expect(verdict.reachable).toBe(true);
  });
});
