/**
 * Describe* filters: `Filter.N.Name` / `Filter.N.Value.M`. Values of one filter are ORed,
 * filters are ANDed; values match with AWS's wildcards (`*` any run, `?` one character,
 * backslash escapes). Tag filters (`tag:Key`, `tag-key`, `tag-value`) work on every resource.
 */
import type { QueryParams } from "@/lib/sandbox/core/types";
import { invalidParameterValue, filterLimitExceeded } from "../model/errors";
import type { Tag } from "../model/types";
import { list, requiredStr, structList } from "./params";

export interface Filter {
  name: string;
  values: string[];
}

/** What a filter name reads from an item: one value, several, or nothing. */
export type FilterField<T> = (item: T) => string | number | boolean | undefined | null | readonly (string | number | boolean | undefined | null)[];

export type FilterTable<T> = Record<string, FilterField<T>>;

/** EC2's cap on the filter values of one call. */
export const MAX_FILTER_VALUES = 200;

export function readFilters(params: QueryParams): Filter[] {
  const filters = structList(params, "Filter").map((filter) => ({ name: requiredStr(filter, "Name"), values: list(filter, "Value") }));
  const values = filters.reduce((sum, filter) => sum + filter.values.length, 0);
  if (values > MAX_FILTER_VALUES) {
    throw filterLimitExceeded(MAX_FILTER_VALUES);
  }
  return filters;
}

/** A wildcard pattern as tokens: a literal character, ANY_RUN (`*`) or ANY_ONE (`?`). */
const ANY_RUN = 0;
const ANY_ONE = 1;
type PatternToken = string | typeof ANY_RUN | typeof ANY_ONE;

const patternCache = new Map<string, PatternToken[]>();

function wildcardTokens(pattern: string): PatternToken[] {
  let tokens = patternCache.get(pattern);
  if (tokens) return tokens;
  tokens = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) tokens.push(pattern[++i]);
    else if (c === "*") tokens.push(ANY_RUN);
    else if (c === "?") tokens.push(ANY_ONE);
    else tokens.push(c);
  }
  if (patternCache.size > 10_000) patternCache.clear();
  patternCache.set(pattern, tokens);
  return tokens;
}

/**
 * Whether `value` matches the wildcard pattern. Greedy matching that backs up only to the last
 * `*`: at most pattern x value steps, where a regular expression of many stars backtracks
 * exponentially (a filter like "*a*a*a*a*a*a*a*b" could hold the event loop for minutes).
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const tokens = wildcardTokens(pattern);
  let t = 0;
  let v = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (v < value.length) {
    const token = tokens[t];
    if (t < tokens.length && (token === ANY_ONE || token === value[v])) {
      t += 1;
      v += 1;
    } else if (token === ANY_RUN) {
      starAt = t++;
      resumeAt = v;
    } else if (starAt >= 0) {
      t = starAt + 1;
      v = ++resumeAt;
    } else return false;
  }
  while (tokens[t] === ANY_RUN) t += 1;
  return t === tokens.length;
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
