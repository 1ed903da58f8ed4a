/** Minimal XML writing for AWS responses: escaped text and a generic value serializer. */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#xD;" };

/** Characters XML 1.0 cannot carry at all: C0 controls other than tab, newline and carriage return; lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for element content as AWS does: &, < and > (quotes stay as they are, so
 * "The vpc ID 'vpc-1' does not exist" reads the same on the wire). Characters XML cannot
 * carry are dropped rather than making the document unparseable.
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, "").replace(/[&<>\r]/g, (c) => ESCAPES[c]);
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttribute(text: string): string {
  return text.replace(NOT_XML, "").replace(/[&<>"\r]/g, (c) => ESCAPES[c]);
}

export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/**
 * Serializes a value as the element `name`: object keys become child elements in insertion
 * order, arrays repeated `itemName` children, booleans true/false, Dates ISO 8601; null and
 * undefined are left out.
 */
export function serializeElement(name: string, value: unknown, itemName: string): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return `<${name}>${value.map((item) => serializeElement(itemName, item, itemName)).join("")}</${name}>`;
  }
  if (value instanceof Date) return element(name, value.toISOString());
  if (typeof value === "object") {
    const children = serializeChildren(value as Record<string, unknown>, itemName);
    return children === "" ? `<${name}/>` : `<${name}>${children}</${name}>`;
  }
  return element(name, String(value));
}

/** The elements for each key of `fields`, concatenated. */
export function serializeChildren(fields: Record<string, unknown>, itemName: string): string {
  let out = "";
  for (const [key, child] of Object.entries(fields)) out += serializeElement(key, child, itemName);
  return out;
}
