import { currentUser } from "@/lib/auth/session";
import { isLabId } from "@/lib/labs/check";
import { loadStepImage } from "@/lib/labs/progress";

/** The diagram captured when the step completed (the signed-in user's own only). */
export async function GET(_request: Request, { params }: { params: Promise<{ labId: string; stepId: string }> }) {
  const user = await currentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  const { labId, stepId } = await params;
  if (!isLabId(labId)) return new Response("No such lab.", { status: 404 });
  const png = await loadStepImage(user.id, labId, stepId);
  if (!png) return new Response("No diagram for this step.", { status: 404 });
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Cache-Control": "private, no-store" } });
}
