/**
 * Automatic layout, ELK's. Each VPC's interior is laid out on its own (subnets above the route
 * tables they use, instances packed inside subnets), then the VPCs, buckets and other top-level
 * boxes are packed in model order into rows of a fixed width. So a change inside one VPC never moves
 * another VPC's contents, and a box never moves because of anything that comes after it.
 * The packing, and a VPC of one subnet above its route table, are done here as ELK would do them;
 * ELK itself is loaded only for a VPC of several subnets or route tables.
 */
import type { ELK as ElkEngine, ElkNode, LayoutOptions } from "elkjs/lib/elk.bundled.js";
import type { Metrics } from "./metrics";
import { packInRows } from "./row-packing";
import type { TopologyEdge, TopologyFlow, TopologyNode } from "./types";

/** Position relative to the parent node (or the canvas for top-level nodes), and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Layout = Map<string, Box>;

/** ELK is large (about 2 MB): loaded on first use, so the first paint can use a layout computed on the server. */
let elkEngine: Promise<ElkEngine> | undefined;

function elk(): Promise<ElkEngine> {
  elkEngine ??= import("elkjs/lib/elk.bundled.js").then((module) => new module.default());
  return elkEngine;
}

/** Identifies a flow's structure and sizes at a metrics scale: equal keys, equal layouts. */
export function layoutKey(flow: TopologyFlow, metrics: Metrics): string {
  return `${metrics.scale}\n${layoutSignature(flow)}`;
}

/** A layout as the server hands it to the browser, with the signature of the flow it was made for. */
export interface SerializedLayout {
  signature: string;
  boxes: Array<[string, Box]>;
}

const px = (value: number) => String(Math.round(value));
const padding = (top: number, side: number, bottom: number, right = side) => `[top=${px(top)},left=${px(side)},bottom=${px(bottom)},right=${px(right)}]`;

export interface FlowLayoutOptions {
  /** Rows of top-level boxes no wider than this (the export keeps its picture narrow enough to read). */
  maxRowWidth?: number;
  /** The shape (width ÷ height) of the view the picture is framed in; see viewAspectOf. */
  viewAspect?: number;
}

export async function layoutFlow(flow: TopologyFlow, metrics: Metrics, options: FlowLayoutOptions = {}): Promise<Layout> {
  const layout: Layout = new Map();
  const children = childrenByParent(flow.nodes);
  const topLevel = children.get(undefined) ?? [];
  const interiors = await layoutVpcInteriors(topLevel, children, flow.edges, metrics);
  const boxes = topLevel.map((node) => topLevelBox(node, interiors, children, metrics, layout));
  placeTopLevel(boxes, packRows(boxes, metrics, options), layout);
  return layout;
}

/** Each top-level box at its place in the rows (a gateway's overhang above the box included). */
function placeTopLevel(boxes: readonly TopLevelBox[], packed: ReadonlyMap<string, { x: number; y: number }>, layout: Layout): void {
  for (const box of boxes) {
    const at = packed.get(box.id) ?? { x: 0, y: 0 };
    layout.set(box.id, { x: at.x, y: at.y + box.overhangTop, width: box.width, height: box.height });
  }
}

/**
 * The layout with its top-level boxes packed again for a view of this shape (nothing inside a box
 * moves): what layoutFlow would give with this viewAspect, without laying the insides out again,
 * so a layout from the server or the cache fits the diagram's own size at no cost.
 */
export function packedForView(flow: TopologyFlow, layout: Layout, metrics: Metrics, viewAspect: number): Layout {
  const children = childrenByParent(flow.nodes);
  const boxes = (children.get(undefined) ?? []).flatMap((node) => {
    const box = layout.get(node.id);
    return box ? [laidOutBox(node.id, box, (children.get(node.id) ?? []).flatMap((child) => layout.get(child.id) ?? []))] : [];
  });
  const packed = new Map(layout);
  placeTopLevel(boxes, packRows(boxes, metrics, { viewAspect }), packed);
  return packed;
}

/** A placed top-level box as packing sees it: what sticks out above it (gateways) and right of it (endpoints) is read from its children. */
function laidOutBox(id: string, box: Box, children: readonly Box[]): TopLevelBox {
  const top = Math.min(0, ...children.map((child) => child.y));
  const right = Math.max(box.width, ...children.map((child) => child.x + child.width));
  return { id, width: box.width, height: box.height, overhangTop: -top, overhangRight: right - box.width };
}

