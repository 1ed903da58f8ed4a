import { loadConsoleData } from "@/lib/console/load-console";
import { actionResponse, bodyFields, withJsonBody } from "@/lib/api/action-response";
import { sameOriginOnly } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

/**
 * The console's live read of the account (see loadConsoleData). superjson keeps the SDK shapes'
 * Dates (an instance's LaunchTime) Dates; errors come back as the actions' { ok: false, error }.
 */
export async function GET(): Promise<Response> {
  return actionResponse(await loadConsoleData());
}

/**
 * The lab page's read (body `{ labId, check, activity, tab }`): the account, and what the page's rail and Break it
 * panel show of it. A POST, as `check` records the steps it finds done.
 */
export const POST = sameOriginOnly(async (request: Request): Promise<Response> =>
  withJsonBody(request, async (body) => {
    const { labId, check, activity, tab } = bodyFields(body);
    return actionResponse(await loadConsoleData({ labId, check, activity, tab } as Parameters<typeof loadConsoleData>[0]));
  }),
);
