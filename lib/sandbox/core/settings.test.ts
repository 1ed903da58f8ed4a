import { describe, expect, it } from "vitest";
import { sandboxDelayMode, sandboxDelays } from "./settings";

describe("sandbox delays", () => {
  it("are none under tests and CI unless set, realistic otherwise", () => {
    expect(sandboxDelayMode({ NODE_ENV: "test" })).toBe("none");
    expect(sandboxDelayMode({ NODE_ENV: "production", CI: "true" })).toBe("none");
    expect(sandboxDelayMode({ NODE_ENV: "production" })).toBe("realistic");
    expect(sandboxDelayMode({ NODE_ENV: "test", VPCLAB_SANDBOX_DELAYS: "realistic" })).toBe("realistic");
  });

  it("are all zero for none, and seconds (an hour for terminated instances) for realistic", () => {
    expect(sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "none" })).toEqual({
      instancePendingMs: 0,
      instanceStoppingMs: 0,
      instanceShuttingDownMs: 0,
      terminatedVisibleMs: 0,
      peeringProvisioningMs: 0,
    });
    expect(sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "realistic" })).toEqual({
      instancePendingMs: 4000,
      instanceStoppingMs: 3000,
      instanceShuttingDownMs: 3000,
      terminatedVisibleMs: 3_600_000,
      peeringProvisioningMs: 2000,
    });
  });

  it("refuse an unknown mode by name", () => {
    expect(() => sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "fast" })).toThrow('VPCLAB_SANDBOX_DELAYS must be "none" or "realistic", not "fast"');
  });
});
