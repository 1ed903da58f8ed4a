import { describe, expect, it } from "vitest";
import { kindOfId } from "@/lib/labs/resources";
import { resourceIdsIn } from "./ownership";
import { IDS_IN_TEXT, kindOfResourceId } from "./resource-ids";

describe("AWS resource ids, one table for the console", () => {
  it("names the kind of 8- and 17-digit ids, endpoint ids apart from VPC ids, anything else none", () => {
    expect(kindOfResourceId("vpc-0a1b2c3d")).toBe("vpc");
    expect(kindOfResourceId("vpce-0a1b2c3d4e5f60718")).toBe("vpc-endpoint");
    expect(kindOfResourceId("rtbassoc-0a1b2c3d4e5f60718")).toBe("route-table-association");
    expect(kindOfResourceId("vpc-lab-endpoints-123456789012")).toBeUndefined();
    expect(kindOfId("vpc-lab-endpoints-123456789012")).toBe("bucket");
    expect(kindOfId("eipassoc-0a1b2c3d")).toBe("bucket");
  });

  it("asks ownership of what the console creates, not of the associations between them", () => {
    expect(resourceIdsIn({ RouteTableId: "rtb-0a1b2c3d", AssociationId: "rtbassoc-0a1b2c3d", AllocationId: "eipalloc-0a1b2c3d" })).toEqual(["rtb-0a1b2c3d", "eipalloc-0a1b2c3d"]);
  });

  it("finds every id an AWS NotFound message names, associations included", () => {
    const message = "The association ID 'rtbassoc-0a1b2c3d4e5f60718' does not exist for route table rtb-0a1b2c3d";
    expect(message.match(IDS_IN_TEXT)).toEqual(["rtbassoc-0a1b2c3d4e5f60718", "rtb-0a1b2c3d"]);
  });
});
