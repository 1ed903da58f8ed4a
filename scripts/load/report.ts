/** The figures of a load run, the issue's targets beside them, as a table and as bench/load-results.json. */
import fs from "node:fs";
import { percentile } from "@/scripts/bench/types";
import type { LiveDelays } from "./live-stream";
import type { LoadOptions } from "./options";
import type { LoadRecorder } from "./recorder";

export const TARGETS = { students: 200, p95Ms: 50, errors: 0, liveMs: 1000, rssPerAccountMb: 0.5 } as const;

/** Kinds that are not one AWS call: the console's forms and tests (the p95 target is about the SDK's calls). */
const CONSOLE_KIND = /^console: |^live stream$/;

export interface KindFigures {
  kind: string;
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ServerFigures {
  /** App processes measured (0: a server given by --url without --pid). */
  processes: number;
  /** The Node version they run. */
  node?: string;
  /** Summed over the app processes (and their children). */
  cpuSeconds?: number;
  /** Of which while the students signed up (bcrypt, twice each). */
  cpuSecondsSigningUp?: number;
  /** Before any request. */
  rssColdMb?: number;
  /** After the warm-up student, before the class signs up: right after a full collection, and settled (the lowest reading in the minute after it). */
  rssStartCollectedMb?: number;
  rssStartMb?: number;
  /** The highest reading while the class worked. */
  rssPeakMb?: number;
  /** After the class, the server quiet for 15 s, the students' streams still open: right after a full collection, and settled. */
  rssEndCollectedMb?: number;
  rssEndMb?: number;
  rssPerAccountMb?: number;
  /** nginx (master and workers), when the run started it. */
  proxyCpuSeconds?: number;
  /** The PostgreSQL backends of the run's database, when the run started it (scripts/load/postgres-backends.ts). */
  database?: { cpuSeconds?: number; cpuSecondsSigningUp?: number; backendsPeak: number; pssEndMb?: number };
}

export interface LoadFigures {
  options: LoadOptions;
  students: { started: number; signedUp: number; finished: number; cutByTime: number };
  seconds: number;
  kinds: KindFigures[];
  sdkCalls: KindFigures;
  errors: Record<string, number>;
  errorExamples: string[];
  handledAwsErrors: Record<string, number>;
  live: { changes: number; p50: number; p95: number; max: number; overOneSecond: number; missing: number; missingByAction: Record<string, number>; otherEvents: number };
  server: ServerFigures;
  load: { start: string; end: string };
}

const round = (value: number) => Math.round(value * 10) / 10;

export function figuresOf(kind: string, values: number[]): KindFigures {
  return { kind, calls: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) };
}

