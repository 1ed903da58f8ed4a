import { withUser } from "@/lib/action-pipeline/with-user";
import { summariesForPresenter } from "@/lib/classroom/summary";
import { isLabId } from "@/lib/labs/check";

export const dynamic = "force-dynamic";

/** Presenter mode's class summary: the signed-in instructor's classes on the lab (none for a student). */
export const GET = withUser(async (request: Request, user): Promise<Response> => {
  const labId = new URL(request.url).searchParams.get("labId") ?? "";
  if (!isLabId(labId)) return Response.json({ error: "Choose a lab." }, { status: 400 });
  const summaries = user.role === "instructor" ? await summariesForPresenter(user.id, labId) : [];
  return Response.json(summaries, { headers: { "Cache-Control": "no-store" } });
});
