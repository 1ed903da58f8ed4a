/**
 * What the diagram needs to be drawn by the server's HTML, before the browser runs a script:
 * where each box's edge anchors are (React Flow otherwise measures them in the browser), and the
 * extent of the boxes, which the page's inline script fits to the diagram's size (see
 * components/diagram/first-frame-script.ts).
 */
import type { NodeHandle, Position } from "@xyflow/react";
import type { Box } from "./layout";
import type { TopologyNode } from "./types";

/** The sides a box has anchors on (components/diagram/nodes.tsx draws one source and one target each). */
export const ANCHOR_SIDES = ["left", "right", "top", "bottom"] as const satisfies readonly `${Position}`[];

/**
 * Where the zero-sized anchors sit in a `width` × `height` box, as the browser measures them
 * (diagram.css: the middle of each side): an edge is drawn from these before any measuring.
 */
export function anchorHandles(width: number, height: number): NodeHandle[] {
  const at = { left: [0, height / 2], right: [width, height / 2], top: [width / 2, 0], bottom: [width / 2, height] } as const;
  return (["source", "target"] as const).flatMap((type) =>
    ANCHOR_SIDES.map((side) => ({ id: `${type === "source" ? "s" : "t"}-${side}`, type, position: side as Position, x: at[side][0], y: at[side][1], width: 0, height: 0 })),
  );
}

/** The node with its anchors declared, so React Flow can draw its edges without measuring it. */
export function withAnchors(node: TopologyNode): TopologyNode {
  if (node.width === undefined || node.height === undefined) return node;
  return { ...node, handles: anchorHandles(node.width, node.height) };
}

/**
 * The rectangle around every placed box (only those named in `only`, when given), in flow
 * coordinates (a child's position is relative to its parent).
 */
export function flowBounds(nodes: readonly TopologyNode[], only?: ReadonlySet<string>): Box | undefined {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const absolute = (node: TopologyNode): { x: number; y: number } => {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const base = parent ? absolute(parent) : { x: 0, y: 0 };
    return { x: base.x + node.position.x, y: base.y + node.position.y };
  };
  const placed = nodes.filter((node) => !node.hidden && node.width && node.height && (!only || only.has(node.id)));
  if (!placed.length) return undefined;
  const corners = placed.map((node) => ({ ...absolute(node), width: node.width ?? 0, height: node.height ?? 0 }));
  const x = Math.min(...corners.map((box) => box.x));
  const y = Math.min(...corners.map((box) => box.y));
  const right = Math.max(...corners.map((box) => box.x + box.width));
  const bottom = Math.max(...corners.map((box) => box.y + box.height));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * The boxes drawn open, which the lab may use: every box but the collapsed VPCs (the default VPC, the
 * other lab's), which no step of the lab uses. A VPC the student made under another name stays among
 * them. Empty when none is collapsed or nothing else is drawn.
 */
export function labBoxIds(nodes: readonly TopologyNode[]): string[] {
  const own = nodes.filter((node) => node.type !== "collapsedVpc").map((node) => node.id);
  return own.length === nodes.length ? [] : own;
}
