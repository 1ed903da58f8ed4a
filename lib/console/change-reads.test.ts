import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHANGE_READ_MAX_WAIT_MS, CHANGE_READ_QUIET_MS, ChangeReadCoalescer } from "./change-reads";

let reads: number[];
let coalescer: ChangeReadCoalescer;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  reads = [];
  coalescer = new ChangeReadCoalescer(() => reads.push(Date.now()));
});
afterEach(() => {
  coalescer.cancel();
  vi.useRealTimers();
});

describe("reads after a burst of changes", () => {
  it("reads once a single change has been quiet for the quiet time", () => {
    coalescer.changed();
    vi.advanceTimersByTime(CHANGE_READ_QUIET_MS - 1);
    expect(reads).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reads).toEqual([CHANGE_READ_QUIET_MS]);
  });

  it("reads a burst of changes (a script's calls 50–200 ms apart) once, after its last change", () => {
    for (const gap of [0, 120, 50, 200, 80]) {
      vi.advanceTimersByTime(gap);
      coalescer.changed();
    }
    vi.advanceTimersByTime(5_000);
    expect(reads).toEqual([450 + CHANGE_READ_QUIET_MS]);
  });

  it("reads a change stream that never pauses at least once a second", () => {
    for (let n = 0; n < 30; n += 1) {
      coalescer.changed();
      vi.advanceTimersByTime(100);
    }
    expect(reads).toEqual([CHANGE_READ_MAX_WAIT_MS, 2 * CHANGE_READ_MAX_WAIT_MS, 3 * CHANGE_READ_MAX_WAIT_MS]);
  });

  it("leaves nothing waiting once another read starts: it shows the changes already announced", () => {
    coalescer.changed();
    vi.advanceTimersByTime(100);
    coalescer.readStarting();
    vi.advanceTimersByTime(5_000);
    expect(reads).toEqual([]);
    coalescer.changed();
    vi.advanceTimersByTime(CHANGE_READ_QUIET_MS);
    expect(reads).toEqual([5_100 + CHANGE_READ_QUIET_MS]);
  });
});
