import type { Highlight } from "@/lib/topology/types";

export type ImageFormat = "png" | "svg";

/** vpc-lab-<lab>-<yyyy-mm-dd>.png, with the local date the student sees. */
export function exportFileName(labId: string | undefined, format: ImageFormat, date = new Date()): string {
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, "0")).join("-");
  return `vpc-lab-${labId ?? "diagram"}-${day}.${format}`;
}

/** Where the server draws the diagram of the signed-in user's account (app/labs/[labId]/diagram/route.ts). */
export function diagramImageUrl(labId: string, format: ImageFormat, highlight?: Highlight): string {
  const query = new URLSearchParams({ format });
  if (highlight && highlight.tone !== "changed") {
    query.set("tone", highlight.tone);
    query.set("ids", highlight.ids.join(","));
  }
  return `/labs/${encodeURIComponent(labId)}/diagram?${query}`;
}

/**
 * The diagram as a picture drawn on the server from the account (real SVG with every edge; the
 * PNG at 2x), not a copy of the screen: zoom, selection and buttons never end up in it.
 */
export async function fetchDiagramImage(labId: string, format: ImageFormat, highlight?: Highlight): Promise<Blob> {
  const response = await fetch(diagramImageUrl(labId, format, highlight), { cache: "no-store" });
  if (!response.ok) throw new Error((await response.text()) || `HTTP ${response.status}`);
  return response.blob();
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
