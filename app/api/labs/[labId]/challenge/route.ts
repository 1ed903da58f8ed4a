import { loadChallengeAction } from "@/lib/actions/load-challenge";
import { actionResponse } from "@/lib/api/action-response";

export const dynamic = "force-dynamic";

/** The lab's open (or last) Break it challenge. */
export async function GET(_request: Request, { params }: { params: Promise<{ labId: string }> }): Promise<Response> {
  const { labId } = await params;
  return actionResponse(await loadChallengeAction({ labId } as Parameters<typeof loadChallengeAction>[0]));
}
