import fc from "fast-check";
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "@/lib/sandbox/testing";
import { ec2ClientFor, expectAwsError, startEc2Sandbox } from "../testing";
import { matchesWildcard } from "./filters";

/** The wildcard semantics as a regular expression: the reference the matcher must agree with. */
function reference(pattern: string, value: string): boolean {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "*") source += "[\\s\\S]*";
    else if (c === "?") source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`).test(value);
}

describe("EC2 filter wildcards", () => {
  it("match as the wildcard grammar says (*, ?, backslash escapes), on generated patterns", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "*", "?", "\\"), maxLength: 8 });
    fc.assert(fc.property(text, fc.string({ unit: fc.constantFrom("a", "b", "*", "?", "\\"), maxLength: 10 }), (pattern, value) => {
      expect(matchesWildcard(pattern, value)).toBe(reference(pattern, value));
    }), { numRuns: 3000 });
  });

  it("answer a many-star pattern against a long value at once (a regular expression backtracks for minutes)", () => {
    const started = performance.now();
    expect(matchesWildcard(`${"*a".repeat(30)}*b`, "a".repeat(255))).toBe(false);
    // Linear matching takes well under a millisecond; the bound only has to tell it from minutes, even on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("EC2's filter value cap", () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startEc2Sandbox();
  });
  afterAll(async () => server.close());

  it("more than 200 values in one call is FilterLimitExceeded", async () => {
    const ec2 = ec2ClientFor(server, await server.newAccount());
    const values = Array.from({ length: 201 }, (_, i) => `vpc-${i}`);
    await expectAwsError(
      ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: values }] })),
      "FilterLimitExceeded",
      "The maximum number of filter values specified on a single call is 200",
    );
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: values.slice(0, 200) }] }));
    expect(Vpcs).toEqual([]);
  });
});
