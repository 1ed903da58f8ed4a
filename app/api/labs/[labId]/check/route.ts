import { checkLabAction } from "@/lib/actions/check-lab";
import { actionResponse, bodyFields, withJsonBody } from "@/lib/api/action-response";
import { sameOriginOnly } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ labId: string }> };

/** Check my work (body `{ stepId }`), or the console's own check after a change (no step): lib/actions/check-lab.ts. */
export const POST = sameOriginOnly(async (request: Request, { params }: Params): Promise<Response> => {
  const { labId } = await params;
  return withJsonBody(request, async (body) => {
    const { stepId } = bodyFields(body);
    return actionResponse(await checkLabAction({ labId, stepId } as Parameters<typeof checkLabAction>[0]));
  });
});
