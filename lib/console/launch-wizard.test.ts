import { describe, expect, it } from "vitest";
import { launchWizardDescription, nextLaunchWizardName } from "@/lib/console/launch-wizard";

describe("the launch wizard's security group", () => {
  it("is launch-wizard-1 in an account without one, then the next number after the highest", () => {
    expect(nextLaunchWizardName(["default"])).toBe("launch-wizard-1");
    expect(nextLaunchWizardName(["default", "launch-wizard-1", "launch-wizard-3", "launch-wizard-x", undefined])).toBe("launch-wizard-4");
  });

  it("is described with its name and creation time, as AWS's wizard writes it", () => {
    expect(launchWizardDescription("launch-wizard-2", new Date("2026-12-03T05:19:26.123Z"))).toBe("launch-wizard-2 created 2026-12-03T05:19:26.123Z");
  });
});