function childrenByParent(nodes: readonly TopologyNode[]): Map<string | undefined, TopologyNode[]> {
  const map = new Map<string | undefined, TopologyNode[]>();
  for (const node of nodes) map.set(node.parentId, [...(map.get(node.parentId) ?? []), node]);
  return map;
}

/** A top-level box's size, plus how far things on its edge (gateways, endpoints) stick out of it. */
interface TopLevelBox {
  id: string;
  width: number;
  height: number;
  overhangTop: number;
  overhangRight: number;
}

function topLevelBox(
  node: TopologyNode,
  interiors: ReadonlyMap<string, ElkNode>,
  children: Map<string | undefined, TopologyNode[]>,
  metrics: Metrics,
  layout: Layout,
): TopLevelBox {
  const interior = interiors.get(node.id);
  if (node.type !== "vpc" || !interior) return { id: node.id, width: node.width ?? 0, height: node.height ?? 0, overhangTop: 0, overhangRight: 0 };
  return placeVpc(node, interior, children.get(node.id) ?? [], metrics, layout);
}

/**
 * Every VPC's interior. One with at most a subnet and the route table it uses is stacked here, as
 * ELK would stack it; the others go through ELK in one run: each VPC is a child of a root that
 * leaves them where they are, and ELK lays each one out on its own, exactly as a run per VPC would,
 * without a run's overhead per VPC. So ELK is loaded only for a VPC with several subnets or tables.
 */
async function layoutVpcInteriors(
  topLevel: readonly TopologyNode[],
  children: Map<string | undefined, TopologyNode[]>,
  edges: readonly TopologyEdge[],
  metrics: Metrics,
): Promise<Map<string, ElkNode>> {
  const interiors = new Map<string, ElkNode>();
  const forElk: ElkNode[] = [];
  for (const { graph, spacing } of interiorGraphs(topLevel, children, edges, metrics)) {
    const stacked = stackedInterior(graph, spacing, subnetRuleFor(metrics));
    if (stacked) interiors.set(graph.id, stacked);
    else forElk.push(graph);
  }
  if (!forElk.length) return interiors;
  const laidOut = await (await elk()).layout(fixedRoot(forElk));
  for (const graph of laidOut.children ?? []) interiors.set(graph.id, graph);
  return interiors;
}

function interiorGraphs(
  topLevel: readonly TopologyNode[],
  children: Map<string | undefined, TopologyNode[]>,
  edges: readonly TopologyEdge[],
  metrics: Metrics,
): Array<{ graph: ElkNode; spacing: VpcSpacing }> {
  return topLevel
    .filter((node) => node.type === "vpc")
    .map((vpc) => {
      const inside = children.get(vpc.id) ?? [];
      const spacing = vpcSpacing(metrics, inside.some((node) => node.type === "endpoint"));
      return { graph: vpcGraph(vpc, inside, children, edges, metrics, spacing), spacing };
    });
}

const fixedRoot = (graphs: ElkNode[]): ElkNode => ({ id: "vpc-interiors", layoutOptions: { "elk.algorithm": "fixed" }, children: graphs });

/** Every VPC's interior as one graph for ELK: what layoutFlow places, boxes stacked here included, agrees with ELK's layout of it. */
export function vpcInteriorsGraph(flow: TopologyFlow, metrics: Metrics): ElkNode {
  const children = childrenByParent(flow.nodes);
  return fixedRoot(interiorGraphs(children.get(undefined) ?? [], children, flow.edges, metrics).map(({ graph }) => graph));
}

