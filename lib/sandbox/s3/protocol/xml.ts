/** S3's XML: its namespace, its date formats, and parsing of request bodies (responses are written by response.ts). */
import { XMLParser } from "fast-xml-parser";
import { nullPrototypeTree, ownValue } from "@/lib/sandbox/core/untrusted-input";
import { malformedXml } from "../model/errors";

export const S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

/** S3 keeps second precision: listings show ".000Z". */
export function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

/** RFC 1123, as in Last-Modified: "Wed, 12 Oct 2009 17:50:00 GMT". */
export function httpDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString();
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  processEntities: true,
  isArray: (name) => ["Object", "Part", "Tag", "Rule", "Grant"].includes(name),
});

/** Characters XML 1.0 does not allow, even written as a character reference (`&#0;`): S3 answers MalformedXML. */
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function allTextIsXml(node: unknown): boolean {
  if (typeof node === "string") return !NOT_XML_CHARACTER.test(node);
  if (typeof node !== "object" || node === null) return true;
  return Object.values(node).every(allTextIsXml);
}

/** Parses a request body whose root must be `root` (an empty `<root/>` reads as no fields); MalformedXML otherwise. */
export function parseXmlBody(body: Buffer, root: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parser.parse(body.toString("utf8"), true);
  } catch {
    throw malformedXml();
  }
  // fast-xml-parser refuses __proto__ and constructor as element names (MalformedXML here) and
  // renames other Object.prototype names; the tree is still copied onto null prototypes.
  const tree = nullPrototypeTree(parsed);
  if (!allTextIsXml(tree)) throw malformedXml();
  const document = typeof tree === "object" && tree !== null ? ownValue(tree as Record<string, unknown>, root) : undefined;
  if (document === "") return Object.create(null) as Record<string, unknown>;
  if (typeof document !== "object" || document === null || Array.isArray(document)) throw malformedXml();
  return document as Record<string, unknown>;
}
