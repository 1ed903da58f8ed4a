import type { DoItReport } from "@/lib/labs/steps";

/** The one-time answer of a Check or Do it for me on a step: its error, or its message and report. */
export interface StepOutcome {
  error?: { code: string; message: string };
  message?: string;
  report?: DoItReport;
  /** The account's change count (use-live-console.ts) at the first read after the outcome: the account as its action left it. */
  seenAtChange?: number;
}

/**
 * A one-time answer ("Created 1 thing", "Not done yet: …", an error) describes the account as its
 * action left it: it stays through reads that find the account unchanged (the console's polls) and
 * goes with the first change after the read its own action caused (the live checks speak then).
 */
export function outcomesStillTrue(outcomes: Record<string, StepOutcome>, accountChanges: number): Record<string, StepOutcome> {
  const kept: Record<string, StepOutcome> = {};
  for (const [stepId, outcome] of Object.entries(outcomes)) {
    const seenAtChange = outcome.seenAtChange ?? accountChanges;
    if (seenAtChange === accountChanges) kept[stepId] = { ...outcome, seenAtChange };
  }
  return kept;
}

/**
 * How a check that came with a read of the account stands against the one the rail shows, by the
 * account versions they began at (sandbox; undefined on real AWS, where every check is taken):
 * "same" judged this very state, "older" began before it — a read started before the student's
 * Check my work or Do it for me and landing after it, which would put back on the rail what the
 * student just saw change.
 */
export function checkAgainstShown(checkVersion: number | undefined, shownVersion: number | undefined): "older" | "same" | "newer" {
  if (checkVersion === undefined || shownVersion === undefined) return "newer";
  if (checkVersion === shownVersion) return "same";
  return checkVersion < shownVersion ? "older" : "newer";
}
