import { describe, expect, it } from "vitest";
import { rssPerAccountMb } from "./report";

const MB = 1024 * 1024;

describe("the load run's memory per account", () => {
  it("is what the accounts added, in MB", () => {
    expect(rssPerAccountMb(700 * MB, 800 * MB, 200)).toBe(0.5);
  });

  it("is unknown, never a figure that meets the target, when the server's RSS fell over the run", () => {
    expect(rssPerAccountMb(1080 * MB, 677 * MB, 3)).toBeUndefined();
    expect(rssPerAccountMb(undefined, 677 * MB, 3)).toBeUndefined();
    expect(rssPerAccountMb(700 * MB, 800 * MB, 0)).toBeUndefined();
  });
});
