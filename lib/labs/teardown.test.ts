/**
 * The order Reset to step N and Tear down remove things in: what AWS requires gone first (or what
 * the removal itself needs) goes first, and everything else at the same time, so a reset waits for
 * as few round trips to AWS as the dependencies allow.
 */
import { describe, expect, it } from "vitest";
import type { LabItem } from "./steps";
import { removalLevels } from "./teardown";

function item(kind: LabItem["kind"]): LabItem {
  return { kind, id: `${kind}-1`, step: 1 } as LabItem;
}

const kindsByLevel = (kinds: Array<LabItem["kind"]>) => removalLevels(kinds.map(item)).map((level) => level.map((entry) => entry.kind).sort());

describe("removalLevels", () => {
  it("tears down a whole Lab 1 in four rounds: rules, addresses and peering routes at once; the VPCs last", () => {
    const lab1 = ["security-group-rule", "elastic-ip", "instance", "route", "peering-connection", "route-table", "subnet", "internet-gateway", "security-group", "vpc"] as const;
    expect(kindsByLevel([...lab1])).toEqual([
      ["elastic-ip", "route", "security-group-rule"],
      ["instance", "peering-connection"],
      ["internet-gateway", "route-table", "security-group", "subnet"],
      ["vpc"],
    ]);
  });

  it("removes a locking bucket policy while the endpoint's policy has been reset and the instance, its address and the endpoint route still stand", () => {
    const lab2 = ["endpoint-policy", "endpoint-route-table", "vpc-endpoint", "bucket-policy", "bucket", "elastic-ip", "instance", "route-table", "subnet", "internet-gateway", "security-group", "vpc"] as const;
    expect(kindsByLevel([...lab2])).toEqual([
      ["endpoint-policy"],
      ["bucket-policy"],
      ["bucket", "elastic-ip", "endpoint-route-table"],
      ["instance", "vpc-endpoint"],
      ["internet-gateway", "route-table", "security-group", "subnet"],
      ["vpc"],
    ]);
  });

  it("keeps a dependency through a kind that is not there: without Elastic IPs, instances still wait for the bucket policy", () => {
    expect(kindsByLevel(["bucket-policy", "instance", "network-acl", "subnet", "vpc"])).toEqual([["bucket-policy"], ["instance"], ["subnet"], ["network-acl"], ["vpc"]]);
  });

  it("removes everything in one round when nothing depends on anything else (Reset to Lab 1's last step)", () => {
    expect(kindsByLevel(["security-group-rule", "security-group-rule"])).toEqual([["security-group-rule", "security-group-rule"]]);
  });
});
