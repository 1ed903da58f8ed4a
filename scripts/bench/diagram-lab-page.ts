/**
 * The lab page's diagram on the product path: a signed-in student who built Lab 1 and Lab 2 opens
 * /labs/vpc-peering on the production server (`npx next build` first), in a fresh browser context
 * (empty cache) each run; timed from navigation to every box of the diagram on screen: the frame in
 * which they are all in place, or the first contentful paint when that comes later (the server's HTML
 * draws the boxes before any script runs, and a frame is not on screen before the first paint).
 * The component harness's figure (scripts/bench/diagram.ts) times the diagram alone; this one adds
 * what the page does around it: the server's render, the page's scripts, hydration.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { signUpOverHttp } from "@/e2e/accounts-over-http";
import { launchChromium } from "@/e2e/components/harness";
import { labDefinition } from "@/lib/labs/check";
import type { LabId } from "@/lib/labs/steps";
import { startConsoleServer } from "./support/console-server";
import { type ActionAnswer, createLabUserKeyOverHttp, newBenchStudent, serverActionId } from "./support/students";
import { type BenchResult, percentile, result } from "./types";

const RUNS = 5;
const LAB_PAGE = "/labs/vpc-peering";
const VISIBLE_BOXES = ".react-flow__node:not([style*='visibility: hidden']) .vl-box";

/**
 * Records on the page when `expected` boxes are on screen: the frame that has them all (checked every
 * frame from the first one), or the first contentful paint if it is later (a string: tsx would wrap
 * named inner functions in a helper the page lacks).
 */
const watchUntilDrawn = (expected: number) => `(() => {
  let boxesAt;
  let paintedAt;
  const settle = () => {
    if (boxesAt !== undefined && paintedAt !== undefined) window.drawnAt = Math.max(boxesAt, paintedAt);
  };
  new PerformanceObserver((list) => {
    const paint = list.getEntriesByName("first-contentful-paint")[0];
    if (paint) { paintedAt = paint.startTime; settle(); }
  }).observe({ type: "paint", buffered: true });
  const check = () => {
    if (document.querySelectorAll(${JSON.stringify(VISIBLE_BOXES)}).length >= ${expected}) { boxesAt = performance.now(); settle(); }
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

/**
 * A student who built both labs with the lab page's "Do it for me" of every step (its server action,
 * posted over HTTP) and made lab-user's key, Lab 2's one step of the student's own; returns the session's cookies.
 */
async function studentWithBothLabs(url: string) {
  const visitor = await signUpOverHttp(url, newBenchStudent());
  await createLabUserKeyOverHttp(visitor);
  const doStep = serverActionId("lib/actions/do-step.ts", "doStepAction");
  for (const labId of ["vpc-peering", "vpc-endpoints"] satisfies LabId[]) {
    for (const step of labDefinition(labId).steps) {
      const answer = (await visitor.callAction(`/labs/${labId}`, doStep, [{ labId, stepId: step.id }])) as ActionAnswer<unknown>;
      if (!answer.ok) console.error(`  ${labId} ${step.id}: ${answer.error?.code}: ${answer.error?.message}`);
    }
  }
  return visitor.cookies();
}

async function freshContext(browser: Browser, cookies: Awaited<ReturnType<typeof studentWithBothLabs>>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies(cookies);
  return context;
}

/** How many boxes the drawn page shows, from an untimed visit that also warms the server. */
async function boxesOnScreen(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "networkidle" });
  await page.locator(VISIBLE_BOXES).first().waitFor();
  await page.waitForTimeout(1000);
  return page.locator(VISIBLE_BOXES).count();
}

async function navigationToDrawn(context: BrowserContext, url: string, expected: number): Promise<number> {
  const page = await context.newPage();
  await page.addInitScript(watchUntilDrawn(expected));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { drawnAt?: number }).drawnAt !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => (window as unknown as { drawnAt: number }).drawnAt);
}

export default async function runLabPageDiagramBench(): Promise<BenchResult[]> {
  const { server } = await startConsoleServer();
  const browser = await launchChromium();
  try {
    const cookies = await studentWithBothLabs(server.url);
    const url = `${server.url}${LAB_PAGE}`;
    const warm = await freshContext(browser, cookies);
    const expected = await boxesOnScreen(warm, url);
    await warm.close();
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await freshContext(browser, cookies);
      samples.push(await navigationToDrawn(context, url, expected));
      await context.close();
    }
    console.error(`  lab page, navigation to ${expected} boxes drawn: ${samples.map(Math.round).join(", ")} ms`);
    return [result(`diagram: lab page with Lab 1 + Lab 2 built, navigation to drawn (product server, p50 of ${RUNS})`, percentile(samples, 50), "ms", 1000)];
  } finally {
    await browser.close();
    server.stop();
  }
}
