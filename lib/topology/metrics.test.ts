import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketNameLines, metricsFor } from "./metrics";
import { textWidth } from "./svg/markup";

/** The export's rule: bold 13 px within the box's 10 px padding each side. */
const fits = (line: string) => textWidth(line, 13, "sans", true) <= metricsFor(false).bucketSize.width - 20;

describe("bucketNameLines", () => {
  it("keeps a short name on one line", () => {
    expect(bucketNameLines("lab2-bucket")).toEqual(["lab2-bucket"]);
  });

  it("splits the name Do it for me gives after a dash, its unique end whole", () => {
    expect(bucketNameLines("vpc-lab-endpoints-831379119403-a1b2c3d4")).toEqual(["vpc-lab-endpoints-", "831379119403-a1b2c3d4"]);
  });

  it("fills the first line when the only separator comes early (the second line was cut)", () => {
    const name = "my-verylongbucketnamewithoutanyseparators0123";
    const lines = bucketNameLines(name);
    expect(lines.join("")).toBe(name);
    expect(lines[0].length).toBeGreaterThan(3);
    expect(lines.every(fits)).toBe(true);
  });

  it("never loses or reorders a character, and splits at a separator whenever that fits both lines", () => {
    const bucketChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-.".split(""));
    fc.assert(
      fc.property(fc.array(bucketChar, { minLength: 3, maxLength: 63 }).map((chars) => chars.join("")), (name) => {
        const lines = bucketNameLines(name);
        expect(lines.join("")).toBe(name);
        expect(fits(lines[0])).toBe(true);
        if (lines.length === 1) return;
        const separatorSplitFits = [...name].some((char, index) => (char === "-" || char === ".") && fits(name.slice(0, index + 1)) && fits(name.slice(index + 1)));
        if (separatorSplitFits) expect(lines[0]).toMatch(/[-.]$/);
        // A name two full lines can hold is never cut.
        const filledFirst = [...name].findIndex((_, index) => !fits(name.slice(0, index + 1)));
        if (fits(name.slice(filledFirst))) expect(fits(lines[1])).toBe(true);
      }),
    );
  });
});
