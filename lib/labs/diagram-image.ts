/**
 * The lab diagram as a picture of an account, for Export SVG / PNG and the write-up's step images:
 * the export renderer (lib/topology/render-svg.ts) titled with the lab.
 */
import { findLab } from "./catalog";
import type { LabId } from "./steps";
import type { TopologyInput } from "@/lib/topology/input";
import { renderPng } from "@/lib/topology/render-png";
import { renderTopologySvg } from "@/lib/topology/render-svg";
import type { Highlight } from "@/lib/topology/types";

export type DiagramFormat = "svg" | "png";

export interface DiagramRequest {
  labId: LabId;
  format: DiagramFormat;
  highlight?: Highlight;
  testCaption?: string;
  /** When the picture is taken; printed on it. */
  at: Date;
}

export interface DiagramImage {
  body: Buffer;
  contentType: string;
}

export async function renderLabDiagram(snapshot: TopologyInput, request: DiagramRequest): Promise<DiagramImage> {
  const title = `${findLab(request.labId)?.title ?? request.labId} — network diagram`;
  const { svg } = await renderTopologySvg(snapshot, { title, labId: request.labId, date: request.at, highlight: request.highlight, testCaption: request.testCaption });
  if (request.format === "png") return { body: await renderPng(svg), contentType: "image/png" };
  return { body: Buffer.from(svg, "utf8"), contentType: "image/svg+xml; charset=utf-8" };
}
