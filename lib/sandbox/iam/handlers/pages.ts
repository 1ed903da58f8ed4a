/** MaxItems / Marker paging of IAM List* results, with IsTruncated as IAM answers it. */
import type { QueryParams } from "@/lib/sandbox/core/types";
import { validationErrorInvalidMarker, validationErrorMaxValue, validationErrorMinValue, validationErrorNotInteger } from "../model/errors";
import { optionalString } from "./params";

/** IAM's default page size when MaxItems is absent. */
const DEFAULT_MAX_ITEMS = 100;
const MAX_MAX_ITEMS = 1000;

export interface IamPage<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** Markers are opaque to clients: the offset of the next item, base64url-encoded with a prefix. */
function encodeMarker(offset: number): string {
  return Buffer.from(`iam-page:${offset}`).toString("base64url");
}

function decodeMarker(marker: string): number {
  const match = /^iam-page:(\d{1,9})$/.exec(Buffer.from(marker, "base64url").toString("utf8"));
  if (!match) throw validationErrorInvalidMarker();
  return Number(match[1]);
}

/** Positive integers only; IAM quotes the value it refuses. */
export function optionalInteger(params: QueryParams, name: string, member: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d{1,10}$/.test(value.trim())) throw validationErrorNotInteger(member, value);
  return Number(value);
}

function maxItemsParam(params: QueryParams): number {
  const maxItems = optionalInteger(params, "MaxItems", "maxItems");
  if (maxItems === undefined) return DEFAULT_MAX_ITEMS;
  if (maxItems < 1) throw validationErrorMinValue("maxItems", maxItems, 1);
  if (maxItems > MAX_MAX_ITEMS) {
    throw validationErrorMaxValue("maxItems", maxItems, MAX_MAX_ITEMS);
  }
  return maxItems;
}

export function paginateIam<T>(items: T[], params: QueryParams): IamPage<T> {
  const maxItems = maxItemsParam(params);
  const marker = optionalString(params, "Marker");
  const start = marker ? decodeMarker(marker) : 0;
  const end = start + maxItems;
  if (end >= items.length) return { items: items.slice(start), IsTruncated: false };
  return { items: items.slice(start, end), IsTruncated: true, Marker: encodeMarker(end) };
}
