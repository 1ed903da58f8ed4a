import { loadLabStepsAction } from "@/lib/actions/load-lab-steps";
import { actionResponse } from "@/lib/api/action-response";

export const dynamic = "force-dynamic";

/** The step rail's opening read: the lab's steps, the live checks, progress and notes. */
export async function GET(_request: Request, { params }: { params: Promise<{ labId: string }> }): Promise<Response> {
  const { labId } = await params;
  return actionResponse(await loadLabStepsAction({ labId } as Parameters<typeof loadLabStepsAction>[0]));
}
