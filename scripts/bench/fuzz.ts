/**
 * The fuzzer's full run as a benchmark row: requests per second over the whole run (100,000
 * requests unless VPCLAB_BENCH_FUZZ_REQUESTS says otherwise), and each failure count, all to be zero.
 */
import { formatReport, runFuzz } from "@/lib/sandbox/fuzz/run";
import { type BenchResult, result } from "./types";

const FULL_RUN = 100_000;
/** On two cores, the full run should take under ten minutes. */
const TARGET_RPS = 200;

export default async function fuzzBench(): Promise<BenchResult[]> {
  const requests = Number(process.env.VPCLAB_BENCH_FUZZ_REQUESTS ?? FULL_RUN);
  const report = await runFuzz({ requests });
  console.error(formatReport(report));
  const label = `fuzz (${requests} requests, seed ${report.seed})`;
  return [
    result(`${label}: requests per second`, report.requestsPerSecond, "req/s", TARGET_RPS, true),
    result(`${label}: HTTP 5xx`, report.serverErrors.count, "", 0),
    result(`${label}: hangs`, report.hangs.count, "", 0),
    result(`${label}: dropped connections`, report.dropped.count, "", 0),
    result(`${label}: non-AWS-shaped errors`, report.nonAwsErrors.count, "", 0),
    result(`${label}: Object.prototype changes`, report.prototypeChanges.length, "", 0),
    result(`${label}: invariant failures`, report.invariantFailures.length, "", 0),
    result(`${label}: bystander changes`, report.bystanderChanges.length, "", 0),
    result(`${label}: activity rows lost`, report.activityLost, "", 0),
  ];
}