function placeVpc(vpc: TopologyNode, laidOut: ElkNode, inside: readonly TopologyNode[], metrics: Metrics, layout: Layout): TopLevelBox {
  const gateways = inside.filter((node) => node.type === "internetGateway");
  const endpoints = inside.filter((node) => node.type === "endpoint");
  recordChildren(laidOut, layout);
  const { vpcPadding, gap, endpointSize, gatewaySize } = metrics;
  const endpointsHeight = vpcPadding.top + endpoints.length * (endpointSize.height + gap) + vpcPadding.bottom;
  const width = Math.max(laidOut.width ?? 0, metrics.vpcMinimumWidth);
  const height = Math.max(laidOut.height ?? 0, endpointsHeight, metrics.subnetMinimum.height + vpcPadding.top + vpcPadding.bottom);
  // A route to a gateway is drawn down from its middle: with endpoints on the right edge, that line
  // keeps a gap left of them (it ran along an endpoint's edge, as if the route went to the endpoint).
  const rightmostMiddle = endpoints.length ? width - endpointSize.width / 2 - gap : width - vpcPadding.side - gatewaySize.width / 2;
  gateways.forEach((gateway, index) => {
    const x = Math.min(width - vpcPadding.side - gatewaySize.width, rightmostMiddle - gatewaySize.width / 2) - index * (gatewaySize.width + gap);
    layout.set(gateway.id, { x, y: -gatewaySize.height / 2, ...gatewaySize });
  });
  endpoints.forEach((endpoint, index) => {
    layout.set(endpoint.id, { x: width - endpointSize.width / 2, y: vpcPadding.top + index * (endpointSize.height + gap), ...endpointSize });
  });
  return {
    id: vpc.id,
    width,
    height,
    overhangTop: gateways.length ? gatewaySize.height / 2 : 0,
    overhangRight: endpoints.length ? endpointSize.width / 2 : 0,
  };
}

/** The numbers ELK is given for a VPC's interior (ELK reads whole pixels for padding and spacing). */
interface VpcSpacing {
  padding: { top: number; left: number; bottom: number; right: number };
  nodeNode: number;
  betweenLayers: number;
}

function vpcSpacing(metrics: Metrics, hasEndpoints: boolean): VpcSpacing {
  const { vpcPadding, gap, endpointSize } = metrics;
  const right = vpcPadding.side + (hasEndpoints ? endpointSize.width / 2 + gap : 0);
  return {
    padding: { top: Math.round(vpcPadding.top), left: Math.round(vpcPadding.side), bottom: Math.round(vpcPadding.bottom), right: Math.round(right) },
    nodeNode: Math.round(gap),
    betweenLayers: Math.round(gap * 1.5),
  };
}

/** Subnets (with their instances packed inside) above the route tables they use. */
function vpcGraph(
  vpc: TopologyNode,
  inside: readonly TopologyNode[],
  children: Map<string | undefined, TopologyNode[]>,
  edges: readonly TopologyEdge[],
  metrics: Metrics,
  spacing: VpcSpacing,
): ElkNode {
  const { top, left, bottom, right } = spacing.padding;
  const subnets = inside.filter((node) => node.type === "subnet");
  const tables = inside.filter((node) => node.type === "routeTable");
  const ids = new Set([...subnets, ...tables].map((node) => node.id));
  return {
    id: vpc.id,
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.padding": padding(top, left, bottom, right),
      "elk.spacing.nodeNode": px(spacing.nodeNode),
      "elk.layered.spacing.nodeNodeBetweenLayers": px(spacing.betweenLayers),
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
    },
    children: [...subnets.map((subnet) => subnetGraph(subnet, children.get(subnet.id) ?? [], metrics)), ...tables.map(leaf)],
    edges: edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
}

/**
 * A VPC interior of one subnet above the route table it uses (or only one of the two), laid out
 * as ELK's layered algorithm lays it out: each box on a layer of its own, centred on the wider one.
 * Undefined for any other interior, which needs ELK.
 */
