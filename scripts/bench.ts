/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (each default-exports an async
 * function returning BenchResult[]), prints one table and writes bench/results.json.
 * Benchmarks are never part of `npm test`.
 */
import fs from "node:fs";
import path from "node:path";
import type { BenchResult } from "./bench/types";

type BenchModule = { default?: unknown };

/** tsx loads these .ts files as CommonJS, so an `export default` may arrive one level deeper. */
function runnerOf(module: BenchModule): () => Promise<BenchResult[]> {
  const first = module.default as { default?: unknown } | undefined;
  const candidate = typeof first === "function" ? first : first?.default;
  if (typeof candidate !== "function") throw new Error("a benchmark module must default-export an async function");
  return candidate as () => Promise<BenchResult[]>;
}

function benchModules(only: string[]): string[] {
  const dir = path.join(__dirname, "bench");
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && file !== "types.ts" && !file.endsWith(".test.ts"))
    .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
    .sort()
    .map((file) => path.join(dir, file));
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, `${r.higherIsBetter ? "≥" : "≤"} ${r.target} ${r.unit}`, r.ok ? "ok" : "MISSED"]);
  const header = ["benchmark", "value", "target", ""];
  const widths = header.map((_, column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const results: BenchResult[] = [];
  for (const file of benchModules(process.argv.slice(2))) {
    console.error(`running ${path.basename(file)}…`);
    const run = runnerOf((await import(file)) as BenchModule);
    results.push(...(await run()));
  }
  printTable(results);
  fs.mkdirSync("bench", { recursive: true });
  fs.writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote bench/results.json (${results.filter((r) => r.ok).length}/${results.length} on target)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
