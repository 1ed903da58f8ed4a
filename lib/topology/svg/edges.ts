/**
 * The diagram's edges as SVG paths between absolute boxes: links leave and enter by the sides
 * their handles name (s-bottom -> t-top, …) with right-angle bends, as the live view's smooth-step
 * edges do; peering is a curve between the facing sides of the two VPCs with its state on a label.
 */
import type { Box } from "../layout";
import { peeringHandles } from "../layout";
import { peeringLook } from "../peering";
import type { LinkEdge, LinkKind, PeeringEdge } from "../types";
import { element, group, num, rect, text, textWidth, wrapText } from "./markup";
import { COLOR, PEERING_STROKE } from "./palette";
import type { Type } from "./boxes";

type Side = "left" | "right" | "top" | "bottom";
interface Point {
  x: number;
  y: number;
}

function sideOf(handle: string | null | undefined, fallback: Side): Side {
  const side = handle?.split("-")[1];
  return side === "left" || side === "right" || side === "top" || side === "bottom" ? side : fallback;
}

function anchor(box: Box, side: Side): Point {
  if (side === "left") return { x: box.x, y: box.y + box.height / 2 };
  if (side === "right") return { x: box.x + box.width, y: box.y + box.height / 2 };
  if (side === "top") return { x: box.x + box.width / 2, y: box.y };
  return { x: box.x + box.width / 2, y: box.y + box.height };
}

const STUB = 16;

function step(point: Point, side: Side, distance: number): Point {
  if (side === "left") return { x: point.x - distance, y: point.y };
  if (side === "right") return { x: point.x + distance, y: point.y };
  if (side === "top") return { x: point.x, y: point.y - distance };
  return { x: point.x, y: point.y + distance };
}

const vertical = (side: Side) => side === "top" || side === "bottom";

/** Out of the source by a stub, one bend (or two when both ends leave the same way), into the target. */
function orthogonalPath(from: Point, fromSide: Side, to: Point, toSide: Side): string {
  const a = step(from, fromSide, STUB);
  const b = step(to, toSide, STUB);
  let middle: Point[];
  if (vertical(fromSide) && vertical(toSide)) {
    const y = (a.y + b.y) / 2;
    middle = [{ x: a.x, y }, { x: b.x, y }];
  } else if (!vertical(fromSide) && !vertical(toSide)) {
    const x = (a.x + b.x) / 2;
    middle = [{ x, y: a.y }, { x, y: b.y }];
  } else {
    middle = vertical(fromSide) ? [{ x: a.x, y: b.y }] : [{ x: b.x, y: a.y }];
  }
  return [from, a, ...middle, b, to].map((point, index) => `${index === 0 ? "M" : "L"}${num(point.x)},${num(point.y)}`).join(" ");
}

const LINK_STYLE: Record<LinkKind, { color: string; dash?: string }> = {
  association: { color: COLOR.link },
  "main-association": { color: COLOR.link, dash: "6 4" },
  "internet-route": { color: COLOR.igw },
  "endpoint-route": { color: COLOR.igw },
  "endpoint-service": { color: COLOR.s3, dash: "8 5" },
};

export function drawLink(edge: LinkEdge, boxes: ReadonlyMap<string, Box>): string {
  const source = boxes.get(edge.source);
  const target = boxes.get(edge.target);
  if (!source || !target || !edge.data) return "";
  const fromSide = sideOf(edge.sourceHandle, "right");
  const toSide = sideOf(edge.targetHandle, "left");
  const style = LINK_STYLE[edge.data.kind];
  const tone = edge.data.tone;
  return element("path", {
    d: orthogonalPath(anchor(source, fromSide), fromSide, anchor(target, toSide), toSide),
    fill: "none",
    stroke: tone === "ok" ? COLOR.ok : tone === "blocked" ? COLOR.blocked : style.color,
    "stroke-width": tone ? 3.5 : 2,
    "stroke-dasharray": tone ? undefined : style.dash,
    "marker-end": edge.data.kind === "endpoint-service" ? undefined : "url(#arrow)",
    "data-edge": edge.data.kind,
    "data-source": edge.source,
    "data-target": edge.target,
    "data-tone": tone,
  });
}

