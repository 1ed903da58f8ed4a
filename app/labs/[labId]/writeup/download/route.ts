import { currentUser } from "@/lib/auth/session";
import { isLabId } from "@/lib/labs/check";
import { loadStepImages } from "@/lib/labs/progress";
import { loadWriteup, writeupFileName, writeupZip } from "@/lib/labs/writeup";

/** The write-up as a zip: README.md and images/step-N.png. */
export async function GET(_request: Request, { params }: { params: Promise<{ labId: string }> }) {
  const user = await currentUser();
  if (!user) return new Response("Sign in to download your write-up.", { status: 401 });
  const { labId } = await params;
  if (!isLabId(labId)) return new Response("No such lab.", { status: 404 });
  const [{ markdown, steps }, images] = await Promise.all([loadWriteup(user, labId), loadStepImages(user.id, labId)]);
  const byNumber = new Map(steps.flatMap((step) => (step.imagePath && images.has(step.id) ? [[step.number, images.get(step.id)!] as [number, Buffer]] : [])));
  const zip = writeupZip(markdown, byNumber);
  return new Response(new Uint8Array(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${writeupFileName(labId)}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}
