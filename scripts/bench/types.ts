/** One figure of `npm run bench`; lower is better unless `higherIsBetter`. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: number;
  ok: boolean;
  higherIsBetter?: boolean;
  /** The machine's 1-minute load average while the figure's module ran (set by bench.ts). */
  load?: string;
  /** The Node version the figure's processes ran on (set by bench.ts). */
  node?: string;
}

export function result(name: string, value: number, unit: string, target: number, higherIsBetter = false): BenchResult {
  const rounded = Math.round(value * 1000) / 1000;
  return { name, value: rounded, unit, target, ok: higherIsBetter ? value >= target : value <= target, higherIsBetter };
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