function tally(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

export function summariseCalls(recorder: LoadRecorder): { kinds: KindFigures[]; sdkCalls: KindFigures } {
  // The SDK's calls by name, then the console's forms and tests.
  const order = (kind: string) => `${CONSOLE_KIND.test(kind) ? 1 : 0}${kind}`;
  const entries = [...recorder.latencies].sort(([a], [b]) => order(a).localeCompare(order(b)));
  const kinds = entries.map(([kind, values]) => figuresOf(kind, values));
  const sdk = entries.filter(([kind]) => !CONSOLE_KIND.test(kind)).flatMap(([, values]) => values);
  return { kinds, sdkCalls: figuresOf("all SDK calls", sdk) };
}

export function summariseLive(perStudent: LiveDelays[]): LoadFigures["live"] {
  const delays = perStudent.flatMap((student) => student.delays);
  const missing = perStudent.flatMap((student) => student.missing);
  return {
    changes: delays.length + missing.length,
    p50: round(percentile(delays, 50)),
    p95: round(percentile(delays, 95)),
    max: round(Math.max(0, ...delays)),
    overOneSecond: delays.filter((delay) => delay > TARGETS.liveMs).length + missing.length,
    missing: missing.length,
    missingByAction: tally(missing),
    otherEvents: perStudent.reduce((sum, student) => sum + student.otherEvents, 0),
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "unknown" : ok ? "met" : "MISSED";
}

function verdicts(figures: LoadFigures): string[] {
  const errorCount = Object.values(figures.errors).reduce((sum, count) => sum + count, 0);
  const perAccount = figures.server.rssPerAccountMb;
  return [
    `${verdict(figures.students.finished >= TARGETS.students)}: ${TARGETS.students} students finish (${figures.students.finished} of ${figures.students.started} did)`,
    `${verdict(figures.sdkCalls.p95 <= TARGETS.p95Ms)}: SDK calls p95 ≤ ${TARGETS.p95Ms} ms (${figures.sdkCalls.p95} ms)`,
    `${verdict(errorCount === TARGETS.errors)}: 0 errors (${errorCount})`,
    `${verdict(figures.live.overOneSecond === 0)}: every change on its student's stream within 1 s (${figures.live.overOneSecond} of ${figures.live.changes} not)`,
    `${verdict(perAccount === undefined ? undefined : perAccount <= TARGETS.rssPerAccountMb)}: ≤ ${TARGETS.rssPerAccountMb} MB RSS per account (${mb(perAccount)})`,
  ];
}

const mb = (value: number | undefined) => (value === undefined ? "unknown" : `${value} MB`);
/** A reading right after a full collection, then where it settled in the minute after (V8 gives back the heap it grew by itself). */
const settled = (collected: number | undefined, low: number | undefined) => (collected === low ? mb(low) : `${mb(collected)} (settling to ${mb(low)})`);

export function printFigures(figures: LoadFigures): void {
  const { students, server, live } = figures;
  console.log(`\n${students.started} students (${students.signedUp} signed up, ${students.finished} finished Lab 1 and both tests, ${students.cutByTime} stopped by --minutes) in ${figures.seconds} s\n`);
  const rows = [...figures.kinds, figures.sdkCalls].map((k) => [k.kind, String(k.calls), ...[k.p50, k.p95, k.p99, k.max].map((value) => value.toFixed(1))]);
  console.log(table(["call kind", "calls", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows));
  console.log(`\nerrors: ${Object.keys(figures.errors).length === 0 ? "none" : ""}`);
  for (const [code, count] of Object.entries(figures.errors)) console.log(`  ${count} × ${code}`);
  for (const example of figures.errorExamples) console.log(`  e.g. ${example}`);
  const handled = Object.entries(figures.handledAwsErrors);
  console.log(`AWS error answers the lab's code handled: ${handled.length === 0 ? "none" : handled.map(([code, count]) => `${count} × ${code}`).join(", ")}`);
  console.log(
    `\nlive updates (call answered → event on the student's stream): ${live.changes} changes, p50 ${live.p50} ms, p95 ${live.p95} ms, max ${live.max} ms, ` +
      `${live.overOneSecond} over 1 s (${live.missing} never arrived${live.missing ? `: ${JSON.stringify(live.missingByAction)}` : ""}); ${live.otherEvents} other events`,
  );
  printServer(server);
  console.log(`machine load (1 min): ${figures.load.start} at start → ${figures.load.end} at end\n`);
  for (const line of verdicts(figures)) console.log(line);
}

function printServer(server: ServerFigures): void {
  const processes = `${server.processes} app process${server.processes === 1 ? "" : "es"}`;
  console.log(`server: ${server.cpuSeconds ?? "unknown"} CPU s over ${processes} on Node ${server.node ?? "unknown"} (${server.cpuSecondsSigningUp ?? "unknown"} of them signing up)`);
  if (server.proxyCpuSeconds !== undefined) console.log(`nginx: ${server.proxyCpuSeconds} CPU s`);
  const database = server.database;
  if (database) {
    console.log(
      `PostgreSQL backends of the run's database: ${database.cpuSeconds ?? "unknown"} CPU s (${database.cpuSecondsSigningUp ?? "unknown"} of them signing up), ` +
        `at most ${database.backendsPeak} at once, ${mb(database.pssEndMb)} PSS after the class`,
    );
  }
  console.log(
    `server RSS (summed over the app processes): ${mb(server.rssColdMb)} started → ${settled(server.rssStartCollectedMb, server.rssStartMb)} after the warm-up student → peak ${mb(server.rssPeakMb)} during the class → ` +
      `${settled(server.rssEndCollectedMb, server.rssEndMb)} after it (quiet 15 s, streams open): ${mb(server.rssPerAccountMb)} per account (settled readings)`,
  );
}

export function writeFigures(figures: LoadFigures): void {
  fs.mkdirSync("bench", { recursive: true });
  fs.writeFileSync("bench/load-results.json", JSON.stringify(figures, null, 2) + "\n");
  console.log("\nwrote bench/load-results.json");
}

/**
 * What each account added to the server's memory. Unknown when RSS fell over the run: the server gave back
 * more of its start-up memory than the accounts took, so their cost cannot be read (a short run with few students).
 */
export function rssPerAccountMb(rssStart: number | undefined, rssEnd: number | undefined, accounts: number): number | undefined {
  if (rssStart === undefined || rssEnd === undefined || accounts === 0 || rssEnd <= rssStart) return undefined;
  return Number(((rssEnd - rssStart) / accounts / 1024 / 1024).toFixed(2));
}
