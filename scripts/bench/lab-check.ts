/**
 * Check my work and Reset to step N as a student meets them: in Chromium, on the product's own
 * server (the production build `npm run demo` serves, demo delays off), from the click to the
 * answer drawn in the step rail. Both labs are built with Do it for me, then every step is checked
 * three times and the lab is reset to every step (and rebuilt after each reset).
 */
import fs from "node:fs";
import type { Locator, Page, Request } from "playwright-core";
import { launchChromium } from "@/e2e/components/harness";
import { startConsoleServer } from "./support/console-server";
import { signUpStudent } from "./support/students";
import { type BenchResult, percentile, result } from "./types";

const CHECKS_PER_STEP = 3;
const LABS = ["vpc-peering", "vpc-endpoints"] as const;

const rail = (page: Page) => page.getByRole("navigation", { name: "Lab steps" });
const steps = (page: Page) => rail(page).locator(":scope > ol > li");

/** Clicks and waits for the server action's answer and for the rail to leave its busy state. */
async function timedAction(page: Page, button: Locator): Promise<number> {
  // A server action (Do it for me, Reset) or the check route (Check my work).
  const answered = page.waitForResponse((response) => response.request().method() === "POST" && (response.request().headers()["next-action"] !== undefined || /\/api\/labs\/[^/]+\/check$/.test(response.url())), { timeout: 60_000 });
  const started = performance.now();
  await button.click();
  await answered;
  await rail(page).locator("[aria-busy=true]").waitFor({ state: "detached", timeout: 60_000 });
  return performance.now() - started;
}

/** The page's requests still unanswered, each with when it left: what a click's own request may queue behind. */
function trackInFlight(page: Page): Map<Request, number> {
  const inFlight = new Map<Request, number>();
  page.on("request", (request) => inFlight.set(request, performance.now()));
  page.on("requestfinished", (request) => inFlight.delete(request));
  page.on("requestfailed", (request) => inFlight.delete(request));
  return inFlight;
}

const isAction = (request: Request) => request.method() === "POST" && request.headers()["next-action"] !== undefined;

/** A reset's time split along its way: click → request sent (and what was in flight then) → answered → rail drawn. */
async function timedReset(page: Page, inFlight: Map<Request, number>, button: Locator): Promise<{ took: number; breakdown: string }> {
  const answered = page.waitForResponse((response) => isAction(response.request()), { timeout: 60_000 });
  const sent = page.waitForRequest(isAction, { timeout: 60_000 }).then(() => performance.now());
  const started = performance.now();
  const ahead = [...inFlight].map(([request, at]) => `${request.method()} ${new URL(request.url()).pathname} (${Math.round(started - at)} ms old)`);
  await button.click();
  const clickedAt = performance.now();
  const response = await answered;
  const answeredAt = performance.now();
  await rail(page).locator("[aria-busy=true]").waitFor({ state: "detached", timeout: 60_000 });
  const drawnAt = performance.now();
  const timing = response.request().timing();
  const since = (at: number) => `+${Math.round(at - started)} ms`;
  const breakdown = [
    `click done ${since(clickedAt)}`,
    `request sent ${since(await sent)} (on the wire ${Math.round(timing.requestStart)} ms later)`,
    `server ${Math.round(timing.responseStart - timing.requestStart)} ms`,
    `answered ${since(answeredAt)}`,
    `drawn ${since(drawnAt)}`,
    `in flight at the click: ${ahead.join(", ") || "nothing"}`,
  ].join("; ");
  return { took: drawnAt - started, breakdown };
}

async function doneCount(page: Page): Promise<{ done: number; total: number }> {
  const text = (await rail(page).getByText(/^\d+ of \d+ done$/).textContent()) ?? "";
  const [done, total] = text.split(" of ").map((part) => Number.parseInt(part, 10));
  return { done, total };
}

async function advancedPast(page: Page, done: number, timeout: number): Promise<boolean> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if ((await doneCount(page)).done > done) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

/** Do it for me on the current step until the rail says every step is done. */
async function buildWholeLab(page: Page): Promise<void> {
  for (;;) {
    const { done, total } = await doneCount(page);
    if (done === total) return;
    await rail(page).locator(':scope > ol > li[aria-current="step"]').getByRole("button").first().click();
    await timedAction(page, rail(page).getByRole("button", { name: "Do it for me" }));
    // A doing step (ping, the CLI) ticks when its SSM run's evidence is in: Check my work reads it.
    if (await advancedPast(page, done, 15_000)) continue;
    await timedAction(page, rail(page).getByRole("button", { name: "Check my work" }));
    if (!(await advancedPast(page, done, 60_000))) throw new Error(`Do it for me left the lab at ${done} of ${total} done`);
  }
}

async function openStep(page: Page, index: number): Promise<void> {
  await steps(page).nth(index).getByRole("button").first().click();
}

async function checkEveryStep(page: Page, total: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < total; index++) {
    await openStep(page, index);
    for (let run = 0; run < CHECKS_PER_STEP; run++) samples.push(await timedAction(page, rail(page).getByRole("button", { name: "Check my work" })));
  }
  return samples;
}

async function resetToEveryStep(page: Page, labId: string, total: number, inFlight: Map<Request, number>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = total - 1; index >= 0; index--) {
    await openStep(page, index);
    await rail(page).getByRole("button", { name: "Reset to this step" }).click();
    const { took, breakdown } = await timedReset(page, inFlight, rail(page).getByRole("alertdialog").getByRole("button", { name: "Reset" }));
    // Which reset is the worst and where its time went, for whoever reads the run (stderr: bench.ts keeps only the results line of stdout).
    console.error(`lab-check: ${labId} reset to step ${index + 1}: ${Math.round(took)} ms (${breakdown})`);
    samples.push(took);
    await rail(page).getByText(`Reset to step ${index + 1}`, { exact: true }).waitFor({ timeout: 60_000 });
    await buildWholeLab(page);
  }
  return samples;
}

export default async function labCheckBenchmark(): Promise<BenchResult[]> {
  const { server } = await startConsoleServer();
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const inFlight = trackInFlight(page);
    await signUpStudent(page, server.url);
    const checks: number[] = [];
    const resets: number[] = [];
    for (const labId of LABS) {
      await page.goto(`${server.url}/labs/${labId}`);
      await rail(page).getByText(/^\d+ of \d+ done$/).waitFor({ timeout: 60_000 });
      await buildWholeLab(page);
      const { total } = await doneCount(page);
      checks.push(...(await checkEveryStep(page, total)));
      resets.push(...(await resetToEveryStep(page, labId, total, inFlight)));
    }
    return [
      result(`labs: Check my work, every step of both labs, click to answer (p95 of ${checks.length})`, percentile(checks, 95), "ms", 1000),
      result(`labs: Reset to step N, every step of both labs, click to answer (max of ${resets.length})`, Math.max(...resets), "ms", 1000),
    ];
  } catch (error) {
    // What the page showed when it stopped, for whoever reads the error.
    fs.mkdirSync("bench", { recursive: true });
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: "bench/lab-check-failure.png" });
    throw error;
  } finally {
    await browser.close();
    server.stop();
  }
}
