/**
 * `npm run fuzz [-- --requests N --seed S --concurrency C --timeout MS]`: the sandbox fuzzer
 * (lib/sandbox/fuzz/run.ts) on loopback, its summary table, and a non-zero exit on any failure.
 */
import { DEFAULT_SEED, formatReport, runFuzz } from "@/lib/sandbox/fuzz/run";

export const DEFAULT_REQUESTS = 100_000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[`FUZZ_${name.toUpperCase()}`];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, not ${raw}`);
  return value;
}

async function main(): Promise<number> {
  const requests = option("requests", DEFAULT_REQUESTS);
  const seed = option("seed", DEFAULT_SEED);
  console.log(`fuzzing the sandbox: ${requests} requests, seed ${seed}`);
  const report = await runFuzz({
    requests,
    seed,
    concurrency: option("concurrency", 16),
    timeoutMs: option("timeout", 15_000),
    progress: (done, total) => {
      if (done % 10_000 === 0) console.log(`  ${done}/${total}`);
    },
  });
  console.log(formatReport(report));
  return report.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
