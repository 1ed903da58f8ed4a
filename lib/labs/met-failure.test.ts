/** A step says each thing once: in the failure the student met, in its moment, or as a finding. */
import { describe, expect, it } from "vitest";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { NO_PUBLIC_IPV4_MESSAGE } from "@/lib/analysis/instance-connect";
import { checkAllSteps } from "./check";
import { lab1 } from "./lab1";
import { lab2 } from "./lab2";

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

  it("Lab 2's endpoint route: the missing association as a finding, the instance's denial only in the moment (a finding restated its verdict and fix)", async () => {
    const snapshot = lab2Snapshot();
    snapshot.vpcEndpoints[0].RouteTableIds = [];
    const table = snapshot.routeTables.find((candidate) => candidate.RouteTableId === LAB2.rtb)!;
    table.Routes = table.Routes!.filter((route) => !route.DestinationPrefixListId);
    const facts = { accessKeys: [{ userName: "lab-user", accessKeyId: "AKIAEXAMPLE000000001", status: "Active" }], objects: { bucket: LAB2.bucket, keys: ["welcome.txt"] } };

    const route = (await checkAllSteps(lab2, { snapshot, facts }))["endpoint-route"];

    expect(route.done).toBe(false);
    expect(route.findings).toHaveLength(1);
    expect(route.findings[0]).toMatch(/^Endpoint .* is not associated with route table/);
    expect(route.moment?.verdict).toContain("denies s3:ListBucket");
    expect(route.moment?.fix).toBe("Add the S3 gateway endpoint to the subnet's route table so the request carries aws:SourceVpce.");
  });
});
