/**
 * A class of 200 on the product's own server (tsx server.ts from the production build): the first
 * sign-up is the instructor, who creates the class through its form in Chromium. The students are
 * set up without a browser, BENCH_CLASS_LANES (8) at a time, through the same server code a browser
 * reaches: each signs up, signs in and joins with the code through the console's forms (posted over
 * HTTP), creates a key with the Access keys page's server action, builds Lab 1 with the SDK and that
 * key against the console's /aws, and opens the lab (its page, then the step rail's server action),
 * so the console records it completed (all untimed; progress is printed with the machine's load). Then:
 *
 * - a student's change on the board's SSE stream: four of the students run the ping test in
 *   Chromium; the lag is from the verdict's recording (its `at`, the server's clock) to the board
 *   event carrying it, read by this process from /api/classes/<id>/board with the instructor's
 *   cookie (p95 of 20);
 * - the board's render in Chromium: the instructor's board of 200 rows re-sorted, from the change to
 *   the next frame (p95 of 10);
 * - Break it for the class: the instructor's "Yes, break their labs" (a random fault each) until the
 *   outcome shows, every student's completed lab broken.
 *
 * Prints the machine's load beside the figures. BENCH_CLASS_STUDENTS sets fewer students for a quick look.
 */
import os from "node:os";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "@/e2e/components/harness";
import { doWholeLab } from "@/lib/labs/check";
import { sandboxClients } from "@/lib/labs/testing";
import { type ConsoleServer, serverCpuDuring, startConsoleServer } from "./support/console-server";
import { type FormVisitor, signUpAndJoinOverHttp } from "@/e2e/accounts-over-http";
import { findLab } from "@/lib/labs/catalog";
import { createLabUserKeyOverHttp, newBenchStudent, openLabOverHttp, signUpStudent } from "./support/students";
import { readSseEvents } from "./support/sse-reader";
import { type BenchResult, percentile, result } from "./types";

const STUDENTS = Number(process.env.BENCH_CLASS_STUDENTS ?? 200);
/** Students set up side by side (the server does the work; more lanes only queue on a 2-core machine). */
const LANES = Number(process.env.BENCH_CLASS_LANES ?? 8);
const LAB_ID = "vpc-peering";
const LAB_STEPS = findLab(LAB_ID)!.steps.length;
const LAG_SAMPLES = 20;
const RENDER_SAMPLES = 10;

function machineLoad(): string {
  const [one, five] = os.loadavg();
  return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${os.cpus().length} cores`;
}

async function createClass(page: Page, url: string): Promise<{ classId: string; code: string }> {
  await page.goto(`${url}/classes`);
  await page.getByLabel("Class name").fill("Bench 200");
  await page.getByRole("button", { name: "Create class" }).click();
  await page.getByTestId("join-code").waitFor();
  return { classId: new URL(page.url()).pathname.split("/").pop()!, code: (await page.getByTestId("join-code").textContent())!.trim() };
}

/**
 * A student, without a browser: signs up, signs in and joins through the console's forms (posted
 * over HTTP, as the Playwright suite's board fillers are), creates a key with the Access keys page's
 * own server action, builds Lab 1 with it against the console's /aws, and opens the lab as the
 * browser does (the page, then the step rail's server action), which records it complete.
 */
async function studentWithCompletedLab(server: ConsoleServer, code: string): Promise<FormVisitor> {
  const visitor = await signUpAndJoinOverHttp(server.url, newBenchStudent(), code);
  const credentials = await createLabUserKeyOverHttp(visitor);
  await doWholeLab(sandboxClients({ endpoint: `${server.url}/aws` }, { credentials, userId: "bench" }), LAB_ID);
  const completed = await openLabOverHttp(visitor, LAB_ID);
  if (completed.length !== LAB_STEPS) throw new Error(`the lab recorded ${completed.length} of ${LAB_STEPS} steps complete`);
  return visitor;
}

/** Students in LANES lanes side by side, with progress and the machine's load; returns the first `keep`, signed in. */
async function buildClass(server: ConsoleServer, code: string, keep: number): Promise<FormVisitor[]> {
  const kept: FormVisitor[] = [];
  let next = 0;
  let ready = 0;
  const started = performance.now();
  const every = Math.max(10, Math.round(STUDENTS / 10));
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let n = next++; n < STUDENTS; n = next++) {
        const visitor = await studentWithCompletedLab(server, code);
        if (kept.length < keep) kept.push(visitor);
        if (++ready % every === 0 || ready === STUDENTS) {
          console.error(`class-board: ${ready} of ${STUDENTS} students ready (${Math.round((performance.now() - started) / 1000)} s, ${LANES} lanes, ${machineLoad()})`);
        }
      }
    }),
  );
  return kept;
}

/** Browser contexts carrying the students' sign-ins, for the samples that a student's page takes. */
async function studentBrowsers(browser: Browser, students: FormVisitor[]): Promise<BrowserContext[]> {
  return Promise.all(
    students.map(async (student) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addCookies(student.cookies());
      return context;
    }),
  );
}

interface BoardEvent {
  receivedAt: number;
  rows: Array<{ studentId: string; email: string; lastVerdict: { at: string } | null }>;
}

/** The board's SSE stream as the instructor's browser gets it; every board event, with when it arrived. */
async function followBoard(url: string, classId: string, cookie: string, onBoard: (event: BoardEvent) => void): Promise<AbortController> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/classes/${classId}/board`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`board stream: HTTP ${response.status}`);
  void readSseEvents(response, ({ event, data, receivedAt }) => {
    if (event === "board") onBoard({ receivedAt, ...(data as Omit<BoardEvent, "receivedAt">) });
  });
  return abort;
}

