/**
 * S3's responses, as the Query services' are: a handler returns an S3Result (status, headers, and
 * its document as data, or a body that is not XML) and writeS3Response alone writes the wire form —
 * S3's request-id headers, the XML declaration, the root element in S3's namespace, and S3's lists,
 * which repeat the element for each entry (flattened) unless the shape names a wrapper:
 * `{ Contents: [a, b] }` is `<Contents>a</Contents><Contents>b</Contents>`,
 * `{ TagSet: { Tag: [] } }` is `<TagSet/>`.
 */
import type { WireResponse } from "@/lib/sandbox/core/error-response";
import { element, escapeAttribute, escapeXml } from "@/lib/sandbox/core/xml";
import { S3_XMLNS } from "./xml";

/** XML kept as written (a stored configuration in its canonical form): placed inside its element unescaped. */
export class RawXml {
  constructor(readonly xml: string) {}
}

/** An element with attributes (an ACL's Grantee carries its xsi:type). */
export class WithAttributes {
  constructor(
    readonly attributes: Readonly<Record<string, string>>,
    readonly fields: XmlFields,
  ) {}
}

/** A value of a document: text (numbers and booleans as S3 writes them), a nested element, a list, or nothing (left out). */
export type XmlValue = string | number | boolean | undefined | RawXml | WithAttributes | XmlFields | readonly XmlValue[];

/** Child elements by name, written in the order of the keys. */
export interface XmlFields {
  readonly [name: string]: XmlValue;
}

export interface S3Document {
  root: string;
  /**
   * The root's children: fields, or groups of fields written one after another (ListObjectVersions
   * interleaves Version and DeleteMarker elements in key order); text for a root that holds only
   * text (GetBucketLocation's LocationConstraint).
   */
  content: XmlFields | readonly XmlFields[] | RawXml | string;
}

export interface S3Result {
  /** 200 unless given. */
  status?: number;
  headers?: Record<string, string>;
  /** An XML document (Content-Type application/xml). */
  document?: S3Document;
  /** A body that is not XML: a bucket policy's JSON, an object's bytes (streamed as read). */
  body?: string | AsyncIterable<Buffer>;
}

/** S3's request-id headers: x-amz-id-2 is an opaque token, the request id base64-encoded stands in for it. */
export function s3Headers(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { "x-amz-request-id": requestId, "x-amz-id-2": Buffer.from(requestId).toString("base64"), ...extra };
}

function writeElement(name: string, value: XmlValue): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map((item: XmlValue) => writeElement(name, item)).join("");
  if (value instanceof RawXml) return `<${name}>${value.xml}</${name}>`;
  if (value instanceof WithAttributes) {
    const attributes = Object.entries(value.attributes).map(([attribute, text]) => ` ${attribute}="${escapeAttribute(text)}"`).join("");
    return `<${name}${attributes}>${writeFields(value.fields)}</${name}>`;
  }
  if (typeof value === "object") {
    const children = writeFields(value as XmlFields);
    return children === "" ? `<${name}/>` : `<${name}>${children}</${name}>`;
  }
  return element(name, String(value));
}

/** The elements of each field, in order. */
export function writeFields(fields: XmlFields): string {
  let out = "";
  for (const [name, value] of Object.entries(fields)) out += writeElement(name, value);
  return out;
}

function writeContent(content: S3Document["content"]): string {
  if (typeof content === "string") return escapeXml(content);
  if (content instanceof RawXml) return content.xml;
  if (Array.isArray(content)) return content.map((group: XmlFields) => writeFields(group)).join("");
  return writeFields(content as XmlFields);
}

function writeDocument({ root, content }: S3Document): string {
  const children = writeContent(content);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_XMLNS}">${children}</${root}>`;
}

/** The wire response of a handler's result. */
export function writeS3Response(requestId: string, result: S3Result): WireResponse {
  const status = result.status ?? 200;
  if (result.document !== undefined) {
    return { status, headers: s3Headers(requestId, { "Content-Type": "application/xml", ...result.headers }), body: writeDocument(result.document) };
  }
  return { status, headers: s3Headers(requestId, result.headers), body: result.body ?? "" };
}
