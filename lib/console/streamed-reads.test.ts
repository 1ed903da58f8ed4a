import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHANGE_READ_QUIET_MS } from "./change-reads";
import { isTabId, StreamedReads, StreamedReadsRegistry } from "./streamed-reads";

/** A read that takes `readMs` of (fake) time; `starts` records when each began. */
function readsTaking(readMs: number) {
  const starts: number[] = [];
  const reads = new StreamedReads(async () => {
    starts.push(Date.now());
    await new Promise((done) => setTimeout(done, readMs));
  });
  return { reads, starts };
}

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe("a lab page's reads carried by its stream", () => {
  it("reads once a burst of changes has settled, as the page would have", async () => {
    const { reads, starts } = readsTaking(40);
    for (const gap of [0, 100, 50]) {
      await vi.advanceTimersByTimeAsync(gap);
      reads.changed();
    }
    await vi.advanceTimersByTimeAsync(2_000);
    expect(starts).toEqual([150 + CHANGE_READ_QUIET_MS]);
  });

  it("reads one at a time: changes during a read ask for exactly one read after it", async () => {
    const { reads, starts } = readsTaking(1_000);
    reads.changed();
    await vi.advanceTimersByTimeAsync(CHANGE_READ_QUIET_MS + 10);
    for (let n = 0; n < 3; n += 1) {
      reads.changed();
      await vi.advanceTimersByTimeAsync(CHANGE_READ_QUIET_MS + 10);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual([CHANGE_READ_QUIET_MS, CHANGE_READ_QUIET_MS + 1_000]);
  });

  it("drops the read it waits to make when the page reads the account itself", async () => {
    const { reads, starts } = readsTaking(40);
    reads.changed();
    await vi.advanceTimersByTimeAsync(100);
    reads.readStarting();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(starts).toEqual([]);
    // A change after the page's read began is read by the stream.
    reads.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(starts).toEqual([2_100 + CHANGE_READ_QUIET_MS]);
  });

  it("goes on after a read that fails: the failure is logged, not thrown into the process, and the next change reads again", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let attempts = 0;
    const reads = new StreamedReads(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("the database went away");
    });
    reads.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    reads.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(attempts).toBe(2);
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  it("reads nothing more once its stream has ended", async () => {
    const { reads, starts } = readsTaking(40);
    reads.changed();
    reads.close();
    reads.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(starts).toEqual([]);
  });
});

describe("the page's own read reaching its stream", () => {
  it("reaches only the stream of the same user and tab", async () => {
    const registry = new StreamedReadsRegistry();
    const mine = readsTaking(10);
    const theirs = readsTaking(10);
    registry.add("student-a", "tab12345", mine.reads);
    registry.add("student-b", "tab12345", theirs.reads);
    mine.reads.changed();
    theirs.reads.changed();
    // Another user naming the same tab id reaches their own stream only.
    registry.readStarting("student-a", "tab12345");
    await vi.advanceTimersByTimeAsync(2_000);
    expect(mine.starts).toEqual([]);
    expect(theirs.starts).toEqual([CHANGE_READ_QUIET_MS]);
  });

  it("forgets a stream once it ends, and a newer stream of the tab is not removed by the older's end", () => {
    const registry = new StreamedReadsRegistry();
    const removeOld = registry.add("student-a", "tab12345", readsTaking(10).reads);
    registry.add("student-a", "tab12345", readsTaking(10).reads);
    removeOld();
    expect(registry.size).toBe(1);
  });

  it("takes only tab ids of the page's making", () => {
    expect(isTabId("k3j2h4l5m6n7p8q9r0s1t2u3")).toBe(true);
    for (const bad of [undefined, null, "", "short", "a".repeat(65), "../../etc", "tab with spaces", 12345678]) expect(isTabId(bad)).toBe(false);
  });
});
