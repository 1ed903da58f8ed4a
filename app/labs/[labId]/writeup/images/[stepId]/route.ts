import { withUser } from "@/lib/action-pipeline/with-user";
import { isLabId } from "@/lib/labs/check";
import { loadStepImage } from "@/lib/labs/progress";

/** The diagram captured when the step completed (the signed-in user's own only). */
export const GET = withUser(async (_request: Request, user, { params }: { params: Promise<{ labId: string; stepId: string }> }) => {
  const { labId, stepId } = await params;
  if (!isLabId(labId)) return new Response("No such lab.", { status: 404 });
  const png = await loadStepImage(user.id, labId, stepId);
  if (!png) return new Response("No diagram for this step.", { status: 404 });
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Cache-Control": "private, no-store" } });
});
