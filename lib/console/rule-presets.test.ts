import { describe, expect, it } from "vitest";
import { rulePortRange, ruleProtocolName, ruleTypeLabel, ruleTypeName } from "./rule-presets";

describe("ruleTypeLabel", () => {
  it("names a rule's type as the AWS console's rules table does, with the ports its name does not say", () => {
    expect(ruleTypeLabel({ protocol: "tcp", fromPort: 22, toPort: 22 })).toBe("SSH (TCP 22)");
    expect(ruleTypeLabel({ protocol: "tcp", fromPort: 443, toPort: 443 })).toBe("HTTPS (TCP 443)");
    expect(ruleTypeLabel({ protocol: "6", fromPort: 80, toPort: 80 })).toBe("HTTP (TCP 80)");
    expect(ruleTypeLabel({ protocol: "icmp", fromPort: -1, toPort: -1 })).toBe("All ICMP - IPv4");
    expect(ruleTypeLabel({ protocol: "-1" })).toBe("All traffic");
  });

  it("calls any other port range Custom, and the whole range All", () => {
    expect(ruleTypeLabel({ protocol: "tcp", fromPort: 8080, toPort: 8080 })).toBe("Custom TCP 8080");
    expect(ruleTypeLabel({ protocol: "tcp", fromPort: 20, toPort: 22 })).toBe("Custom TCP 20-22");
    expect(ruleTypeLabel({ protocol: "udp", fromPort: 53, toPort: 53 })).toBe("Custom UDP 53");
    expect(ruleTypeLabel({ protocol: "tcp", fromPort: 0, toPort: 65535 })).toBe("All TCP");
    expect(ruleTypeLabel({ protocol: "17", fromPort: 0, toPort: 65535 })).toBe("All UDP");
  });

  it("gives an ICMP type and another protocol by number", () => {
    expect(ruleTypeLabel({ protocol: "icmp", fromPort: 8, toPort: -1 })).toBe("ICMP type 8");
    expect(ruleTypeLabel({ protocol: "50" })).toBe("Custom protocol 50");
  });

  it("splits a rule into the console's Type, Protocol and Port range columns", () => {
    const columns = (rule: Parameters<typeof ruleTypeName>[0]) => [ruleTypeName(rule), ruleProtocolName(rule), rulePortRange(rule)];
    expect(columns({ protocol: "tcp", fromPort: 22, toPort: 22 })).toEqual(["SSH", "TCP", "22"]);
    expect(columns({ protocol: "icmp", fromPort: -1, toPort: -1 })).toEqual(["All ICMP - IPv4", "ICMP", "All"]);
    expect(columns({ protocol: "-1" })).toEqual(["All traffic", "All", "All"]);
    expect(columns({ protocol: "tcp", fromPort: 1024, toPort: 65535 })).toEqual(["Custom TCP", "TCP", "1024 - 65535"]);
    expect(columns({ protocol: "udp", fromPort: 0, toPort: 65535 })).toEqual(["All UDP", "UDP", "0 - 65535"]);
    expect(columns({ protocol: "icmp", fromPort: 8, toPort: -1 })).toEqual(["Custom ICMP - IPv4", "ICMP", "type 8"]);
  });
});
