/** node-postgres's own conversion of a JS value to a parameter's text (arrays to array literals, Dates, JSON). */
declare module "pg/lib/utils" {
  export function prepareValue(value: unknown): string | Buffer | null;
}
