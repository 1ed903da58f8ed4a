import { withUser } from "@/lib/action-pipeline/with-user";
import { isLabId } from "@/lib/labs/check";
import { exportWriteup, type WriteupFormat } from "@/lib/labs/writeup-export";
import { ChromiumMissingError } from "@/lib/labs/writeup-pdf";

const FORMATS = new Set<WriteupFormat>(["zip", "html", "pdf"]);

/** GET /labs/<lab>/writeup/export/zip|html|pdf: the signed-in user's own write-up, as a download. */
export const GET = withUser(async (_request: Request, user, { params }: { params: Promise<{ labId: string; format: string }> }) => {
  const { labId, format } = await params;
  if (!isLabId(labId)) return new Response("No such lab.", { status: 404 });
  if (!FORMATS.has(format as WriteupFormat)) return new Response("The write-up exports as zip, html or pdf.", { status: 404 });
  try {
    const download = await exportWriteup(user, labId, format as WriteupFormat);
    return new Response(new Uint8Array(download.body), {
      headers: { "Content-Type": download.contentType, "Content-Disposition": `attachment; filename="${download.fileName}"`, "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (error instanceof ChromiumMissingError) return new Response(error.message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
});
