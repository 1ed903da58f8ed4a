/**
 * One SVG group per diagram box, at the box's absolute position. Each box shows what the live
 * view's node shows (components/diagram/nodes.tsx): the Name tag first and bold, ids small in mono.
 */
import type { Box } from "../layout";
import type {
  BucketNode,
  Chip,
  EndpointNode,
  ExternalVpcNode,
  InstanceNode,
  InternetGatewayNode,
  PathTone,
  RouteTableNode,
  SubnetNode,
  TopologyNode,
  VpcNode,
} from "../types";
import { element, group, rect, text, textWidth, type TextStyle } from "./markup";
import { COLOR, toneColor } from "./palette";

/** Text sizes in picture units; the renderer keeps them at ≥ 12 px when the picture is 1,200 px wide. */
export interface Type {
  title: number;
  body: number;
  small: number;
}

interface Pen {
  box: Box;
  type: Type;
}

const PAD = 10;
const LINE = 18;

const bold = (pen: Pen, fill: string = COLOR.text): TextStyle => ({ size: pen.type.body + 1, bold: true, fill });
const body = (pen: Pen, fill: string = COLOR.muted): TextStyle => ({ size: pen.type.body, fill });
const mono = (pen: Pen, fill: string = COLOR.muted): TextStyle => ({ size: pen.type.small, face: "mono", fill });

const TONE_WORD: Record<PathTone, string> = { ok: "On path", blocked: "Blocked here" };

/**
 * Colour alone does not say it: a box on the tested path carries a word too, astride its top border
 * (inside for a VPC, whose border the gateways sit on) so it never hides the box's name.
 */
function toneBadge(pen: Pen, tone: PathTone | undefined, top?: number): string {
  if (!tone) return "";
  const word = TONE_WORD[tone];
  const size = pen.type.small;
  const width = textWidth(word, size, "sans", true) + 12;
  const x = pen.box.x + pen.box.width - width - 10;
  const y = pen.box.y + (top ?? -(size + 8) / 2);
  return group({ "data-tone-badge": tone }, [
    rect(x, y, width, size + 8, { fill: toneColor(tone), radius: 4 }),
    text(x + width / 2, y + size + 2, word, { size, bold: true, fill: COLOR.white, anchor: "middle" }),
  ]);
}

function frame(pen: Pen, stroke: string, fill: string, tone: PathTone | undefined, options: { radius?: number; dash?: string; width?: number } = {}): string {
  const { x, y, width, height } = pen.box;
  return rect(x, y, width, height, {
    fill,
    stroke: tone ? toneColor(tone) : stroke,
    strokeWidth: tone ? 3 : (options.width ?? 1.5),
    radius: options.radius ?? 8,
    dash: tone ? undefined : options.dash,
  });
}

/** A filled word before a title ("VPC", "S3 bucket"); returns its markup and width. */
function kindTagWidth(pen: Pen, word: string): number {
  return textWidth(word, pen.type.small, "sans", true) + 10;
}

function kindTag(pen: Pen, x: number, baseline: number, word: string, color: string): { markup: string; width: number } {
  const size = pen.type.small;
  const width = kindTagWidth(pen, word);
  return {
    width,
    markup: rect(x, baseline - size - 2, width, size + 6, { fill: color, radius: 4 }) + text(x + width / 2, baseline, word, { size, bold: true, fill: COLOR.white, anchor: "middle" }),
  };
}

/**
 * A security-group or NACL chip within `maxWidth`. A blocking chip is red and says "Blocked here"
 * beside its name when both fit; the name is never cut for the word (the caption explains red).
 */
function chip(pen: Pen, x: number, top: number, maxWidth: number, value: Chip, kind: "sg" | "acl"): string {
  const size = pen.type.small;
  const label = value.label === value.id ? value.id : value.label;
  const width = Math.min(maxWidth, textWidth(label, size, kind === "acl" ? "mono" : "sans") + 12);
  const saysBlocked = value.tone === "blocked" && width + 6 + textWidth("Blocked here", size, "sans", true) <= maxWidth;
  const stroke = value.tone ? toneColor(value.tone) : COLOR.chipStroke;
  const fill = value.tone === "ok" ? COLOR.okFill : value.tone === "blocked" ? COLOR.blockedFill : COLOR.chipFill;
  return group({ "data-chip": kind, "data-id": value.id, "data-tone": value.tone }, [
    rect(x, top, width, size + 8, { fill, stroke, strokeWidth: value.tone ? 2 : 1, radius: 4 }),
    text(x + 6, top + size + 2, label, { size, face: kind === "acl" ? "mono" : "sans", fill: COLOR.text }, width - 12),
    saysBlocked ? text(x + width + 6, top + size + 2, "Blocked here", { size, bold: true, fill: COLOR.blocked }) : "",
  ]);
}

