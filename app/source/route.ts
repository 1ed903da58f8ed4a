import { runningSourceZip } from "@/lib/source/archive";

export const dynamic = "force-dynamic";

/**
 * The source of the running version (AGPL-3.0 §13), open to everyone who can reach the console.
 * VPCLAB_SOURCE_URL sends users to a published copy of it instead.
 */
export function GET(): Response {
  const published = process.env.VPCLAB_SOURCE_URL;
  if (published) return Response.redirect(published, 302);
  return new Response(Buffer.from(runningSourceZip()), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": 'attachment; filename="vpc-lab-source.zip"',
      "Cache-Control": "no-store",
    },
  });
}
