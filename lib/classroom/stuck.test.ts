import { describe, expect, it } from "vitest";
import { stuckReason } from "./stuck";

const rule = { minutes: 10, failedChecks: 3 };
const now = Date.parse("2026-12-03T10:00:00Z");
const since = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

describe("the stuck mark", () => {
  it("marks a student on one step past the class's time", () => {
    expect(stuckReason({ currentStepId: "routes", stepSince: since(9.9), failedChecksInRow: 0 }, rule, now)).toBeUndefined();
    expect(stuckReason({ currentStepId: "routes", stepSince: since(10), failedChecksInRow: 0 }, rule, now)).toBe("time");
  });

  it("marks repeated failing checks on the step, however recent the step", () => {
    expect(stuckReason({ currentStepId: "routes", stepSince: since(1), failedChecksInRow: 2 }, rule, now)).toBeUndefined();
    expect(stuckReason({ currentStepId: "routes", stepSince: since(1), failedChecksInRow: 3 }, rule, now)).toBe("checks");
  });

  it("never marks a finished lab", () => {
    expect(stuckReason({ currentStepId: null, stepSince: since(600), failedChecksInRow: 9 }, rule, now)).toBeUndefined();
  });
});
