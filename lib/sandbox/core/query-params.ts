/**
 * Parsed Query-protocol parameters: "A.1.B.2.C=v" -> { A: [ { B: [undefined?, ...] } ] } — numeric
 * segments (1-based) become arrays (index n-1), other segments object keys, leaves strings.
 */
export type QueryParams = { [key: string]: QueryValue };
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
