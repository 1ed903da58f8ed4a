import type { Rect } from "@xyflow/react";

export type ImageFormat = "png" | "svg";

export const PNG_PIXEL_RATIO = 2;
/** Keeps huge topologies within what a browser canvas can hold at 2x. */
const MAX_LOGICAL_SIDE = 4096;
const MARGIN = 32;

/** vpc-lab-<lab>-<yyyy-mm-dd>.png, with the local date the student sees. */
export function exportFileName(labId: string | undefined, format: ImageFormat, date = new Date()): string {
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, "0")).join("-");
  return `vpc-lab-${labId ?? "diagram"}-${day}.${format}`;
}

export interface ExportedImage {
  blob: Blob;
  /** Logical size; a PNG has PNG_PIXEL_RATIO times as many pixels. */
  width: number;
  height: number;
}

/** Size and transform that show all of `bounds` (flow coordinates) with a margin, at most MAX_LOGICAL_SIDE wide or tall. */
export function exportFrame(bounds: Rect): { width: number; height: number; transform: string } {
  const zoom = Math.min(1, MAX_LOGICAL_SIDE / Math.max(bounds.width + 2 * MARGIN, bounds.height + 2 * MARGIN));
  const width = Math.ceil(bounds.width * zoom + 2 * MARGIN);
  const height = Math.ceil(bounds.height * zoom + 2 * MARGIN);
  const x = MARGIN - bounds.x * zoom;
  const y = MARGIN - bounds.y * zoom;
  return { width, height, transform: `translate(${x}px, ${y}px) scale(${zoom})` };
}

/** Renders the flow's viewport element (`.react-flow__viewport`) as an image of the whole diagram. */
export async function renderDiagramImage(viewport: HTMLElement, bounds: Rect, format: ImageFormat): Promise<ExportedImage> {
  const frame = exportFrame(bounds);
  const options = {
    backgroundColor: "#ffffff",
    width: frame.width,
    height: frame.height,
    style: { width: `${frame.width}px`, height: `${frame.height}px`, transform: frame.transform },
  };
  // Loaded on the first export: the lab page does not carry it on first load.
  const { toPng, toSvg } = await import("html-to-image");
  const dataUrl = format === "png" ? await toPng(viewport, { ...options, pixelRatio: PNG_PIXEL_RATIO }) : await toSvg(viewport, options);
  const blob = await (await fetch(dataUrl)).blob();
  return { blob, width: frame.width, height: frame.height };
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