function stackedInterior(graph: ElkNode, { padding: pad, betweenLayers }: VpcSpacing, subnetRule: SubnetRule): ElkNode | undefined {
  const boxes = graph.children ?? [];
  // A VPC with nothing drawn in it (just made, e.g. by the CLI): ELK keeps the graph's own size.
  if (boxes.length === 0) return { id: graph.id, width: graph.width ?? 0, height: graph.height ?? 0, children: [] };
  const edges = graph.edges ?? [];
  const linked = boxes.length === 2 && edges.length === 1 && edges[0].sources[0] === boxes[0].id;
  if (!(boxes.length === 1 || linked)) return undefined;
  const laidOut = boxes.map((box) => (box.children ? packedSubnet(box, subnetRule) : box));
  const contentWidth = Math.max(...laidOut.map((box) => box.width ?? 0));
  let y = pad.top;
  const placed = laidOut.map((box) => {
    // ELK aligns the boxes' centres in whole pixels.
    const at = { ...box, x: pad.left + Math.round(contentWidth / 2) - Math.round((box.width ?? 0) / 2), y };
    y = y + (box.height ?? 0) + betweenLayers;
    return at;
  });
  // Summed in ELK's order, so the sizes agree with ELK's to the last bit.
  const contentHeight = laidOut.map((box) => box.height ?? 0).reduce((sum, height) => sum + betweenLayers + height);
  const right = Math.max(...placed.map((box) => box.x + (box.width ?? 0)));
  return { id: graph.id, width: right + pad.right, height: pad.top + contentHeight + pad.bottom, children: placed };
}

/** The subnet's instances packed in rows, as ELK's rectpacking packs them with the options subnetGraph gives it. */
function packedSubnet(subnet: ElkNode, rule: SubnetRule): ElkNode {
  const instances = subnet.children ?? [];
  const packing = packInRows(instances.map((instance) => ({ width: instance.width ?? 0, height: instance.height ?? 0 })), rule.targetWidth, rule.spacing);
  const { top, side, bottom } = rule.padding;
  return {
    ...subnet,
    width: Math.max(side + packing.width + side, rule.minimum.width),
    height: Math.max(top + packing.height + bottom, rule.minimum.height),
    children: instances.map((instance, index) => ({ ...instance, x: side + packing.positions[index].x, y: top + packing.positions[index].y })),
  };
}

/** How a subnet packs its instances (ELK reads whole pixels for padding, spacing and sizes). */
interface SubnetRule {
  padding: { top: number; side: number; bottom: number };
  spacing: number;
  targetWidth: number;
  minimum: { width: number; height: number };
}

function subnetRuleFor(metrics: Metrics): SubnetRule {
  const { subnetPadding, subnetMinimum, gap, instanceWidth } = metrics;
  return {
    padding: { top: Math.round(subnetPadding.top), side: Math.round(subnetPadding.side), bottom: Math.round(subnetPadding.bottom) },
    spacing: Math.round(gap / 2),
    targetWidth: Math.round(2 * instanceWidth + gap / 2),
    minimum: { width: Math.round(subnetMinimum.width), height: Math.round(subnetMinimum.height) },
  };
}

function subnetGraph(subnet: TopologyNode, instances: readonly TopologyNode[], metrics: Metrics): ElkNode {
  const rule = subnetRuleFor(metrics);
  const options: LayoutOptions = {
    "elk.algorithm": "rectpacking",
    "elk.padding": padding(rule.padding.top, rule.padding.side, rule.padding.bottom),
    "elk.spacing.nodeNode": px(rule.spacing),
    "elk.rectpacking.widthApproximation.strategy": "TARGET_WIDTH",
    "elk.rectpacking.widthApproximation.targetWidth": px(rule.targetWidth),
    "elk.rectpacking.packing.strategy": "SIMPLE",
    "elk.nodeSize.constraints": "[MINIMUM_SIZE]",
    "elk.nodeSize.minimum": `(${px(rule.minimum.width)},${px(rule.minimum.height)})`,
  };
  return { id: subnet.id, layoutOptions: options, children: instances.map(leaf) };
}

function leaf(node: TopologyNode): ElkNode {
  return { id: node.id, width: node.width ?? 0, height: node.height ?? 0 };
}

function recordChildren(graph: ElkNode, layout: Layout): void {
  for (const child of graph.children ?? []) {
    layout.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
    recordChildren(child, layout);
  }
}

/** Row widths go in steps of this, so growing one box rarely changes them. */
const rowStep = (metrics: Metrics) => 700 * metrics.scale;

/**
 * Rows about as wide as a 16:9 picture of everything needs, in coarse steps: growing one box rarely
 * changes the width, and a box never moves because of anything that comes after it.
 */
export function rowWidth(boxes: readonly { width: number; height: number }[], metrics: Metrics): number {
  const step = rowStep(metrics);
  const area = boxes.reduce((sum, box) => sum + box.width * box.height, 0);
  const wanted = Math.sqrt(area * (16 / 9)) * 1.15;
  return Math.max(2 * step, Math.ceil(wanted / step) * step);
}

