import type { DoItReport } from "@/lib/labs/steps";

/** The one-time answer of a Check or Do it for me on a step: its error, or its message and report. */
export interface StepOutcome {
  error?: { code: string; message: string };
  message?: string;
  report?: DoItReport;
  /** The console's reads of the account (`loadedAt`) the outcome has seen: its own action's is the first; any later one makes it history. */
  loadsSeen?: string[];
}

/**
 * A one-time answer ("Created 1 thing", an error) describes the account as its action left it: it
 * stays through the read its own action caused, and goes with the next (the live checks speak then).
 */
export function outcomesStillTrue(outcomes: Record<string, StepOutcome>, loadedAt: string): Record<string, StepOutcome> {
  const kept: Record<string, StepOutcome> = {};
  for (const [stepId, outcome] of Object.entries(outcomes)) {
    const loadsSeen = [...new Set([...(outcome.loadsSeen ?? []), loadedAt])];
    if (loadsSeen.length <= 1) kept[stepId] = { ...outcome, loadsSeen };
  }
  return kept;
}
