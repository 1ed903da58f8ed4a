import { withUser } from "@/lib/action-pipeline/with-user";
import { isLabId } from "@/lib/labs/check";
import { loadMomentDiagram } from "@/lib/labs/moment-store";

/** The diagram drawn when a moment happened (the signed-in user's own only, of any run: earlier runs are listed too), as SVG. */
export const GET = withUser(async (_request: Request, user, { params }: { params: Promise<{ labId: string; momentId: string }> }) => {
  const { labId, momentId } = await params;
  if (!isLabId(labId)) return new Response("No such lab.", { status: 404 });
  const diagramSvg = /^\d{1,15}$/.test(momentId) ? await loadMomentDiagram(user.id, labId, Number(momentId)) : undefined;
  if (diagramSvg === undefined) return new Response("No such moment.", { status: 404 });
  // An SVG served as an image from our origin: no script runs in it (CSP sandbox), it is drawn by the renderer only.
  return new Response(diagramSvg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox", "Cache-Control": "private, no-store" } });
});
