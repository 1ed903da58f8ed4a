"use server";

import { z } from "zod";
import { type ChallengeView, currentChallenge, faultsOfLab } from "@/lib/labs/break-it";
import { authAction } from "@/lib/action-pipeline/auth-action";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

export interface ChallengeState {
  challenge: ChallengeView | null;
  /** The lab's faults, for a student who wants to choose (it tells them what breaks). */
  choices: Array<{ id: string; title: string }>;
}

/** The lab's open (or last) Break it challenge, for the console. */
export async function loadChallengeAction(values: z.input<typeof input>) {
  return authAction(
    input,
    values,
    async ({ user }, { labId }): Promise<{ data: ChallengeState }> => ({
      data: { challenge: (await currentChallenge(user.id, labId)) ?? null, choices: faultsOfLab(labId).map(({ id, title }) => ({ id, title })) },
    }),
    { allowedInReadOnlyView: true },
  );
}
