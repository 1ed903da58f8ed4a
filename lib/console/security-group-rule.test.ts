import { describe, expect, it } from "vitest";
import { targetParameters } from "@/lib/console/route-target";
import { ipPermissionOf, ruleInput } from "@/lib/console/security-group-rule";

describe("security group rule presets", () => {
  it("turns All ICMP - IPv4 from a CIDR into AWS's IpPermission", () => {
    const rule = ruleInput.parse({ preset: "all-icmp-ipv4", source: "10.1.0.0/16" });
    expect(ipPermissionOf(rule)).toEqual({ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16", Description: undefined }] });
  });

  it("uses the typed port for custom TCP and a group pair for a security group source", () => {
    const rule = ruleInput.parse({ preset: "custom-tcp", port: "8080", source: "sg-0123456789abcdef0", description: "app" });
    expect(ipPermissionOf(rule)).toEqual({
      IpProtocol: "tcp",
      FromPort: 8080,
      ToPort: 8080,
      UserIdGroupPairs: [{ GroupId: "sg-0123456789abcdef0", Description: "app" }],
    });
  });

  it("refuses a custom rule without a port and a source that is neither CIDR nor group", () => {
    expect(ruleInput.safeParse({ preset: "custom-udp", source: "0.0.0.0/0" }).error?.issues[0].message).toBe("Enter a port.");
    expect(ruleInput.safeParse({ preset: "ssh", source: "10.1.0.0/33" }).success).toBe(false);
  });
});

describe("route targets", () => {
  it("sends each kind of target in its own parameter", () => {
    expect(targetParameters("igw-0123456789abcdef0")).toEqual({ GatewayId: "igw-0123456789abcdef0" });
    expect(targetParameters("pcx-0123456789abcdef0")).toEqual({ VpcPeeringConnectionId: "pcx-0123456789abcdef0" });
    expect(targetParameters("i-0123456789abcdef0")).toEqual({ InstanceId: "i-0123456789abcdef0" });
  });
});
