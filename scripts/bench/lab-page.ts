/**
 * First-load JavaScript of the lab page, from the production build (`npm run bench` builds it first).
 *
 * Measured in Chromium, not read from a manifest: a signed-in student with an empty cache opens
 * /labs/vpc-peering; every script response until the diagram is drawn and the network is quiet
 * is recorded and gzipped here (zlib level 6, what compression middleware and CDNs use by
 * default). Scripts the page only loads later, on a click (the terminal, PNG export), are not
 * first-load and are not counted; they are listed separately.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { Page } from "playwright-core";
import { launchChromium } from "@/e2e/components/harness";
import { type BenchResult, result } from "./types";

const ROOT = path.resolve(__dirname, "../..");
const TARGET_KB = 300;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function startServer(): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` (npm run bench does)");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpc-lab-bench-"));
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["server.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", VPCLAB_DATA_DIR: dataDir, VPCLAB_SANDBOX_DELAYS: "none", DATABASE_URL: "" },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    const ready = await fetch(`${url}/sign-in`).then((response) => response.ok, () => false);
    if (ready) return { url, child, dataDir };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill();
  throw new Error("the console did not start within 120 s");
}

async function signUp(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/sign-up`);
  await page.getByLabel("Name").fill("Bench Student");
  await page.getByLabel("Email").fill(`bench-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("bench-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: /^Welcome, / }).waitFor();
}

interface Script {
  url: string;
  gzipped: number;
}

/** The scripts an empty-cache navigation to the lab page loads before the diagram is drawn and the network settles. */
async function firstLoadScripts(page: Page, labUrl: string): Promise<Script[]> {
  const scripts: Promise<Script | undefined>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.push(
      response.body().then(
        (body) => ({ url: new URL(response.url()).pathname, gzipped: zlib.gzipSync(body, { level: 6 }).length }),
        () => undefined,
      ),
    );
  });
  await page.goto(labUrl, { waitUntil: "networkidle" });
  await page.locator(".react-flow__node").first().waitFor();
  await page.waitForLoadState("networkidle");
  return (await Promise.all(scripts)).filter((script): script is Script => script !== undefined);
}

export default async function runLabPageBench(): Promise<BenchResult[]> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const signingIn = await browser.newContext();
    await signUp(await signingIn.newPage(), server.url);
    const storageState = await signingIn.storageState();
    await signingIn.close();

    // A fresh context: signed in, but nothing cached.
    const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 900 } });
    const scripts = await firstLoadScripts(await context.newPage(), `${server.url}/labs/vpc-peering`);
    const totalKb = scripts.reduce((sum, script) => sum + script.gzipped, 0) / 1024;
    for (const script of [...scripts].sort((a, b) => b.gzipped - a.gzipped)) console.error(`  ${(script.gzipped / 1024).toFixed(1).padStart(7)} KB  ${script.url}`);
    console.error(`  ${totalKb.toFixed(1).padStart(7)} KB  in ${scripts.length} scripts`);
    return [result(`lab page: first-load JavaScript, gzipped (${scripts.length} scripts, measured in Chromium)`, Math.round(totalKb * 10) / 10, "KB", TARGET_KB)];
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}
