import { checkChallengeAction } from "@/lib/actions/check-challenge";
import { actionResponse } from "@/lib/api/action-response";
import { sameOriginOnly } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

/** "I fixed it", and the console's own look after each change while a challenge is open (lib/actions/check-challenge.ts). */
export const POST = sameOriginOnly(async (_request: Request, { params }: { params: Promise<{ labId: string }> }): Promise<Response> => {
  const { labId } = await params;
  return actionResponse(await checkChallengeAction({ labId } as Parameters<typeof checkChallengeAction>[0]));
});
