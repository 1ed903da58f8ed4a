/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (each default-exports an async
 * function returning BenchResult[]), prints one table and writes bench/results.json.
 * Benchmarks are never part of `npm test`. Each module runs in a process of its own, so one
 * module's memory and warm caches never colour another's figures.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
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
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, `${r.higherIsBetter ? "≥" : "≤"} ${r.target} ${r.unit}`, r.ok ? "ok" : "MISSED", r.load ?? ""]);
  const header = ["benchmark", "value", "target", "", "load (1 min, start→end)"];
  const widths = header.map((_, column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

const RESULT_MARK = "BENCH-RESULTS ";

/** Child mode: runs one module and prints its results on a marked line. */
async function runOne(file: string): Promise<void> {
  const run = runnerOf((await import(file)) as BenchModule);
  console.log(`${RESULT_MARK}${JSON.stringify(await run())}`);
}

/** The 1-minute load average, as `uptime` prints it: each module's figures carry it from start to end. */
const loadAverage = () => os.loadavg()[0].toFixed(2);

function runInOwnProcess(file: string): BenchResult[] {
  // --expose-gc lets memory figures be taken after a full collection.
  const output = execFileSync(process.execPath, ["--expose-gc", ...process.execArgv, __filename, "--one", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = output.split("\n").find((candidate) => candidate.startsWith(RESULT_MARK));
  if (!line) throw new Error(`${path.basename(file)} printed no results`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as BenchResult[];
}

function runWithLoad(file: string): BenchResult[] {
  const before = loadAverage();
  const results = runInOwnProcess(file);
  const load = `${before}→${loadAverage()} (${os.cpus().length} cores)`;
  // The servers the modules start run on this same Node (process.execPath): figures compare only on one Node.
  return results.map((figure) => ({ ...figure, load, node: process.version }));
}

async function main() {
  if (process.argv[2] === "--one") return runOne(process.argv[3]);
  const results: BenchResult[] = [];
  const failed: string[] = [];
  for (const file of benchModules(process.argv.slice(2))) {
    console.error(`running ${path.basename(file)}…`);
    try {
      results.push(...runWithLoad(file));
    } catch {
      // The module's own error went to stderr; the other modules' figures still count.
      failed.push(path.basename(file));
    }
  }
  printTable(results);
  console.log(`\nmeasured on Node ${process.version}`);
  fs.mkdirSync("bench", { recursive: true });
  fs.writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote bench/results.json (${results.filter((r) => r.ok).length}/${results.length} on target)`);
  if (failed.length > 0) {
    console.error(`failed without figures: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
