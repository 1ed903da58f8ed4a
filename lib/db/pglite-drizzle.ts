/**
 * drizzle over the embedded database without drizzle's per-query parsers. drizzle's PGlite driver
 * passes PGlite a few parsers with every query (dates, times, intervals and some of their arrays
 * kept as PostgreSQL's text, which drizzle's columns then map), and PGlite answers such a query by
 * copying its whole parser table (~320 types) into a new object: 0.12 ms and ~48 KB a query, 13% of
 * all the console server allocated during a class (`npm run load`, sampled). The database takes
 * drizzle's parsers once as its own instead, and drizzle's queries reach it without them.
 */
import { PGlite, types } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";

const asText = (value: string) => value;

/** The parsers drizzle-orm/pglite's PglitePreparedQuery passes with every query, as it lists them. */
export const DRIZZLE_QUERY_PARSERS: Record<number, (value: string) => unknown> = {
  [types.TIMESTAMP]: asText,
  [types.TIMESTAMPTZ]: asText,
  [types.INTERVAL]: asText,
  [types.DATE]: asText,
  1231: asText, // numeric[]
  1115: asText, // timestamp[]
  1185: asText, // timestamptz[]
  1187: asText, // interval[]
  1182: asText, // date[]
};

/**
 * Makes drizzle's parsers the database's own, so every query on it (drizzle's and raw ones) reads
 * values as drizzle does. After PGlite is ready: it builds its array parsers while starting.
 */
export function adoptDrizzleParsers(client: PGlite): void {
  Object.assign(client.parsers, DRIZZLE_QUERY_PARSERS);
}

interface Queryable {
  query(text: string, params?: unknown[], options?: { parsers?: unknown }): Promise<unknown>;
  transaction?(run: (tx: Queryable) => Promise<unknown>): Promise<unknown>;
}

/** The client as drizzle sees it: its queries' own parsers dropped, in transactions too. */
function withoutQueryParsers<T extends Queryable>(client: T): T {
  // Made once per client: drizzle reads `query` for every query it runs.
  const query = (text: string, params?: unknown[], options?: object) => client.query(text, params, options && { ...options, parsers: undefined });
  const transaction = (run: (tx: Queryable) => Promise<unknown>) => client.transaction!((tx) => run(withoutQueryParsers(tx)));
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      if (property === "transaction") return transaction;
      const value: unknown = Reflect.get(target, property, target);
      // PGlite keeps its state in private fields: its methods must run on the real instance.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** drizzle over a PGlite that has adopted drizzle's parsers (adoptDrizzleParsers). */
export function drizzleOverPglite<Schema extends Record<string, unknown>>(client: PGlite, schema: Schema) {
  return drizzle(withoutQueryParsers(client as unknown as Queryable) as unknown as PGlite, { schema });
}
