import { describe, expect, it } from "vitest";
import { emptySnapshot, type LabSnapshot } from "@/lib/analysis";
import { estimateHourlyCost, formatHourly } from "./pricing";

function snapshot(parts: Partial<LabSnapshot>): LabSnapshot {
  return { ...emptySnapshot("us-east-1", "123456789012"), ...parts };
}

describe("hourly cost estimate", () => {
  it("Lab 1 built: two t2.micro instances, one with an Elastic IP, the other with an auto-assigned address", () => {
    const estimate = estimateHourlyCost(
      snapshot({
        instances: [
          { InstanceId: "i-0000000000000001a", InstanceType: "t2.micro", State: { Name: "running" }, PublicIpAddress: "3.80.0.1" },
          { InstanceId: "i-0000000000000002b", InstanceType: "t2.micro", State: { Name: "running" }, PublicIpAddress: "3.80.0.2" },
        ],
        addresses: [{ AllocationId: "eipalloc-0000000000000001a", PublicIp: "3.80.0.1", AssociationId: "eipassoc-0000000000000001a", InstanceId: "i-0000000000000001a" }],
      }),
    );
    // 2 × 0.0116 + 2 × 0.005
    expect(estimate.totalUsd).toBe(0.0332);
    expect(estimate.lines.map((line) => `${line.id} ${line.what} ${line.hourlyUsd}`)).toEqual([
      "i-0000000000000001a t2.micro instance 0.0116",
      "i-0000000000000002b t2.micro instance 0.0116",
      "eipalloc-0000000000000001a Elastic IP 3.80.0.1 0.005",
      "i-0000000000000002b public IPv4 3.80.0.2 0.005",
    ]);
    expect(formatHourly(estimate.totalUsd)).toBe("$0.0332/h (about $0.80 a day)");
  });

  it("Lab 2 built: a t3.micro, an Elastic IP, a free gateway endpoint", () => {
    const estimate = estimateHourlyCost(
      snapshot({
        instances: [{ InstanceId: "i-0000000000000003c", InstanceType: "t3.micro", State: { Name: "running" }, PublicIpAddress: "3.80.0.3" }],
        addresses: [{ AllocationId: "eipalloc-0000000000000003c", PublicIp: "3.80.0.3", AssociationId: "eipassoc-0000000000000003c" }],
        vpcEndpoints: [{ VpcEndpointId: "vpce-0000000000000001a", VpcEndpointType: "Gateway", State: "Available" }],
      }),
    );
    expect(estimate.totalUsd).toBe(0.0154);
    expect(estimate.lines.at(-1)).toEqual({ id: "vpce-0000000000000001a", what: "gateway endpoint (free)", hourlyUsd: 0 });
  });

  it("a stopped instance costs nothing, its idle Elastic IP still does; terminated instances are free", () => {
    const estimate = estimateHourlyCost(
      snapshot({
        instances: [
          { InstanceId: "i-0000000000000004d", InstanceType: "t2.micro", State: { Name: "stopped" } },
          { InstanceId: "i-0000000000000005e", InstanceType: "t2.micro", State: { Name: "terminated" } },
        ],
        addresses: [{ AllocationId: "eipalloc-0000000000000004d", PublicIp: "3.80.0.4" }],
      }),
    );
    expect(estimate.lines).toEqual([{ id: "eipalloc-0000000000000004d", what: "Elastic IP 3.80.0.4 (not associated)", hourlyUsd: 0.005 }]);
    expect(estimate.totalUsd).toBe(0.005);
  });

  it("names a running instance of a type the table does not price instead of guessing", () => {
    const estimate = estimateHourlyCost(snapshot({ instances: [{ InstanceId: "i-0000000000000006f", InstanceType: "m5.large", State: { Name: "pending" } }] }));
    expect(estimate).toEqual({ lines: [], totalUsd: 0, unpriced: [{ id: "i-0000000000000006f", instanceType: "m5.large" }] });
  });

  it("prices an interface endpoint per Availability Zone", () => {
    const estimate = estimateHourlyCost(
      snapshot({ vpcEndpoints: [{ VpcEndpointId: "vpce-0000000000000002b", VpcEndpointType: "Interface", State: "Available", SubnetIds: ["subnet-0000000000000001a", "subnet-0000000000000002b"] }] }),
    );
    expect(estimate.totalUsd).toBe(0.02);
  });
});