/**
 * Top-level boxes in rows, in model order (packing them never needs ELK). In a view taller than
 * wide (a browser window beside a tutorial) 16:9 rows leave most of it empty and draw every box
 * too small to read, so the rows are as narrow as draws the picture largest there, when that is
 * clearly (TALL_VIEW_GAIN) larger.
 */
function packRows(boxes: readonly TopLevelBox[], metrics: Metrics, { maxRowWidth = Infinity, viewAspect }: FlowLayoutOptions): Map<string, { x: number; y: number }> {
  const sized = boxes.map((box) => ({ width: box.width + box.overhangRight, height: box.height + box.overhangTop }));
  const spacing = Math.round(metrics.topLevelGap);
  let packing = packInRows(sized, Math.round(Math.min(rowWidth(sized, metrics), maxRowWidth)), spacing);
  if (viewAspect !== undefined && viewAspect < 1) {
    let bar = fittedScale(packing, viewAspect) * TALL_VIEW_GAIN;
    for (const width of narrowerRowWidths(sized, packing.width, metrics)) {
      const candidate = packInRows(sized, width, spacing);
      const scale = fittedScale(candidate, viewAspect);
      if (scale > bar) [packing, bar] = [candidate, scale];
    }
  }
  return new Map(boxes.map((box, index) => [box.id, packing.positions[index]]));
}

/** How much larger a tall view's own rows must draw the picture to be used instead of the usual rows. */
const TALL_VIEW_GAIN = 1.1;

/** The scale that fits the packing in a view of this shape and unit height. */
function fittedScale(packing: { width: number; height: number }, viewAspect: number): number {
  return Math.min(viewAspect / packing.width, 1 / packing.height);
}

/** Row widths under `usual`, from the widest box (one box a row) up in the usual coarse steps. */
function narrowerRowWidths(sized: readonly { width: number }[], usual: number, metrics: Metrics): number[] {
  const widest = Math.max(0, ...sized.map((box) => box.width));
  const step = rowStep(metrics);
  const widths = [widest];
  for (let width = Math.ceil(widest / step) * step; width < usual; width += step) if (width > widest) widths.push(width);
  return widths;
}

/** What the layout depends on: ids, nesting, sizes and associations, but not colours or labels. */
export function layoutSignature(flow: TopologyFlow): string {
  const nodes = flow.nodes.map((node) => `${node.id}|${node.type}|${node.parentId ?? ""}|${Math.round(node.width ?? 0)}x${Math.round(node.height ?? 0)}`);
  const edges = flow.edges.filter((edge) => edge.type === "link" && edge.data?.kind.endsWith("association")).map((edge) => edge.id);
  return [...nodes, ...edges].join("\n");
}

/** The flow with positions and group sizes filled in; nodes the layout has not placed yet stay hidden. */
export function applyLayout(flow: TopologyFlow, layout: Layout): TopologyFlow {
  const nodes = flow.nodes.map((node): TopologyNode => {
    const box = layout.get(node.id);
    if (!box) return { ...node, hidden: true };
    return { ...node, position: { x: box.x, y: box.y }, width: box.width, height: box.height };
  });
  const edges = flow.edges.map((edge) => (edge.type === "peering" ? { ...edge, ...peeringHandles(layout.get(edge.source), layout.get(edge.target)) } : edge));
  return { nodes, edges };
}

type Side = "left" | "right" | "top" | "bottom";

/** Peering edges leave from the side of the VPC that faces its peer. */
export function peeringHandles(source: Box | undefined, target: Box | undefined): { sourceHandle: string; targetHandle: string } {
  const side = facingSide(source, target);
  const opposite: Record<Side, Side> = { left: "right", right: "left", top: "bottom", bottom: "top" };
  return { sourceHandle: `s-${side}`, targetHandle: `t-${opposite[side]}` };
}

function facingSide(source: Box | undefined, target: Box | undefined): Side {
  if (!source || !target) return "right";
  const verticalGap = Math.max(target.y - (source.y + source.height), source.y - (target.y + target.height));
  if (verticalGap > 0) return target.y > source.y ? "bottom" : "top";
  return target.x >= source.x ? "right" : "left";
}
