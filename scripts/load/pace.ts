/**
 * A student's pace: calls come in bursts (a step's few calls close together), with a pause to read
 * and think between bursts, so that the calls average one every `meanGapMs`. Seeded, so two runs
 * with the same seed drive the server with the same schedule.
 */

/** Calls in a burst: 1 to MAX_BURST, evenly. */
export const MAX_BURST = 5;
/** The gap between two calls of one burst: 50–250 ms, as a script or a quick student clicks. */
const BURST_GAP = { min: 50, max: 250 };

/** The shortest pause between bursts: reading the next step takes at least this. */
const MIN_THINK_MS = 500;

/**
 * The gaps (ms) to wait before each call. A burst of k calls costs one think pause plus k-1 burst
 * gaps; the think pause's mean is chosen so the mean gap over all calls is `meanGapMs`.
 */
export function paceGaps(random: () => number, meanGapMs: number): () => number {
  const meanBurst = (MAX_BURST + 1) / 2;
  const meanBurstGap = (BURST_GAP.min + BURST_GAP.max) / 2;
  const meanThink = Math.max(0, meanGapMs * meanBurst - (meanBurst - 1) * meanBurstGap);
  const minThink = Math.min(MIN_THINK_MS, meanThink);
  let leftInBurst = 0;
  return () => {
    if (leftInBurst > 0) {
      leftInBurst -= 1;
      return BURST_GAP.min + random() * (BURST_GAP.max - BURST_GAP.min);
    }
    leftInBurst = Math.floor(random() * MAX_BURST);
    // Exponential think time above the floor: most pauses short, a few long (reading the lab's text).
    return minThink - Math.log(1 - random()) * (meanThink - minThink);
  };
}

/** Thrown by a pacer whose run has reached its end (`--minutes`): the student stops there. */
export class RunOver extends Error {
  constructor() {
    super("the run's time is over");
  }
}

/**
 * Paces one student's calls: each call waits for its slot, the previous slot plus the next gap.
 * Calls a step makes side by side get slots one after another, as a student types them.
 */
export class Pacer {
  private nextSlot = performance.now();

  constructor(
    private readonly nextGap: () => number,
    /** performance.now() at which the run ends. */
    private readonly deadline = Infinity,
  ) {}

  /** Resolves at this call's slot; throws RunOver when the slot falls after the run's end. */
  async wait(): Promise<void> {
    this.nextSlot = Math.max(this.nextSlot, performance.now()) + this.nextGap();
    if (this.nextSlot > this.deadline) throw new RunOver();
    const delay = this.nextSlot - performance.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
