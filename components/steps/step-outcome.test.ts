/**
 * What the step rail does with a check that came with a read of the account: a read that began
 * before the student's Check my work or Do it for me and lands after it must not put the older
 * results back on the rail (the rail showed a step done, then not done, until the next read).
 */
import { describe, expect, it } from "vitest";
import { checkAgainstShown, outcomesStillTrue } from "./step-outcome";

describe("a read's check against the one the rail shows", () => {
  it("is older when it began at an earlier account version: the rail keeps what it shows", () => {
    expect(checkAgainstShown(11, 12)).toBe("older");
    expect(checkAgainstShown(0, 1)).toBe("older");
  });

  it("is the same when it judged this very state, newer when it began later", () => {
    expect(checkAgainstShown(12, 12)).toBe("same");
    expect(checkAgainstShown(13, 12)).toBe("newer");
  });

  it("is taken when either version is unknown: real AWS has none, and the sandbox gives none while new ids are still hidden", () => {
    expect(checkAgainstShown(undefined, 12)).toBe("newer");
    expect(checkAgainstShown(12, undefined)).toBe("newer");
    expect(checkAgainstShown(undefined, undefined)).toBe("newer");
  });
});

describe("a step's one-time answer", () => {
  const outcome = { message: "Created 1 thing." };

  it("stays through reads that find the account as its action left it and goes with the next change", () => {
    const seen = outcomesStillTrue({ vpc: outcome }, 3);
    expect(seen).toEqual({ vpc: { ...outcome, seenAtChange: 3 } });
    expect(outcomesStillTrue(seen, 3)).toEqual(seen);
    expect(outcomesStillTrue(seen, 4)).toEqual({});
  });
});
