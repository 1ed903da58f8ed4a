"use client";

import { renderDiagramImage } from "@/components/diagram/export-image";

/** Server actions take 1 MB bodies by default: keep each screenshot under this. */
const MAX_BYTES = 900_000;

function translateOf(element: HTMLElement): { x: number; y: number } | undefined {
  const match = /translate\(\s*(-?[\d.]+)px\s*,\s*(-?[\d.]+)px\s*\)/.exec(element.style.transform);
  return match ? { x: Number(match[1]), y: Number(match[2]) } : undefined;
}

/** The diagram's extent in flow coordinates: React Flow places every node by a translate on its element. */
function nodeBounds(viewport: HTMLElement): { x: number; y: number; width: number; height: number } | undefined {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of viewport.querySelectorAll<HTMLElement>(".react-flow__node")) {
    const at = translateOf(node);
    if (!at) continue;
    left = Math.min(left, at.x);
    top = Math.min(top, at.y);
    right = Math.max(right, at.x + node.offsetWidth);
    bottom = Math.max(bottom, at.y + node.offsetHeight);
  }
  return Number.isFinite(left) ? { x: left, y: top, width: right - left, height: bottom - top } : undefined;
}

async function shrink(blob: Blob): Promise<Blob> {
  let current = blob;
  for (let scale = 0.7; current.size > MAX_BYTES && scale > 0.1; scale *= 0.7) {
    const bitmap = await createImageBitmap(blob);
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    current = await new Promise<Blob>((resolve, reject) => canvas.toBlob((out) => (out ? resolve(out) : reject(new Error("canvas export failed"))), "image/png"));
  }
  return current;
}

/** A PNG of the whole lab diagram as it is on screen now, or undefined when no diagram is mounted. */
export async function captureDiagramPng(): Promise<Blob | undefined> {
  const viewport = document.querySelector<HTMLElement>(".vl-diagram .react-flow__viewport");
  if (!viewport) return undefined;
  const bounds = nodeBounds(viewport);
  if (!bounds) return undefined;
  const image = await renderDiagramImage(viewport, bounds, "png");
  return shrink(image.blob);
}
