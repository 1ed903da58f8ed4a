import { GET as exportGet } from "../export/[format]/route";

/** The write-up as a zip: README.md and its images (the first download; /export/html and /export/pdf are the others). */
export async function GET(request: Request, { params }: { params: Promise<{ labId: string }> }) {
  const { labId } = await params;
  return exportGet(request, { params: Promise.resolve({ labId, format: "zip" }) });
}
