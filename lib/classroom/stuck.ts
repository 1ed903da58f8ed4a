/**
 * The class board's "stuck" mark: a student still on one step past the class's time, or after
 * failing Check my work that many times in a row on it. A finished lab is never stuck.
 */
export interface StuckRule {
  minutes: number;
  failedChecks: number;
}

export interface StepState {
  /** Null once every step of the lab is done (or before the lab was opened). */
  currentStepId: string | null;
  /** When the student reached the current step (ISO). */
  stepSince: string | null;
  failedChecksInRow: number;
}

export type StuckReason = "time" | "checks";

export function stuckReason(state: StepState, rule: StuckRule, now: number): StuckReason | undefined {
  if (!state.currentStepId) return undefined;
  if (state.failedChecksInRow >= rule.failedChecks) return "checks";
  if (state.stepSince && now - Date.parse(state.stepSince) >= rule.minutes * 60_000) return "time";
  return undefined;
}

export function describeStuck(reason: StuckReason, rule: StuckRule): string {
  return reason === "checks" ? `${rule.failedChecks}+ failing checks in a row` : `over ${rule.minutes} min on this step`;
}
