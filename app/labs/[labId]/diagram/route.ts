import { withUser } from "@/lib/action-pipeline/with-user";
import { isLabId } from "@/lib/labs/check";
import { loadAccountForUser } from "@/lib/labs/console-data";
import { type DiagramFormat, renderLabDiagram } from "@/lib/labs/diagram-image";
import type { Highlight } from "@/lib/topology/types";

const MAX_IDS = 200;
const MAX_ID_LENGTH = 255;
const MAX_CAPTION = 200;

/** ?tone=ok|blocked&ids=a,b: the last test's path as the console paints it. */
function highlightFrom(query: URLSearchParams): Highlight | undefined {
  const tone = query.get("tone");
  if (tone !== "ok" && tone !== "blocked") return undefined;
  const ids = (query.get("ids") ?? "").split(",").filter((id) => id && id.length <= MAX_ID_LENGTH).slice(0, MAX_IDS);
  return { ids, tone };
}

/**
 * The lab diagram of the signed-in user's own account, drawn on the server:
 * GET /labs/<lab>/diagram?format=svg|png[&tone=ok|blocked&ids=…&test=caption].
 */
export const GET = withUser(async (request: Request, user, { params }: { params: Promise<{ labId: string }> }) => {
  const { labId } = await params;
  if (!isLabId(labId)) return new Response("No such lab.", { status: 404 });
  const query = new URL(request.url).searchParams;
  const format = query.get("format") ?? "svg";
  if (format !== "svg" && format !== "png") return new Response("format must be svg or png.", { status: 400 });
  try {
    const { snapshot } = await loadAccountForUser(user.id);
    const image = await renderLabDiagram(snapshot, {
      labId,
      format: format satisfies DiagramFormat,
      highlight: highlightFrom(query),
      testCaption: query.get("test")?.slice(0, MAX_CAPTION) || undefined,
      at: new Date(),
    });
    return new Response(new Uint8Array(image.body), { headers: { "Content-Type": image.contentType, "Cache-Control": "private, no-store" } });
  } catch (error) {
    console.error("diagram export failed", error);
    return new Response("Could not read your account to draw the diagram; try again.", { status: 503 });
  }
});
