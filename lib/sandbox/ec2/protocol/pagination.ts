/** MaxResults / NextToken paging of Describe* results, as AWS pages them. */
import type { QueryParams } from "@/lib/sandbox/core/types";
import { invalidParameterValue, invalidNextToken } from "../model/errors";
import { int, str } from "./params";

export interface PageLimits {
  min: number;
  max: number;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Tokens are opaque to clients: the offset of the next item, base64url-encoded with a marker. */
function encodeToken(offset: number): string {
  return Buffer.from(`ec2-page:${offset}`).toString("base64url");
}

function decodeToken(token: string): number {
  const match = /^ec2-page:(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw invalidNextToken(token);
  return Number(match[1]);
}

export function paginate<T>(items: T[], params: QueryParams, limits: PageLimits = { min: 5, max: 1000 }): Page<T> {
  const maxResults = int(params, "MaxResults");
  const token = str(params, "NextToken");
  if (maxResults !== undefined && (maxResults < limits.min || maxResults > limits.max)) {
    throw invalidParameterValue(`Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`);
  }
  const start = token ? decodeToken(token) : 0;
  if (maxResults === undefined) return { items: items.slice(start) };
  const end = start + maxResults;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeToken(end) : undefined };
}
