import { describe, expect, it } from "vitest";
import { fieldLabel } from "./field-label";

describe("fieldLabel: a form field as a student reads it", () => {
  it("names a rule in a list by its number and the field in it", () => {
    expect(fieldLabel(["inbound", 0, "source"])).toBe("Inbound rule 1, source");
    expect(fieldLabel(["inbound", 2, "toPort"])).toBe("Inbound rule 3, to port");
  });

  it("names an id field by what it identifies, with AWS's acronyms", () => {
    expect(fieldLabel(["vpcId"])).toBe("VPC");
    expect(fieldLabel(["routeTableId"])).toBe("Route table");
    expect(fieldLabel(["groupId"])).toBe("Security group");
    expect(fieldLabel(["cidr"])).toBe("IPv4 CIDR");
    expect(fieldLabel(["mapPublicIpOnLaunch"])).toBe("Map public IP on launch");
    expect(fieldLabel(["rule", "fromPort"])).toBe("Rule, from port");
  });

  it("names an item of a list of ids by what it identifies", () => {
    expect(fieldLabel(["securityGroupIds", 0])).toBe("Security group 1");
    expect(fieldLabel(["routeTableIds", 1])).toBe("Route table 2");
    expect(fieldLabel(["addRouteTableIds", 0])).toBe("Add route table 1");
    expect(fieldLabel(["firewall", "securityGroupIds"])).toBe("Firewall, security groups");
  });

  it("numbers items of a list it has no name for", () => {
    expect(fieldLabel(["files", 0])).toBe("Files 1");
  });
});
