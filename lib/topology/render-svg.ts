/**
 * The diagram as a stand-alone SVG picture, for Export SVG / PNG and the write-up: drawn from the
 * same model (toFlow) and layout (layoutFlow) as the live view, with shapes, text and paths only
 * (no foreignObject, no HTML), so any viewer or rasteriser shows it. Pure and deterministic: the
 * same snapshot, options and date give the same bytes; nothing reads the clock.
 *
 * Sizes are in picture units. The picture is at most about EXPORT_WIDTH units wide, so pasted
 * 1,200 px wide its smallest text is still ≥ 12 px; a wider topology gets larger text instead.
 */
import type { TopologyInput } from "./input";
import { type Box, type Layout, layoutFlow } from "./layout";
import { metricsFor } from "./metrics";
import { labFraming } from "./framing";
import { toFlow } from "./to-flow";
import type { Highlight, TopologyEdge, TopologyFlow, TopologyNode } from "./types";
import { drawBox, type Type } from "./svg/boxes";
import { drawLink, drawPeering } from "./svg/edges";
import { drawLegend, drawnKinds, legendHeight } from "./svg/legend";
import { element, escapeXml, FONT_SANS, group, rect, text } from "./svg/markup";
import { COLOR, toneColor } from "./svg/palette";

export interface RenderOptions {
  title: string;
  /** The lab whose picture this is: framed on its own resources as its page's diagram is (framing.ts). */
  labId?: string;
  /** Printed under the title; the caller passes it, the renderer never reads the clock. */
  date: Date;
  /** The last test's path: green when it works, the blocking hop red when it does not. */
  highlight?: Highlight;
  /** What that test was, e.g. "ping 10.2.0.10 from Lab1-Instance-1". */
  testCaption?: string;
}

export interface RenderedSvg {
  svg: string;
  /** The picture's natural size in CSS pixels (the PNG is twice this). */
  width: number;
  height: number;
}

/** A reader pastes pictures about this wide; text must stay ≥ MIN_TEXT_PX there. */
export const PASTE_WIDTH = 1200;
export const MIN_TEXT_PX = 12;
const MARGIN = 24;
const ROW_WIDTH = PASTE_WIDTH - 2 * MARGIN;
const BASE_TYPE: Type = { title: 15, body: 12, small: 12 };

/**
 * The lab's own picture: VPCs its page draws collapsed (the default VPC, which no lab uses, and
 * the other lab's) are left out, as presenter mode frames them out.
 */
function exportedFlow(input: TopologyInput, options: RenderOptions): TopologyFlow {
  const flow = toFlow(input, { expandedVpcIds: new Set(), ...labFraming(input, options.labId), highlight: options.highlight });
  const nodes = flow.nodes.filter((node) => node.type !== "collapsedVpc");
  const kept = new Set(nodes.map((node) => node.id));
  const edges = flow.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target));
  return { nodes, edges };
}

/** Layout positions are relative to the parent; the picture needs them on one canvas. */
function absoluteBoxes(nodes: readonly TopologyNode[], layout: Layout): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const node of nodes) {
    const own = layout.get(node.id);
    if (!own) continue;
    const parent = node.parentId ? boxes.get(node.parentId) : undefined;
    boxes.set(node.id, { ...own, x: own.x + (parent?.x ?? 0), y: own.y + (parent?.y ?? 0) });
  }
  return boxes;
}

function extent(boxes: Iterable<Box>): Box {
  let left = 0;
  let top = 0;
  let right = 0;
  let bottom = 0;
  let first = true;
  for (const box of boxes) {
    left = first ? box.x : Math.min(left, box.x);
    top = first ? box.y : Math.min(top, box.y);
    right = first ? box.x + box.width : Math.max(right, box.x + box.width);
    bottom = first ? box.y + box.height : Math.max(bottom, box.y + box.height);
    first = false;
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** 2026-12-02 20:45 UTC */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function scaledType(pictureWidth: number): Type {
  const factor = Math.max(1, pictureWidth / PASTE_WIDTH);
  return { title: BASE_TYPE.title * factor, body: BASE_TYPE.body * factor, small: BASE_TYPE.small * factor };
}

function header(options: RenderOptions, region: string, width: number, type: Type): { markup: string; height: number } {
  const lines = [
    text(MARGIN, MARGIN + 22, options.title, { size: 22, bold: true, fill: COLOR.text }, width - 2 * MARGIN),
    text(MARGIN, MARGIN + 46, `Region ${region} · ${formatUtc(options.date)}`, { size: type.body + 1, fill: COLOR.muted }, width - 2 * MARGIN),
  ];
  const tone = options.highlight && options.highlight.tone !== "changed" ? options.highlight.tone : undefined;
  if (tone) {
    const verdict = tone === "ok" ? "reachable: the path is drawn in green" : "blocked: the blocking hop is drawn in red";
    const caption = `Last test${options.testCaption ? `: ${options.testCaption}` : ""} — ${verdict}`;
    lines.push(text(MARGIN, MARGIN + 70, caption, { size: type.body + 1, bold: true, fill: toneColor(tone) }, width - 2 * MARGIN));
  }
  return { markup: group({ "data-part": "header" }, lines), height: tone ? 88 : 64 };
}

function drawEdges(edges: readonly TopologyEdge[], boxes: ReadonlyMap<string, Box>, type: Type): string[] {
  const links = edges.flatMap((edge) => (edge.type === "link" ? [drawLink(edge, boxes)] : []));
  const peerings = edges.flatMap((edge) => (edge.type === "peering" ? [drawPeering(edge, boxes, type)] : []));
  return [...links, ...peerings];
}

export async function renderTopologySvg(input: TopologyInput, options: RenderOptions): Promise<RenderedSvg> {
  const flow = exportedFlow(input, options);
  const layout = await layoutFlow(flow, metricsFor(false), { maxRowWidth: ROW_WIDTH });
  const boxes = absoluteBoxes(flow.nodes, layout);
  const drawn = boxes.size ? extent(boxes.values()) : { x: 0, y: 0, width: 0, height: 120 };
  const width = Math.ceil(Math.max(drawn.width + 2 * MARGIN, 760));
  const type = scaledType(width);
  const head = header(options, input.region, width, type);
  const showPath = Boolean(options.highlight && options.highlight.tone !== "changed");
  const legendTop = head.height + drawn.height + 2 * MARGIN;
  const drawnHere = drawnKinds(flow);
  const height = Math.ceil(legendTop + legendHeight(width - 2 * MARGIN, type, drawnHere, showPath) + MARGIN);
  const shift = { x: MARGIN - drawn.x + (width - 2 * MARGIN - drawn.width) / 2, y: head.height + MARGIN - drawn.y };
  const placed = new Map([...boxes].map(([id, box]) => [id, { ...box, x: box.x + shift.x, y: box.y + shift.y }]));
  const body = boxes.size
    ? [...flow.nodes.flatMap((node) => (placed.has(node.id) ? [drawBox(node, placed.get(node.id)!, type)] : [])), ...drawEdges(flow.edges, placed, type)]
    : [text(width / 2, head.height + MARGIN + 60, "No VPCs or buckets in this account yet.", { size: type.body + 2, fill: COLOR.muted, anchor: "middle" })];
  const parts = [
    element("title", {}, escapeXml(options.title)),
    rect(0, 0, width, height, { fill: COLOR.canvas }),
    head.markup,
    group({ "data-part": "diagram" }, body),
    drawLegend(MARGIN, legendTop, width - 2 * MARGIN, type, drawnHere, showPath),
  ];
  const svg = element(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "font-family": FONT_SANS },
    parts.join(""),
  );
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, width, height };
}
