import { describe, expect, it } from "vitest";
import { blocksOverlap, blockWithin, cidrContains, firstFreeBlock, intToIpv4, ipv4ToInt, isIpv4Cidr, isRfc1918, longestPrefixMatch, parseIpv4Cidr, parseStrictIpv4Cidr } from "./cidr";

describe("cidr", () => {
  it("converts addresses to integers and back", () => {
    expect(ipv4ToInt("10.1.0.12")).toBe(0x0a01000c);
    expect(ipv4ToInt("255.255.255.255")).toBe(0xffffffff);
    expect(intToIpv4(0x0a01000c)).toBe("10.1.0.12");
  });

  it("tests containment, with /0 containing everything and /32 only itself", () => {
    expect(cidrContains("10.1.0.0/16", "10.1.255.3")).toBe(true);
    expect(cidrContains("10.1.0.0/16", "10.2.0.1")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "18.206.107.27")).toBe(true);
    expect(cidrContains("18.206.107.24/29", "18.206.107.31")).toBe(true);
    expect(cidrContains("18.206.107.24/29", "18.206.107.32")).toBe(false);
    expect(cidrContains("10.0.0.5/32", "10.0.0.5")).toBe(true);
    expect(cidrContains("10.0.0.5", "10.0.0.6")).toBe(false);
  });

  it("clears host bits when parsing", () => {
    expect(parseIpv4Cidr("10.1.2.3/16").network).toBe(ipv4ToInt("10.1.0.0"));
  });

  it("picks the longest matching prefix", () => {
    const entries = ["0.0.0.0/0", "10.0.0.0/8", "10.2.0.0/16"].map((cidr) => ({ block: parseIpv4Cidr(cidr) }));
    expect(longestPrefixMatch(entries, ipv4ToInt("10.2.0.25"))?.block.cidr).toBe("10.2.0.0/16");
    expect(longestPrefixMatch(entries, ipv4ToInt("10.3.0.25"))?.block.cidr).toBe("10.0.0.0/8");
    expect(longestPrefixMatch(entries, ipv4ToInt("8.8.8.8"))?.block.cidr).toBe("0.0.0.0/0");
    expect(longestPrefixMatch(entries.slice(1), ipv4ToInt("8.8.8.8"))).toBeUndefined();
  });

  it("detects overlapping blocks", () => {
    expect(blocksOverlap(parseIpv4Cidr("10.1.0.0/16"), parseIpv4Cidr("10.1.5.0/24"))).toBe(true);
    expect(blocksOverlap(parseIpv4Cidr("10.1.0.0/16"), parseIpv4Cidr("10.2.0.0/16"))).toBe(false);
  });

  it("recognises RFC 1918 space", () => {
    expect(isRfc1918(ipv4ToInt("172.31.4.4"))).toBe(true);
    expect(isRfc1918(ipv4ToInt("172.32.0.1"))).toBe(false);
    expect(isRfc1918(ipv4ToInt("54.1.2.3"))).toBe(false);
  });

  it("parses user input strictly, as EC2 does, and names the canonical block", () => {
    expect(parseStrictIpv4Cidr("10.1.2.3/16")).toEqual({ cidr: "10.1.0.0/16", network: ipv4ToInt("10.1.0.0"), prefixLength: 16, hostBitsSet: true });
    expect(parseStrictIpv4Cidr("10.1.0.0/16")?.hostBitsSet).toBe(false);
    for (const bad of ["10.1.0.0", "10.1.0.0/33", "10.1.0.0/", "010.1.0.0/16", "10.1.0/16", "10.1.0.256/24", " 10.1.0.0/16", "10.1.0.0/016", "0x0a.1.0.0/16"]) {
      expect(parseStrictIpv4Cidr(bad), bad).toBeNull();
      expect(isIpv4Cidr(bad), bad).toBe(false);
    }
  });

  it("tells a block inside another from an overlapping one", () => {
    const vpc = parseIpv4Cidr("10.1.0.0/16");
    expect(blockWithin(parseIpv4Cidr("10.1.4.0/24"), vpc)).toBe(true);
    expect(blockWithin(parseIpv4Cidr("10.0.0.0/8"), vpc)).toBe(false);
    expect(blocksOverlap(parseIpv4Cidr("10.0.0.0/8"), vpc)).toBe(true);
  });

  it("finds the first free block for a new subnet, past the ones taken", () => {
    expect(firstFreeBlock("10.0.0.0/16", 24, [])).toBe("10.0.0.0/24");
    expect(firstFreeBlock("10.0.0.0/16", 24, ["10.0.0.0/24"])).toBe("10.0.1.0/24");
    expect(firstFreeBlock("10.0.0.0/16", 24, ["10.0.0.0/24", "10.0.2.0/24"])).toBe("10.0.1.0/24");
    // A larger subnet covers several /24s; a VPC smaller than /24 offers itself.
    expect(firstFreeBlock("10.1.0.0/16", 24, ["10.1.0.0/22"])).toBe("10.1.4.0/24");
    expect(firstFreeBlock("10.9.0.0/26", 24, [])).toBe("10.9.0.0/26");
    expect(firstFreeBlock("10.9.0.0/26", 24, ["10.9.0.0/26"])).toBeUndefined();
  });
});
