import { saveStepDiagramAction } from "@/lib/actions/save-step-image";
import { actionResponse, bodyFields, withJsonBody } from "@/lib/api/action-response";
import { sameOriginOnly } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

/** Draws the diagram for the steps just completed (body `{ stepIds }`), for the write-up. */
export const POST = sameOriginOnly(async (request: Request, { params }: { params: Promise<{ labId: string }> }): Promise<Response> => {
  const { labId } = await params;
  return withJsonBody(request, async (body) => {
    const { stepIds } = bodyFields(body);
    return actionResponse(await saveStepDiagramAction({ labId, stepIds } as Parameters<typeof saveStepDiagramAction>[0]));
  });
});
