import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/seeded-random";
import { MAX_BURST, paceGaps } from "./pace";

const BURST_GAP_MAX = 250;

function gaps(seed: number, count: number, meanGapMs = 2000): number[] {
  const next = paceGaps(seededRandom(seed), meanGapMs);
  return Array.from({ length: count }, () => next());
}

describe("a student's pace", () => {
  it("averages the asked gap between calls (one call every 2 s)", () => {
    const all = gaps(7, 200_000);
    const mean = all.reduce((sum, gap) => sum + gap, 0) / all.length;
    expect(mean).toBeGreaterThan(1900);
    expect(mean).toBeLessThan(2100);
  });

  it("comes in bursts: runs of quick calls, never longer than a burst, between longer pauses", () => {
    const all = gaps(3, 20_000);
    const quick = all.filter((gap) => gap <= BURST_GAP_MAX).length;
    expect(quick / all.length).toBeGreaterThan(0.5);
    let run = 0;
    let longest = 0;
    for (const gap of all) {
      run = gap <= BURST_GAP_MAX ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    // A burst of k calls has k-1 quick gaps; the think pause before the next burst is longer.
    expect(longest).toBe(MAX_BURST - 1);
    expect(all.some((gap) => gap > 10_000)).toBe(true);
  });

  it("is the same schedule for the same seed, another for another seed", () => {
    expect(gaps(42, 50)).toEqual(gaps(42, 50));
    expect(gaps(43, 50)).not.toEqual(gaps(42, 50));
  });
});
