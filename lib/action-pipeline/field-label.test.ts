import { describe, expect, it } from "vitest";
import { fieldLabel } from "./field-label";

describe("fieldLabel: a form field as a student reads it", () => {
  it("names a rule in a list by its number and the field in it", () => {
    expect(fieldLabel(["inbound", 0, "source"])).toBe("Inbound rule 1, source");
    expect(fieldLabel(["outbound", 2, "toPort"])).toBe("Outbound rule 3, to port");
    expect(fieldLabel(["tags", 1, "key"])).toBe("Tag 2, key");
  });

  it("names an id field by what it identifies, with AWS's acronyms", () => {
    expect(fieldLabel(["vpcId"])).toBe("VPC");
    expect(fieldLabel(["routeTableId"])).toBe("Route table");
    expect(fieldLabel(["groupId"])).toBe("Security group");
    expect(fieldLabel(["cidr"])).toBe("IPv4 CIDR");
    expect(fieldLabel(["mapPublicIpOnLaunch"])).toBe("Map public IP on launch");
    expect(fieldLabel(["rule", "fromPort"])).toBe("Rule, from port");
  });

  it("numbers items of a list it has no name for", () => {
    expect(fieldLabel(["files", 0])).toBe("Files 1");
  });
});