/** How far a bezier's control points reach out of each end (React Flow's getBezierPath uses the same idea). */
function reach(from: Point, to: Point, side: Side): number {
  const distance = vertical(side) ? Math.abs(to.y - from.y) : Math.abs(to.x - from.x);
  return Math.max(40, distance * 0.5);
}

export function drawPeering(edge: PeeringEdge, boxes: ReadonlyMap<string, Box>, type: Type): string {
  const source = boxes.get(edge.source);
  const target = boxes.get(edge.target);
  if (!source || !target || !edge.data) return "";
  const handles = peeringHandles(source, target);
  const fromSide = sideOf(handles.sourceHandle, "right");
  const toSide = sideOf(handles.targetHandle, "left");
  const from = anchor(source, fromSide);
  const to = anchor(target, toSide);
  const c1 = step(from, fromSide, reach(from, to, fromSide));
  const c2 = step(to, toSide, reach(from, to, toSide));
  const middle = { x: (from.x + 3 * c1.x + 3 * c2.x + to.x) / 8, y: (from.y + 3 * c1.y + 3 * c2.y + to.y) / 8 };
  const look = peeringLook(edge.data.status);
  const stroke = edge.data.tone === "ok" ? { color: COLOR.ok } : edge.data.tone === "blocked" ? { color: COLOR.blocked } : PEERING_STROKE[look];
  const d = `M${num(from.x)},${num(from.y)} C${num(c1.x)},${num(c1.y)} ${num(c2.x)},${num(c2.y)} ${num(to.x)},${num(to.y)}`;
  return group({ "data-peering": edge.id, "data-source": edge.source, "data-target": edge.target, "data-status": edge.data.status }, [
    element("path", { d, fill: "none", stroke: stroke.color, "stroke-width": edge.data.tone ? 5 : 4, "stroke-dasharray": stroke.dash, "data-edge": "peering" }),
    peeringLabel(edge, middle, stroke.color, type),
  ]);
}

/**
 * The peering's Name tag (when it has one), its id and its state (with AWS's failure reason, wrapped),
 * on a card at the middle of the curve: in the live view's order, so the picture reads as the page.
 */
function peeringLabel(edge: PeeringEdge, at: Point, color: string, type: Type): string {
  const maxWidth = 188;
  const name = edge.data?.name ? wrapText(edge.data.name, maxWidth - 16, type.body, 2) : [];
  const status = wrapText(edge.data?.label ?? "", maxWidth - 16, type.body, 6, "sans", true);
  const widest = Math.max(
    textWidth(edge.id, type.small, "mono"),
    ...name.map((line) => textWidth(line, type.body)),
    ...status.map((line) => textWidth(line, type.body, "sans", true)),
  );
  const width = Math.min(maxWidth, widest + 16);
  const line = type.body + 4;
  const idLine = type.small + 4;
  const height = (name.length + status.length) * line + idLine + 12;
  const x = at.x - width / 2;
  const y = at.y - height / 2;
  const statusColor = color === COLOR.closed ? COLOR.muted : color;
  const nameAt = (index: number) => y + 6 + type.body + index * line;
  const idAt = y + 6 + name.length * line + type.small;
  const statusAt = (index: number) => idAt + 4 + type.body + index * line;
  return group({ "data-peering-label": edge.id }, [
    rect(x, y, width, height, { fill: COLOR.white, stroke: color, strokeWidth: 2, radius: 6 }),
    ...name.map((part, index) => text(at.x, nameAt(index), part, { size: type.body, fill: COLOR.text, anchor: "middle" }, width - 12)),
    text(at.x, idAt, edge.id, { size: type.small, face: "mono", fill: COLOR.muted, anchor: "middle" }, width - 12),
    ...status.map((part, index) => text(at.x, statusAt(index), part, { size: type.body, bold: true, fill: statusColor, anchor: "middle" })),
  ]);
}
