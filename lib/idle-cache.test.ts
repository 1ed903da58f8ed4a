import { afterEach, describe, expect, it, vi } from "vitest";
import { IdleCache } from "./idle-cache";

afterEach(() => vi.useRealTimers());

describe("IdleCache", () => {
  it("keeps an entry used within idleMs and drops one unused for longer", () => {
    const cache = new IdleCache<string, number>(1_000);
    cache.set("used", 1, 0);
    cache.set("unused", 2, 0);
    expect(cache.get("used", 900)).toBe(1);
    cache.dropIdle(1_500);
    expect(cache.get("used", 1_500)).toBe(1);
    expect(cache.get("unused", 1_500)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it("drops the entry used longest ago when full", () => {
    const cache = new IdleCache<string, number>(1_000, 2);
    cache.set("a", 1, 0);
    cache.set("b", 2, 1);
    cache.get("a", 2);
    cache.set("c", 3, 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
  });

  it("sweeps on its own while it holds anything, and stops its timer once empty", () => {
    vi.useFakeTimers();
    const cache = new IdleCache<string, number>(1_000);
    cache.set("a", 1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(cache.size).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(cache.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
