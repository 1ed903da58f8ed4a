/** What each colour, border and line of the exported picture means, in rows under the diagram: only what the picture has. */
import { peeringLook } from "../peering";
import type { LinkEdge, PeeringEdge, TopologyFlow } from "../types";
import type { Type } from "./boxes";
import { element, group, rect, text, textWidth } from "./markup";
import { COLOR } from "./palette";

type Swatch = { box: { stroke: string; fill: string; dash?: string } } | { line: { stroke: string; dash?: string; width?: number } };

interface Entry {
  label: string;
  swatch: Swatch;
  /** What in the picture the entry explains (drawnKinds); an entry without it is always shown. */
  kinds?: string[];
}

const BOXES: Entry[] = [
  { label: "VPC", kinds: ["vpc", "collapsedVpc", "externalVpc"], swatch: { box: { stroke: COLOR.vpc, fill: COLOR.vpcFill } } },
  { label: "Public subnet", kinds: ["subnet-public"], swatch: { box: { stroke: COLOR.public, fill: COLOR.publicFill } } },
  { label: "Private subnet", kinds: ["subnet-private"], swatch: { box: { stroke: COLOR.private, fill: COLOR.privateFill, dash: "4 3" } } },
  { label: "Instance, security groups", kinds: ["instance"], swatch: { box: { stroke: "#475569", fill: COLOR.white } } },
  { label: "Route table", kinds: ["routeTable"], swatch: { box: { stroke: COLOR.rtb, fill: COLOR.white } } },
  { label: "Internet gateway, endpoint", kinds: ["internetGateway", "endpoint"], swatch: { box: { stroke: COLOR.igw, fill: COLOR.white } } },
  { label: "S3 bucket", kinds: ["bucket"], swatch: { box: { stroke: COLOR.s3, fill: COLOR.white } } },
];

const LINES: Entry[] = [
  { label: "Subnet uses route table", kinds: ["association"], swatch: { line: { stroke: COLOR.link } } },
  { label: "… the main table, implicitly", kinds: ["main-association"], swatch: { line: { stroke: COLOR.link, dash: "6 4" } } },
  { label: "Route to gateway or endpoint", kinds: ["internet-route", "endpoint-route"], swatch: { line: { stroke: COLOR.igw } } },
  { label: "Endpoint reaches S3", kinds: ["endpoint-service"], swatch: { line: { stroke: COLOR.s3, dash: "8 5" } } },
  { label: "Peering active", kinds: ["peering-active"], swatch: { line: { stroke: COLOR.ok, width: 4 } } },
  { label: "Peering pending", kinds: ["peering-pending"], swatch: { line: { stroke: COLOR.pending, dash: "10 6", width: 4 } } },
  { label: "Peering failed", kinds: ["peering-failed"], swatch: { line: { stroke: COLOR.blocked, width: 4 } } },
  { label: "Peering rejected, deleted or expired", kinds: ["peering-closed"], swatch: { line: { stroke: COLOR.closed, dash: "4 6", width: 4 } } },
];

const PATH: Entry[] = [
  { label: "On the tested path", swatch: { box: { stroke: COLOR.ok, fill: COLOR.okFill } } },
  { label: "Blocked here", swatch: { box: { stroke: COLOR.blocked, fill: COLOR.blockedFill } } },
];

const SWATCH = 30;
const GAP = 22;

function entryWidth(entry: Entry, type: Type): number {
  return SWATCH + 8 + textWidth(entry.label, type.body) + GAP;
}

function rowHeight(type: Type): number {
  return type.body + 14;
}

/** Entries flowed into rows no wider than `width`; returns each entry's offset. */
function flow(entries: readonly Entry[], width: number, type: Type): Array<{ entry: Entry; x: number; row: number }> {
  let x = 0;
  let row = 0;
  return entries.map((entry) => {
    const size = entryWidth(entry, type);
    if (x > 0 && x + size > width) {
      x = 0;
      row += 1;
    }
    const placed = { entry, x, row };
    x += size;
    return placed;
  });
}

/** The kinds of box and line the picture draws: node types (subnets as public or private), link kinds, peering looks. */
export function drawnKinds({ nodes, edges }: TopologyFlow): Set<string> {
  const kinds = new Set<string>();
  for (const node of nodes) kinds.add(node.type === "subnet" ? (node.data.isPublic ? "subnet-public" : "subnet-private") : node.type);
  for (const edge of edges) kinds.add(edge.type === "peering" ? `peering-${peeringLook((edge as PeeringEdge).data?.status ?? "")}` : ((edge as LinkEdge).data?.kind ?? "link"));
  return kinds;
}

/** The legend's rows: boxes, lines, the tested path; each only with what the picture has. */
function entries(drawn: ReadonlySet<string>, showPath: boolean): Entry[][] {
  const shown = (list: Entry[]) => list.filter((entry) => !entry.kinds || entry.kinds.some((kind) => drawn.has(kind)));
  return (showPath ? [BOXES, LINES, PATH] : [BOXES, LINES]).map(shown).filter((list) => list.length);
}

export function legendHeight(width: number, type: Type, drawn: ReadonlySet<string>, showPath: boolean): number {
  const lists = entries(drawn, showPath);
  if (!lists.length) return 0;
  const rows = lists.reduce((sum, list) => sum + Math.max(...flow(list, width, type).map((placed) => placed.row)) + 1, 0);
  return type.body + 16 + rows * rowHeight(type);
}

function swatch(x: number, middle: number, value: Swatch): string {
  if ("box" in value) return rect(x, middle - 8, SWATCH, 16, { fill: value.box.fill, stroke: value.box.stroke, strokeWidth: 2, dash: value.box.dash, radius: 3 });
  return element("path", { d: `M${x},${middle} H${x + SWATCH}`, stroke: value.line.stroke, "stroke-width": value.line.width ?? 2, "stroke-dasharray": value.line.dash });
}

export function drawLegend(left: number, top: number, width: number, type: Type, drawn: ReadonlySet<string>, showPath: boolean): string {
  const lists = entries(drawn, showPath);
  if (!lists.length) return "";
  const parts = [
    rect(left, top, width, 1, { fill: "#cbd5e1" }),
    text(left, top + type.body + 8, "Legend", { size: type.body, bold: true, fill: COLOR.text }),
  ];
  let rowTop = top + type.body + 16;
  for (const list of lists) {
    const placed = flow(list, width, type);
    for (const { entry, x, row } of placed) {
      const middle = rowTop + row * rowHeight(type) + rowHeight(type) / 2;
      parts.push(swatch(left + x, middle, entry.swatch), text(left + x + SWATCH + 8, middle + type.body * 0.36, entry.label, { size: type.body, fill: COLOR.muted }));
    }
    rowTop += (Math.max(...placed.map((item) => item.row)) + 1) * rowHeight(type);
  }
  return group({ "data-part": "legend" }, parts);
}
