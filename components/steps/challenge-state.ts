import type { ChallengeState, ChallengeView } from "@/lib/labs/break-it";

/** How far a challenge has gone: help asked, then closed (fixed, or ended by a reset or teardown). It never goes back. */
function progressOf(challenge: ChallengeView): number {
  return (challenge.closedBy ? 1_000_000 : 0) + challenge.helpRequests;
}

/**
 * The later of what the panel shows and what a read brought: a read of the account that began
 * before the panel's own answer (the fix accepted, help given) must not put the challenge back.
 */
export function laterChallengeState(shown: ChallengeState | undefined, read: ChallengeState): ChallengeState {
  const [mine, theirs] = [shown?.challenge, read.challenge];
  if (!shown || !mine) return read;
  if (!theirs || theirs.id < mine.id) return shown;
  if (theirs.id > mine.id) return read;
  return progressOf(theirs) >= progressOf(mine) ? read : shown;
}
