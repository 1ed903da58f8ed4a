import { describe, expect, it } from "vitest";
import { securityGroupText } from "./evidence-text";

describe("securityGroupText", () => {
  it("lists the inbound rules under the AWS console's columns: Type, Protocol, Port range, Source", () => {
    const text = securityGroupText({
      GroupName: "launch-wizard-1",
      GroupId: "sg-0123456789abcdef0",
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "18.206.107.24/29" }] },
        { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }, { CidrIp: "10.2.0.0/16" }] },
        { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-0fedcba9876543210" }] },
      ],
    }).split("\n");
    expect(text[0]).toBe("Security group launch-wizard-1 (sg-0123456789abcdef0) inbound rules");
    expect(text.slice(1).map((line) => line.split(/ {2,}/))).toEqual([
      ["Type", "Protocol", "Port range", "Source"],
      ["SSH", "TCP", "22", "18.206.107.24/29"],
      ["All ICMP - IPv4", "ICMP", "All", "10.1.0.0/16"],
      ["All ICMP - IPv4", "ICMP", "All", "10.2.0.0/16"],
      ["All traffic", "All", "All", "sg-0fedcba9876543210"],
    ]);
  });

  it("says so when the group allows nothing in", () => {
    expect(securityGroupText({ GroupName: "empty", GroupId: "sg-1", IpPermissions: [] }).split("\n").at(-1)).toBe("(none)");
  });
});
