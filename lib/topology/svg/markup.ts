/**
 * SVG markup primitives for the export renderer: escaping, text that fits a width, and a few
 * element builders. Everything is plain strings so the renderer runs anywhere (server, bench, test).
 */

/** Characters XML 1.0 cannot hold at all (NUL, most C0 controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text or attribute value as XML: markup characters escaped, characters XML forbids replaced by U+FFFD. */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

export const FONT_SANS = "DejaVu Sans, Verdana, Arial, sans-serif";
export const FONT_MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace";

/** Average advance of a character, in em: DejaVu Sans is wide, so this errs on the wide side. */
const ADVANCE = { sans: 0.6, mono: 0.61 } as const;

export type Face = keyof typeof ADVANCE;

export function textWidth(text: string, size: number, face: Face = "sans", bold = false): number {
  return [...text].length * size * ADVANCE[face] * (bold ? 1.08 : 1);
}

/** The text, cut with an ellipsis so it fits `width` (names are user input and may be long). */
export function fitText(text: string, width: number, size: number, face: Face = "sans", bold = false): string {
  const characters = [...text];
  if (textWidth(text, size, face, bold) <= width) return text;
  const keep = Math.max(1, Math.floor(width / (size * ADVANCE[face] * (bold ? 1.08 : 1))) - 1);
  return `${characters.slice(0, keep).join("")}…`;
}

/** Words wrapped into at most `maxLines` lines of `width`; the last line is cut with an ellipsis if need be. */
export function wrapText(value: string, width: number, size: number, maxLines: number, face: Face = "sans", bold = false): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of value.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (!current || textWidth(candidate, size, face, bold) <= width) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} ${lines[maxLines]}`, width - size, size, face, bold);
  return kept.map((line) => fitText(line, width, size, face, bold));
}

/** Numbers in the markup: at most two decimals, so the same layout always prints the same digits. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

type Attributes = Record<string, string | number | undefined>;

export function attributes(values: Attributes): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === "number" ? num(value) : escapeXml(value)}"`)
    .join("");
}

export function element(name: string, values: Attributes, content?: string): string {
  return content === undefined ? `<${name}${attributes(values)}/>` : `<${name}${attributes(values)}>${content}</${name}>`;
}

export interface TextStyle {
  size: number;
  face?: Face;
  bold?: boolean;
  fill: string;
  anchor?: "start" | "middle" | "end";
}

/** One line of text whose baseline sits at y; cut to `maxWidth` when given. */
export function text(x: number, y: number, content: string, style: TextStyle, maxWidth?: number): string {
  const face = style.face ?? "sans";
  const shown = maxWidth === undefined ? content : fitText(content, maxWidth, style.size, face, style.bold);
  return element(
    "text",
    {
      x,
      y,
      "font-size": style.size,
      "font-family": face === "mono" ? FONT_MONO : FONT_SANS,
      "font-weight": style.bold ? "bold" : undefined,
      fill: style.fill,
      "text-anchor": style.anchor === "start" ? undefined : style.anchor,
    },
    escapeXml(shown),
  );
}

export interface RectStyle {
  fill: string;
  stroke?: string;
  strokeWidth?: number;
  dash?: string;
  radius?: number;
}

export function rect(x: number, y: number, width: number, height: number, style: RectStyle, extra: Attributes = {}): string {
  return element("rect", {
    x,
    y,
    width,
    height,
    rx: style.radius,
    fill: style.fill,
    stroke: style.stroke,
    "stroke-width": style.stroke ? (style.strokeWidth ?? 1.5) : undefined,
    "stroke-dasharray": style.dash,
    ...extra,
  });
}

export function group(values: Attributes, children: readonly string[]): string {
  return element("g", values, children.join(""));
}