function vpcBox(node: VpcNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  // Below the internet gateways, which sit astride the top border.
  const baseline = y + 44;
  const tag = kindTag(pen, x + 14, baseline, "VPC", COLOR.vpc);
  const inner = width - 28;
  return [
    frame(pen, COLOR.vpc, COLOR.vpcFill, node.data.tone, { radius: 12, width: 2 }),
    tag.markup,
    text(x + 22 + tag.width, baseline, node.data.name, { size: pen.type.title, bold: true, fill: COLOR.vpc }, inner - tag.width - 8 - (node.data.tone ? 110 : 0)),
    text(x + 14, baseline + 22, `${node.data.cidr}${node.data.name === node.id ? "" : `  ${node.id}`}`, mono(pen), inner),
    toneBadge(pen, node.data.tone, baseline - 18),
  ];
}

function subnetBox(node: SubnetNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  const color = node.data.isPublic ? COLOR.public : COLOR.private;
  // The Public/Private tag goes beside the name when both fit, else down on the CIDR line: the name
  // (often long, "lab1-vpc-1-subnet-public1") is what a reader looks for.
  const word = node.data.isPublic ? "Public" : "Private";
  // The tag's own width and a gap: on the CIDR line a fixed 86 px cut the zone ("10.1.0.0/24 · us-east…").
  const tagRoom = kindTagWidth(pen, word) + 8;
  const nameFits = textWidth(node.data.name, pen.type.body + 1, "sans", true) <= width - 2 * PAD - tagRoom;
  const tagLine = nameFits ? 0 : LINE;
  const tag = kindTag(pen, x + width - PAD - tagRoom + 8, y + 20 + tagLine, word, color);
  const acl = node.data.networkAcl;
  return [
    frame(pen, color, node.data.isPublic ? COLOR.publicFill : COLOR.privateFill, node.data.tone, { dash: node.data.isPublic ? undefined : "6 4" }),
    text(x + PAD, y + 20, node.data.name, bold(pen), width - 2 * PAD - (nameFits ? tagRoom : 0)),
    tag.markup,
    text(x + PAD, y + 20 + LINE, `${node.data.cidr} · ${node.data.availabilityZone}`, mono(pen), width - 2 * PAD - (nameFits ? 0 : tagRoom)),
    acl ? text(x + PAD, y + 57, "NACL", body(pen)) + chip(pen, x + PAD + 42, y + 43, width - 2 * PAD - 42, acl, "acl") : "",
    toneBadge(pen, node.data.tone),
  ];
}

const STATE_COLOR: Record<string, string> = { running: COLOR.ok, pending: COLOR.pending, stopping: COLOR.pending };

/** The instance id small on the left (unless it is already the title), its state (with a coloured dot) on the right. */
function stateLine(node: InstanceNode, pen: Pen, baseline: number): string[] {
  const { x, width } = pen.box;
  const stateWidth = textWidth(node.data.state, pen.type.small, "mono");
  const dotX = x + width - PAD - stateWidth - 8;
  return [
    node.data.name === node.id ? "" : text(x + PAD, baseline, node.id, mono(pen), width - 2 * PAD - stateWidth - 20),
    element("circle", { cx: dotX, cy: baseline - 4, r: 4, fill: STATE_COLOR[node.data.state] ?? COLOR.closed }),
    text(x + width - PAD, baseline, node.data.state, { ...mono(pen), anchor: "end" }),
  ];
}

function instanceBox(node: InstanceNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  const inner = width - 2 * PAD;
  const { data } = node;
  const lines = [
    text(x + PAD, y + 20, data.name, bold(pen), inner),
    ...stateLine(node, pen, y + 20 + LINE),
    text(x + PAD, y + 20 + 2 * LINE, `Private ${data.privateIp ?? "—"}`, mono(pen, COLOR.text), inner),
  ];
  let line = 3;
  if (data.publicIp) lines.push(text(x + PAD, y + 20 + line++ * LINE, `${data.publicIpKind === "elastic" ? "Elastic IP" : "Public"} ${data.publicIp}`, mono(pen, COLOR.text), inner));
  const chipsTop = y + 20 + (line - 1) * LINE + 8;
  if (data.securityGroups.length === 0) lines.push(text(x + PAD, chipsTop + 16, "no security group", body(pen, COLOR.faint)));
  data.securityGroups.forEach((group, index) => lines.push(chip(pen, x + PAD, chipsTop + index * 24, inner, group, "sg")));
  return [frame(pen, "#475569", COLOR.white, data.tone, { width: 2 }), ...lines, toneBadge(pen, data.tone)];
}

