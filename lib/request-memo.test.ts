import { describe, expect, it } from "vitest";
import { memoized, withRequestMemo } from "./request-memo";

describe("lookups shared within one console read", () => {
  it("run once per key inside a read, and every time outside one", async () => {
    let loads = 0;
    const lookup = () => memoized("lab-run\nstudent", async () => ++loads);
    expect(await withRequestMemo(async () => [await lookup(), await lookup(), await Promise.all([lookup(), lookup()])])).toEqual([1, 1, [1, 1]]);
    expect(await withRequestMemo(async () => lookup())).toBe(2);
    expect([await lookup(), await lookup()]).toEqual([3, 4]);
  });

  it("ask again after a failed lookup", async () => {
    let attempts = 0;
    const lookup = () => memoized("flaky", async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("database gone");
      return attempts;
    });
    await withRequestMemo(async () => {
      await expect(lookup()).rejects.toThrow("database gone");
      expect(await lookup()).toBe(2);
    });
  });
});
