/**
 * Diagram benchmark in headless Chromium, on the component harness (e2e/components/diagram-harness.tsx):
 * a generated 500-node topology from mount to every node on screen, the longest frame while panning it,
 * and the two labs' topology from navigation to drawn with the first layout the lab page's server sends.
 */
import type { Browser, Page } from "playwright-core";
import { buildHarness, launchChromium, serve } from "@/e2e/components/harness";
import { type BenchResult, percentile, result } from "./types";

const RUNS = 5;
const VIEWPORT = { width: 1440, height: 900 };

async function openDrawn(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.harness.drawnAt !== undefined, null, { timeout: 30_000 });
  return page;
}

async function drawTimes(browser: Browser, url: string, since: "mount" | "navigation"): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await openDrawn(browser, url);
    const { drawnAt = NaN, mountedAt } = await page.evaluate(() => window.harness);
    samples.push(since === "mount" ? drawnAt - mountedAt : drawnAt);
    await page.context().close();
  }
  return samples;
}

/** Drags the pane for about a second and returns the longest gap between animation frames. */
async function longestPanFrame(page: Page): Promise<number> {
  await page.waitForTimeout(500);
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    const deltas = [];
    let last = performance.now();
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (window.panning) requestAnimationFrame(tick);
    };
    Object.assign(window, { panning: true, frameDeltas: deltas });
    requestAnimationFrame(tick);
  })()`);
  const transformBefore = await page.locator(".react-flow__viewport").getAttribute("style");
  const start = { x: VIEWPORT.width / 2, y: 70 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let step = 1; step <= 60; step++) {
    await page.mouse.move(start.x - step * 8, start.y + step * 5);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const deltas = await page.evaluate(() => {
    Object.assign(window, { panning: false });
    return (window as unknown as { frameDeltas: number[] }).frameDeltas.slice(1);
  });
  const transformAfter = await page.locator(".react-flow__viewport").getAttribute("style");
  if (transformAfter === transformBefore) throw new Error("the scripted drag did not pan the diagram");
  return Math.max(...deltas);
}

export default async function runDiagramBench(): Promise<BenchResult[]> {
  const server = await serve(await buildHarness());
  const browser = await launchChromium();
  try {
    const large = `${server.url}?fixture=generated&nodes=500`;
    const largeDraw = await drawTimes(browser, large, "mount");
    const panPage = await openDrawn(browser, large);
    const nodeCount = await panPage.evaluate(() => window.harness.expectedNodes);
    const panFrame = await longestPanFrame(panPage);
    await panPage.context().close();
    // As the lab page has them: the first layout from the server, ELK not loaded (scripts/bench/diagram-lab-page.ts times the page itself).
    const labs = await drawTimes(browser, `${server.url}?fixture=labs&layout=server`, "navigation");
    return [
      result(`diagram: ${nodeCount}-node topology, mount to drawn (p50 of ${RUNS})`, percentile(largeDraw, 50), "ms", 2000),
      result(`diagram: ${nodeCount}-node topology, longest frame while panning`, panFrame, "ms", 50),
      result(`diagram: Lab 1 + Lab 2 topology, server layout, navigation to drawn (p50 of ${RUNS})`, percentile(labs, 50), "ms", 1000),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
