/**
 * Describe* filters: `Filter.N.Name` / `Filter.N.Value.M`. Values of one filter are ORed,
 * filters are ANDed; values match with AWS's wildcards (`*` any run, `?` one character,
 * backslash escapes). Tag filters (`tag:Key`, `tag-key`, `tag-value`) work on every resource.
 */
import type { QueryParams } from "@/lib/sandbox/core/types";
import { invalidParameterValue } from "../model/errors";
import type { Tag } from "../model/types";
import { list, requiredStr, structList } from "./params";

export interface Filter {
  name: string;
  values: string[];
}

/** What a filter name reads from an item: one value, several, or nothing. */
export type FilterField<T> = (item: T) => string | number | boolean | undefined | null | readonly (string | number | boolean | undefined | null)[];

export type FilterTable<T> = Record<string, FilterField<T>>;

export function readFilters(params: QueryParams): Filter[] {
  return structList(params, "Filter").map((filter) => ({ name: requiredStr(filter, "Name"), values: list(filter, "Value") }));
}

const patternCache = new Map<string, RegExp>();

function wildcardPattern(value: string): RegExp {
  let pattern = patternCache.get(value);
  if (pattern) return pattern;
  let source = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\" && i + 1 < value.length) source += escapeRegExp(value[++i]);
    else if (c === "*") source += "[\\s\\S]*";
    else if (c === "?") source += "[\\s\\S]";
    else source += escapeRegExp(c);
  }
  pattern = new RegExp(`^${source}$`);
  if (patternCache.size > 10_000) patternCache.clear();
  patternCache.set(value, pattern);
  return pattern;
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function matchesWildcard(pattern: string, value: string): boolean {
  return wildcardPattern(pattern).test(value);
}

function fieldValues<T>(field: FilterField<T>, item: T): string[] {
  const raw = field(item);
  const values = Array.isArray(raw) ? raw : [raw];
  return values.filter((value) => value !== undefined && value !== null).map(String);
}

function tagField(name: string, tagsOf: (item: unknown) => Tag[]): FilterField<unknown> | undefined {
  if (name.startsWith("tag:")) {
    const key = name.slice(4);
    return (item) => tagsOf(item).filter((tag) => tag.key === key).map((tag) => tag.value);
  }
  if (name === "tag-key") return (item) => tagsOf(item).map((tag) => tag.key);
  if (name === "tag-value") return (item) => tagsOf(item).map((tag) => tag.value);
  return undefined;
}

/**
 * Keeps the items every filter matches. An unknown filter name is AWS's
 * InvalidParameterValue "The filter 'x' is invalid".
 */
export function applyFilters<T>(items: T[], filters: Filter[], table: FilterTable<T>, tagsOf: (item: T) => Tag[]): T[] {
  if (filters.length === 0) return items;
  const compiled = filters.map((filter) => {
    const field = Object.hasOwn(table, filter.name) ? table[filter.name] : tagField(filter.name, tagsOf as (item: unknown) => Tag[]);
    if (!field) throw invalidParameterValue(`The filter '${filter.name}' is invalid`);
    return { field: field as FilterField<T>, values: filter.values };
  });
  return items.filter((item) =>
    compiled.every(({ field, values }) => {
      const actual = fieldValues(field, item);
      return values.some((pattern) => actual.some((value) => matchesWildcard(pattern, value)));
    }),
  );
}
