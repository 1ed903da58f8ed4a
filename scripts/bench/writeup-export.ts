/**
 * The whole write-up export, as the zip download does it once the records are loaded: Lab 2 (the
 * larger) with every step's PNG and ten moments, each with its stored diagram SVG, built into the
 * document, written as Markdown and zipped; and the same document as one self-contained HTML page.
 */
import { lab2Snapshot } from "@/lib/analysis/fixtures";
import { lab2 } from "@/lib/labs/lab2";
import type { StoredMoment } from "@/lib/labs/moment-store";
import { buildWriteup, writeupZip, type WriteupInput } from "@/lib/labs/writeup";
import { writeupHtml } from "@/lib/labs/writeup-html";
import { WRITEUP_SHAPES } from "@/lib/labs/writeup-sections";
import { renderPng } from "@/lib/topology/render-png";
import { renderTopologySvg } from "@/lib/topology/render-svg";
import { type BenchResult, percentile, result } from "./types";

const RUNS = 10;
const DATE = new Date("2026-12-02T20:45:00Z");

async function lab2Writeup(): Promise<{ input: WriteupInput; stepImages: Map<string, Buffer> }> {
  const snapshot = lab2Snapshot();
  const { svg } = await renderTopologySvg(snapshot, { title: "VPC Endpoints — network diagram", date: DATE });
  const png = await renderPng(svg);
  const sections = WRITEUP_SHAPES["vpc-endpoints"].sections;
  const moments: StoredMoment[] = Array.from({ length: 10 }, (_, index) => ({
    id: index + 1,
    runId: "run-bench",
    key: `moment-${index}`,
    kind: sections[index % sections.length].momentKinds[0] ?? "pinned",
    sectionId: sections[index % sections.length].id,
    title: `Moment ${index + 1}`,
    happenedAt: new Date(DATE.getTime() + index * 60_000),
    position: index + 1,
    detail: "Route table rtb-0123\nDestination         Target                    State\n10.0.0.0/16         local                     active",
    command: "aws s3 ls s3://vpc-lab-endpoints-111122223333-0a1b2c3d",
    output: "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: explicit deny in a VPC endpoint policy\n",
    diagramSvg: svg,
    pinned: false,
  }));
  const input: WriteupInput = {
    lab: lab2,
    studentName: "Bench",
    accountId: snapshot.accountId,
    region: snapshot.region,
    completedSteps: lab2.steps.map((step) => step.id),
    records: lab2.steps.map((step, index) => ({ stepId: step.id, completedAt: new Date(DATE.getTime() + index * 300_000), ...step.evidence({ snapshot, facts: {} }), testCommand: null, testOutput: null, hasImage: true })),
    notes: {},
    moments,
    texts: {},
    activity: [],
    runStartedAt: DATE,
    generatedAt: DATE,
  };
  return { input, stepImages: new Map(lab2.steps.map((step) => [step.id, png])) };
}

async function timed(run: () => unknown): Promise<number[]> {
  run();
  const wall: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    await run();
    wall.push(performance.now() - start);
  }
  return wall;
}

export default async function runWriteupExportBench(): Promise<BenchResult[]> {
  const { input, stepImages } = await lab2Writeup();
  const zip = await timed(() => writeupZip(buildWriteup(input), stepImages, DATE));
  const html = await timed(() => writeupHtml(buildWriteup(input), stepImages));
  return [
    result(`write-up export: Lab 2 zip, 10 moments and 8 step images (p50 of ${RUNS})`, percentile(zip, 50), "ms", 1000),
    result(`write-up export: Lab 2 self-contained HTML (p50 of ${RUNS})`, percentile(html, 50), "ms", 1000),
  ];
}
