/** The common shape of Describe* calls: optional ids (each must exist), filters, then paging. */
import type { QueryParams } from "@/lib/sandbox/core/types";
import type { IdKindName } from "../model/errors";
import { lookupAll, visibleRecords } from "../model/lookup";
import { tagsOf } from "../model/tags";
import type { Ec2State } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "./filters";
import { paginate, type Page, type PageLimits } from "./pagination";

export interface DescribeSpec<T> {
  records: Record<string, T>;
  kind: IdKindName;
  /** The id list parameter, e.g. "VpcId" for VpcId.1, VpcId.2. */
  ids: string[];
  filters: FilterTable<T>;
  idOf: (item: T) => string;
  /** Paged calls only. */
  limits?: PageLimits;
}

export function selectResources<T>(state: Ec2State, params: QueryParams, spec: DescribeSpec<T>): Page<T> {
  const chosen = spec.ids.length > 0 ? lookupAll(spec.records, spec.kind, [...new Set(spec.ids)]) : visibleRecords(spec.records);
  const filtered = applyFilters(chosen, readFilters(params), spec.filters, (item) => tagsOf(state, spec.idOf(item)));
  return spec.limits ? paginate(filtered, params, spec.limits) : { items: filtered };
}
