/**
 * The export renderer on the server: Lab 1 and Lab 2 drawn as SVG (toFlow, ELK layout, markup) and
 * rasterised to PNG at 2x, as Export SVG / PNG and the write-up's step images do.
 */
import { lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { renderPng } from "@/lib/topology/render-png";
import { renderTopologySvg } from "@/lib/topology/render-svg";
import { type BenchResult, percentile, result } from "./types";

const RUNS = 20;
const DATE = new Date("2026-12-02T20:45:00Z");

interface Samples {
  wall: number[];
  /** Process CPU time per run: what the render costs whatever else the machine is doing. */
  cpu: number;
}

async function timed(run: () => Promise<unknown> | unknown): Promise<Samples> {
  await run(); // warm: ELK and resvg load on first use
  const wall: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    await run();
    wall.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / RUNS };
}

export default async function runDiagramExportBench(): Promise<BenchResult[]> {
  const lab1 = lab1Snapshot();
  const lab2 = lab2Snapshot();
  const lab1Svg = await timed(() => renderTopologySvg(lab1, { title: "VPC Peering", date: DATE }));
  const lab2Svg = await timed(() => renderTopologySvg(lab2, { title: "VPC Endpoints", date: DATE }));
  const { svg } = await renderTopologySvg(lab1, { title: "VPC Peering", date: DATE });
  const lab1Png = await timed(() => renderPng(svg));
  return [
    result(`diagram export: render Lab 1 SVG (p50 of ${RUNS})`, percentile(lab1Svg.wall, 50), "ms", 50),
    result(`diagram export: render Lab 2 SVG (p50 of ${RUNS})`, percentile(lab2Svg.wall, 50), "ms", 50),
    result("diagram export: render Lab 1 SVG, CPU time per render", lab1Svg.cpu, "ms", 50),
    result("diagram export: render Lab 2 SVG, CPU time per render", lab2Svg.cpu, "ms", 50),
    result(`diagram export: Lab 1 SVG to PNG at 2x (p50 of ${RUNS})`, percentile(lab1Png.wall, 50), "ms", 500),
  ];
}
