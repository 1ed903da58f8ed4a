/** A doing step whose failure the student met says each thing once: in the failure's sentence, in its moment, or as a finding. */
import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { NO_PUBLIC_IPV4_MESSAGE } from "@/lib/analysis/instance-connect";
import { checkAllSteps } from "./check";
import { lab1 } from "./lab1";

describe("a met failure", () => {
  it("Lab 1's refused Instance Connect: the refusal, the moment (AWS's message, the verdict, the fix), and no finding that repeats them", async () => {
    const snapshot = lab1Snapshot();
    snapshot.addresses = [];
    snapshot.instances = snapshot.instances.map((instance) => (instance.InstanceId === LAB1.instance1 ? { ...instance, PublicIpAddress: undefined } : instance));
    const records = { sessions: [], runs: [], refusals: [{ instanceId: LAB1.instance1, at: Date.parse("2026-03-02T10:01:00Z"), message: NO_PUBLIC_IPV4_MESSAGE }] };

    const { connect } = await checkAllSteps(lab1, { snapshot, facts: {}, records });

    expect(connect.done).toBe(false);
    expect(connect.evidence?.summary).toContain(`refused ${LAB1.instance1} at 10:01 UTC: ${NO_PUBLIC_IPV4_MESSAGE}`);
    expect(connect.moment).toMatchObject({ output: NO_PUBLIC_IPV4_MESSAGE, verdict: expect.stringContaining("has no public IPv4 address"), fix: expect.stringContaining("Allocate an Elastic IP address") });
    const everything = [connect.evidence!.summary, ...connect.findings, connect.moment!.output, connect.moment!.verdict, connect.moment!.fix].join("\n");
    expect(everything.split(NO_PUBLIC_IPV4_MESSAGE)).toHaveLength(3);
    expect(everything.split(connect.moment!.fix!)).toHaveLength(2);
    expect(connect.findings).toEqual([]);
  });
});
