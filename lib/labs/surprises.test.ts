/**
 * The labs are built on surprises (the refused Instance Connect, the silent ping): what a step
 * says before the student meets its failure must not give the fix away. The fix lives in the
 * step's troubleshooting text, shown after the failure or on "Show hint".
 */
import { describe, expect, it } from "vitest";
import { labDefinition } from "./check";

const SURPRISES = [
  { lab: "vpc-peering", step: "connect", fix: /elastic ip|public ipv4/i },
  { lab: "vpc-peering", step: "ping", fix: /all icmp|inbound rule|security group/i },
  { lab: "vpc-endpoints", step: "connect", fix: /elastic ip|public ipv4/i },
] as const;

describe("steps meet their surprise before they explain it", () => {
  it.each(SURPRISES)("$lab step $step says what to do, not how to fix what will go wrong", ({ lab, step, fix }) => {
    const definition = labDefinition(lab).steps.find((candidate) => candidate.id === step)!;
    const shownBefore = [...definition.instructions, definition.doneMeans, definition.doing?.nextAction ?? ""].join("\n");
    expect(shownBefore).not.toMatch(fix);
    expect(`${definition.troubleshooting?.title}\n${definition.troubleshooting?.explanation}`).toMatch(fix);
  });
});
