import { afterEach, describe, expect, it } from "vitest";
import { resetSandboxDelays, sandboxDelayMode, sandboxDelays, setSandboxDelays } from "./settings";

afterEach(() => {
  resetSandboxDelays();
});

describe("sandbox delays", () => {
  it("are none under tests and CI unless set, realistic otherwise", () => {
    expect(sandboxDelayMode({ NODE_ENV: "test" })).toBe("none");
    expect(sandboxDelayMode({ NODE_ENV: "production", CI: "true" })).toBe("none");
    expect(sandboxDelayMode({ NODE_ENV: "production" })).toBe("realistic");
    expect(sandboxDelayMode({ NODE_ENV: "test", VPCLAB_SANDBOX_DELAYS: "realistic" })).toBe("realistic");
  });

  it("are zero for none and seconds for realistic; terminated instances stay listed an hour in both, as in EC2", () => {
    expect(sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "none" })).toEqual({
      instancePendingMs: 0,
      instanceStoppingMs: 0,
      instanceShuttingDownMs: 0,
      terminatedVisibleMs: 3_600_000,
      peeringProvisioningMs: 0,
      endpointPendingMs: 0,
    });
    expect(sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "realistic" })).toEqual({
      instancePendingMs: 4000,
      instanceStoppingMs: 3000,
      instanceShuttingDownMs: 3000,
      terminatedVisibleMs: 3_600_000,
      peeringProvisioningMs: 2000,
      endpointPendingMs: 0,
    });
  });

  it("take overrides after the mode, by the setting's name without Ms", () => {
    const delays = sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "realistic, instancePending=8000,endpointPending=2000" });
    expect(delays).toMatchObject({ instancePendingMs: 8000, endpointPendingMs: 2000, instanceStoppingMs: 3000 });
    expect(sandboxDelayMode({ VPCLAB_SANDBOX_DELAYS: "none,peeringProvisioning=500" })).toBe("none");
    expect(sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "none,peeringProvisioning=500" }).peeringProvisioningMs).toBe(500);
  });

  it("refuse an unknown mode, an unknown delay or a bad number by name", () => {
    expect(() => sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "fast" })).toThrow(/not "fast": unknown mode "fast"/);
    expect(() => sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "none,natPending=10" })).toThrow(/unknown delay "natPending"/);
    expect(() => sandboxDelays({ VPCLAB_SANDBOX_DELAYS: "none,instancePending=soon" })).toThrow(/"instancePending=soon" is not name=milliseconds/);
  });

  it("can be set for the process and reset to the configured ones", () => {
    const env = { VPCLAB_SANDBOX_DELAYS: "none" };
    setSandboxDelays({ instancePendingMs: 8000 });
    setSandboxDelays({ endpointPendingMs: 1000 });
    expect(sandboxDelays(env)).toMatchObject({ instancePendingMs: 8000, endpointPendingMs: 1000, instanceStoppingMs: 0 });
    expect(() => setSandboxDelays({ instancePendingMs: -1 })).toThrow("sandbox delay instancePendingMs must be a whole number of milliseconds >= 0, not -1");
    resetSandboxDelays();
    expect(sandboxDelays(env).instancePendingMs).toBe(0);
  });
});
