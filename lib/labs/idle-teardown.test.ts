import { describe, expect, it } from "vitest";
import { idleTeardownMinutes } from "./idle-teardown";

describe("VPCLAB_IDLE_TEARDOWN_MINUTES", () => {
  it("defaults to 120 minutes in real mode and off in the sandbox", () => {
    expect(idleTeardownMinutes({}, "real")).toBe(120);
    expect(idleTeardownMinutes({}, "sandbox")).toBeUndefined();
  });

  it("takes minutes, 0 or off", () => {
    expect(idleTeardownMinutes({ VPCLAB_IDLE_TEARDOWN_MINUTES: "45" }, "real")).toBe(45);
    expect(idleTeardownMinutes({ VPCLAB_IDLE_TEARDOWN_MINUTES: "30" }, "sandbox")).toBe(30);
    expect(idleTeardownMinutes({ VPCLAB_IDLE_TEARDOWN_MINUTES: "off" }, "real")).toBeUndefined();
    expect(idleTeardownMinutes({ VPCLAB_IDLE_TEARDOWN_MINUTES: "0" }, "real")).toBeUndefined();
  });

  it("refuses anything else, naming the setting", () => {
    expect(() => idleTeardownMinutes({ VPCLAB_IDLE_TEARDOWN_MINUTES: "soon" }, "real")).toThrow('VPCLAB_IDLE_TEARDOWN_MINUTES must be a number of minutes, 0 or "off", not "soon"');
  });
});
