/** Analyzer benchmark: one question on the labs' topology, and a generated large topology. */
import { analyzePacketPath, analyzeS3Request, indexSnapshot } from "@/lib/analysis";
import { LAB1, LAB_USER_ARN, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { seededRandom } from "@/lib/seeded-random";
import { generateTopology, randomQuestion } from "@/lib/analysis/generate";
import { type BenchResult, percentile, result } from "./types";

function timeEach(count: number, run: (iteration: number) => void): number[] {
  const samples: number[] = [];
  for (let iteration = 0; iteration < count; iteration++) {
    const started = performance.now();
    run(iteration);
    samples.push(performance.now() - started);
  }
  return samples;
}

function labQuestionP50(): number {
  const index = indexSnapshot(lab1Snapshot());
  const query = { from: { instanceId: LAB1.instance1 }, to: { address: LAB1.instance2PrivateIp }, protocol: "icmp" as const };
  timeEach(200, () => analyzePacketPath(index, query));
  return percentile(timeEach(2000, () => analyzePacketPath(index, query)), 50);
}

async function s3QuestionP50(): Promise<number> {
  const index = indexSnapshot(lab2Snapshot());
  const query = { from: { instanceId: LAB2.instance }, principalArn: LAB_USER_ARN, action: "s3:ListBucket", bucket: LAB2.bucket };
  for (let warm = 0; warm < 20; warm++) await analyzeS3Request(index, query);
  const samples: number[] = [];
  for (let n = 0; n < 200; n++) {
    const started = performance.now();
    await analyzeS3Request(index, query);
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function largeTopology(): { buildMs: number; questionP50: number; questionP99: number; heapGrowthMb: number; rulesAndRoutes: number } {
  const heapBefore = heapMb();
  const snapshot = generateTopology({ vpcs: 1000, instancesPerVpc: 5, extraPeeringsPerVpc: 2, securityGroupRulesPerVpc: 8, networkAclRulesPerVpc: 8, seed: 42 });
  const rulesAndRoutes =
    snapshot.routeTables.reduce((sum, table) => sum + (table.Routes?.length ?? 0), 0) +
    snapshot.securityGroups.reduce((sum, group) => sum + (group.IpPermissions?.length ?? 0) + (group.IpPermissionsEgress?.length ?? 0), 0) +
    snapshot.networkAcls.reduce((sum, acl) => sum + (acl.Entries?.length ?? 0), 0);
  const started = performance.now();
  const index = indexSnapshot(snapshot);
  const buildMs = performance.now() - started;
  const random = seededRandom(7);
  const questions = Array.from({ length: 1000 }, () => randomQuestion(snapshot, random));
  const samples = timeEach(questions.length, (n) => analyzePacketPath(index, questions[n]));
  const heapGrowthMb = heapMb() - heapBefore;
  return { buildMs, questionP50: percentile(samples, 50), questionP99: percentile(samples, 99), heapGrowthMb, rulesAndRoutes };
}

export default async function runAnalysisBench(): Promise<BenchResult[]> {
  const large = largeTopology();
  return [
    result("analysis: lab ping question p50", labQuestionP50(), "ms", 1),
    result("analysis: lab S3 question p50 (iam-simulate)", await s3QuestionP50(), "ms", 5),
    result(`analysis: large topology index build (1000 VPCs, 5000 instances, ${large.rulesAndRoutes} routes+rules)`, large.buildMs, "ms", 2000),
    result("analysis: large topology question p50", large.questionP50, "ms", 5),
    result("analysis: large topology question p99", large.questionP99, "ms", 20),
    result("analysis: large topology heap growth", large.heapGrowthMb, "MB", 500),
  ];
}