function routeTableBox(node: RouteTableNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  const inner = width - 2 * PAD;
  const routes = node.data.routes.map((route, index) => {
    const baseline = y + 58 + index * LINE;
    const line = `${route.destination} → ${route.target}`;
    return route.blackhole
      ? text(x + PAD, baseline, line, mono(pen, COLOR.blocked), inner - 80) + text(x + width - PAD, baseline, "blackhole", { size: pen.type.small, bold: true, fill: COLOR.blocked, anchor: "end" })
      : text(x + PAD, baseline, line, mono(pen, COLOR.text), inner);
  });
  const main = node.data.isMain ? kindTag(pen, x + width - 56, y + 20, "Main", COLOR.rtb).markup : "";
  return [
    frame(pen, COLOR.rtb, COLOR.white, node.data.tone, { width: 2 }),
    text(x + PAD, y + 20, node.data.name, bold(pen, COLOR.rtb), inner - 60),
    main,
    text(x + PAD, y + 20 + LINE, node.id, mono(pen), inner),
    ...routes,
    toneBadge(pen, node.data.tone),
  ];
}

function gatewayBox(node: InternetGatewayNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  return [
    frame(pen, COLOR.igw, COLOR.white, node.data.tone, { width: 2 }),
    text(x + PAD, y + 20, node.data.name, bold(pen, COLOR.igw), width - 2 * PAD),
    text(x + PAD, y + 20 + LINE, `${node.id}${node.data.attached ? "" : " · detached"}`, mono(pen), width - 2 * PAD),
    toneBadge(pen, node.data.tone),
  ];
}

function endpointBox(node: EndpointNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  const { data } = node;
  const state = data.state && data.state.toLowerCase() !== "available" ? ` · ${data.state}` : "";
  return [
    frame(pen, COLOR.igw, COLOR.white, data.tone, { width: 2 }),
    text(x + PAD, y + 20, data.name, bold(pen, COLOR.igw), width - 2 * PAD),
    text(x + PAD, y + 20 + LINE, node.id, mono(pen), width - 2 * PAD),
    text(x + PAD, y + 20 + 2 * LINE, `${data.serviceName}${state}`, mono(pen), width - 2 * PAD),
    toneBadge(pen, data.tone),
  ];
}

function bucketBox(node: BucketNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  const { data } = node;
  const tag = kindTag(pen, x + PAD, y + 20, "S3 bucket", COLOR.s3);
  const policy = data.policyError ? `Policy unreadable: ${data.policyError}` : data.hasPolicy ? "Bucket policy set" : "No bucket policy";
  return [
    frame(pen, COLOR.s3, COLOR.white, data.tone, { width: 2 }),
    tag.markup,
    ...data.nameLines.map((line, index) => text(x + PAD, y + 20 + (1 + index) * LINE, line, bold(pen, COLOR.s3), width - 2 * PAD)),
    text(x + PAD, y + 20 + (1 + data.nameLines.length) * LINE, policy, body(pen, data.policyError ? COLOR.blocked : COLOR.muted), width - 2 * PAD),
    toneBadge(pen, data.tone),
  ];
}

function externalVpcBox(node: ExternalVpcNode, pen: Pen): string[] {
  const { x, y, width } = pen.box;
  const { data } = node;
  return [
    frame(pen, COLOR.vpc, COLOR.white, data.tone, { dash: "6 4", width: 2 }),
    kindTag(pen, x + PAD, y + 20, "Peer VPC", COLOR.vpc).markup,
    text(x + PAD, y + 20 + LINE, node.id, mono(pen, COLOR.text), width - 2 * PAD),
    text(x + PAD, y + 20 + 2 * LINE, `${data.cidr}${data.ownerId ? ` · account ${data.ownerId}` : ""}`, mono(pen), width - 2 * PAD),
    toneBadge(pen, data.tone),
  ];
}

function contentOf(node: TopologyNode, pen: Pen): string[] {
  switch (node.type) {
    case "vpc":
      return vpcBox(node, pen);
    case "subnet":
      return subnetBox(node, pen);
    case "instance":
      return instanceBox(node, pen);
    case "routeTable":
      return routeTableBox(node, pen);
    case "internetGateway":
      return gatewayBox(node, pen);
    case "endpoint":
      return endpointBox(node, pen);
    case "bucket":
      return bucketBox(node, pen);
    case "externalVpc":
      return externalVpcBox(node, pen);
    default:
      return [];
  }
}

/** The box as a group tagged with its kind and id, so a reader (or a test) can find it. */
export function drawBox(node: TopologyNode, box: Box, type: Type): string {
  return group({ "data-kind": node.type, "data-id": node.id, "data-tone": node.data.tone as string | undefined }, contentOf(node, { box, type }));
}