/** Students run the ping test one after another; each lag is from the verdict's recording to the board event carrying it. */
async function boardLags(students: BrowserContext[], url: string, events: BoardEvent[]): Promise<number[]> {
  const lags: number[] = [];
  const pages = await Promise.all(students.map(async (context) => context.pages()[0] ?? (await context.newPage())));
  for (const page of pages) {
    // A loaded machine serves the lab page slowly; the samples time the board, not the page.
    page.setDefaultTimeout(120_000);
    if (!page.url().endsWith("/labs/vpc-peering")) await page.goto(`${url}/labs/vpc-peering`);
    await page.getByRole("tab", { name: "Tests" }).click();
  }
  for (let sample = 0; sample < LAG_SAMPLES; sample++) {
    const page = pages[sample % pages.length];
    const seen = events.length;
    await page.getByRole("tabpanel", { name: "Tests" }).getByRole("button", { name: "Run ping" }).click();
    await page.getByTestId("test-output").getByText("packet loss").waitFor({ timeout: 60_000 });
    const before = new Set(events.slice(0, seen).flatMap((event) => event.rows.map((row) => row.lastVerdict?.at)));
    const deadline = Date.now() + 10_000;
    let lag: number | undefined;
    while (lag === undefined && Date.now() < deadline) {
      for (const event of events.slice(seen)) {
        const fresh = event.rows.find((row) => row.lastVerdict && !before.has(row.lastVerdict.at));
        if (fresh) {
          lag = event.receivedAt - Date.parse(fresh.lastVerdict!.at);
          break;
        }
      }
      if (lag === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    lags.push(lag ?? 10_000);
  }
  return lags;
}

/** The board of the whole class re-sorted in the instructor's Chromium: from the change to the next frame. */
async function renderTimes(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (let sample = 0; sample < RENDER_SAMPLES; sample++) {
    const key = sample % 2 ? "name" : "test";
    times.push(
      await page.getByLabel("Sort by").evaluate(async (select, value) => {
        const started = performance.now();
        const element = select as HTMLSelectElement;
        const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!;
        setter.call(element, value);
        element.dispatchEvent(new Event("change", { bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - started;
      }, key),
    );
  }
  return times;
}

/** "Break it…" for the class, a random fault each, confirmed: until the outcome shows. */
async function breakTheClass(page: Page): Promise<{ ms: number; outcome: string }> {
  await page.getByText("Break it…").click();
  const form = page.getByRole("form", { name: "Break it for the class" });
  await form.getByRole("button", { name: "Break the finished labs…" }).click();
  const started = performance.now();
  await form.getByRole("button", { name: "Yes, break their labs" }).click();
  const status = form.getByRole("status");
  await status.waitFor({ timeout: 300_000 });
  return { ms: performance.now() - started, outcome: (await status.textContent()) ?? "" };
}

export default async function classBoardBenchmark(): Promise<BenchResult[]> {
  const { server } = await startConsoleServer();
  const browser = await launchChromium();
  let stopStream: AbortController | undefined;
  try {
    const instructor = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const board = await instructor.newPage();
    await signUpStudent(board, server.url); // the first account of a fresh database is the instructor
    const { classId, code } = await createClass(board, server.url);
    const samplers = await studentBrowsers(browser, await buildClass(server, code, 4));

    const cookie = (await instructor.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
    const events: BoardEvent[] = [];
    stopStream = await followBoard(server.url, classId, cookie, (event) => events.push(event));
    console.error(`class-board: lag samples, ${machineLoad()}`);
    const lags = await boardLags(samplers, server.url, events);

    board.setDefaultTimeout(120_000);
    await board.goto(`${server.url}/classes/${classId}`);
    await board.locator("tbody tr").nth(STUDENTS - 1).waitFor();
    console.error(`class-board: render samples, ${machineLoad()}`);
    const renders = await renderTimes(board);

    console.error(`class-board: before Break it, ${machineLoad()}`);
    const { value: round, cpuMs } = await serverCpuDuring(server, () => breakTheClass(board));
    console.error(`class-board: after Break it (${round.outcome}; the server's CPU during the round ${cpuMs === undefined ? "unknown" : `${Math.round(cpuMs)} ms`}), ${machineLoad()}`);
    if (!round.outcome.startsWith(`Broke ${STUDENTS} labs.`)) throw new Error(`Break it did not break every lab: ${round.outcome}`);
    return [
      result(`class board (${STUDENTS} students): a student's change on the board's SSE stream, p95 of ${LAG_SAMPLES}`, percentile(lags, 95), "ms", 1000),
      result(`class board (${STUDENTS} students): render in Chromium (re-sort to next frame), p95 of ${RENDER_SAMPLES}`, percentile(renders, 95), "ms", 200),
      result(`class board: Break it on ${STUDENTS} students' completed labs (click to outcome)`, round.ms, "ms", 5000),
    ];
  } finally {
    stopStream?.abort();
    await browser.close();
    server.stop();
  }
}
