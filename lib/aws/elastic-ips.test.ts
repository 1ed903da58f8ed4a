import type { Address, Instance } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { associableInstances, elasticIpRows, hourlyPrice } from "./elastic-ips";

function snapshotWith(addresses: Address[], instances: Instance[] = []): LabSnapshot {
  return { addresses, instances } as unknown as LabSnapshot;
}

describe("the Elastic IPs list", () => {
  it("keeps an idle address after another one is allocated and associated (both stay billed)", () => {
    const rows = elasticIpRows(
      snapshotWith(
        [
          { AllocationId: "eipalloc-0000000000000002", PublicIp: "3.0.0.2", AssociationId: "eipassoc-0000000000000001", InstanceId: "i-0000000000000001" },
          { AllocationId: "eipalloc-0000000000000001", PublicIp: "3.0.0.1", Tags: [{ Key: "Name", Value: "old-ip" }] },
        ],
        [{ InstanceId: "i-0000000000000001", Tags: [{ Key: "Name", Value: "instance-1" }] }],
      ),
    );
    expect(rows).toEqual([
      { allocationId: "eipalloc-0000000000000001", publicIp: "3.0.0.1", name: "old-ip", association: undefined, hourlyUsd: 0.005 },
      {
        allocationId: "eipalloc-0000000000000002",
        publicIp: "3.0.0.2",
        name: undefined,
        association: { associationId: "eipassoc-0000000000000001", instanceId: "i-0000000000000001", instanceName: "instance-1" },
        hourlyUsd: 0.005,
      },
    ]);
  });

  it("prints AWS's public IPv4 price as AWS does", () => {
    expect(hourlyPrice(0.005)).toBe("$0.005/h");
  });

  it("offers only live instances without an Elastic IP for association", () => {
    const offered = associableInstances(
      snapshotWith(
        [{ AllocationId: "eipalloc-0000000000000001", AssociationId: "eipassoc-0000000000000001", InstanceId: "i-0000000000000001" }],
        [
          { InstanceId: "i-0000000000000001", State: { Name: "running" } },
          { InstanceId: "i-0000000000000002", State: { Name: "stopped" } },
          { InstanceId: "i-0000000000000003", State: { Name: "terminated" } },
        ],
      ),
    );
    expect(offered.map((instance) => instance.InstanceId)).toEqual(["i-0000000000000002"]);
  });
});
