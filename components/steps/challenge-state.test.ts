/**
 * The Break it panel keeps the later of what it shows and what a read of the account brought: a
 * read that began before the panel's own answer (the fix accepted) must not reopen the challenge
 * (seen in CI: "Fixed in …" replaced by the symptom again).
 */
import { describe, expect, it } from "vitest";
import type { ChallengeState, ChallengeView } from "@/lib/labs/break-it";
import { laterChallengeState } from "./challenge-state";

const challenge = (id: number, fields: Partial<ChallengeView> = {}): ChallengeView => ({
  id,
  labId: "vpc-peering",
  symptom: "The ping from instance 1 to instance 2 gets no answer.",
  test: "ping",
  appliedAt: "2026-12-05T10:00:00.000Z",
  appliedBy: "self",
  helpRequests: 0,
  fixed: false,
  ...fields,
});
const state = (view: ChallengeView | null): ChallengeState => ({ challenge: view, choices: [] });

describe("the Break it panel's challenge after a read of the account", () => {
  it("stays fixed when the read began before the fix was accepted", () => {
    const fixed = state(challenge(7, { fixed: true, closedBy: "fixed", helpRequests: 1 }));
    expect(laterChallengeState(fixed, state(challenge(7, { helpRequests: 1 })))).toBe(fixed);
    expect(laterChallengeState(fixed, state(null))).toBe(fixed);
  });

  it("takes the read's when it is as far or further: help asked elsewhere, a fix, an instructor's new round", () => {
    const open = state(challenge(7));
    const helped = state(challenge(7, { helpRequests: 1 }));
    expect(laterChallengeState(open, helped)).toBe(helped);
    const closedByReset = state(challenge(7, { closedBy: "reset" }));
    expect(laterChallengeState(helped, closedByReset)).toBe(closedByReset);
    const newRound = state(challenge(8, { appliedBy: "instructor" }));
    expect(laterChallengeState(closedByReset, newRound)).toBe(newRound);
    expect(laterChallengeState(newRound, closedByReset)).toBe(newRound);
    expect(laterChallengeState(undefined, open)).toBe(open);
    expect(laterChallengeState(state(null), open)).toBe(open);
  });
});
