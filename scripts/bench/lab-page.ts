/**
 * First-load JavaScript of the lab page, from the production build (`npm run bench` builds it first).
 *
 * Measured in Chromium, not read from a manifest: a signed-in student with an empty cache opens
 * /labs/vpc-peering; every script response until the diagram is drawn and the network is quiet
 * is recorded and gzipped here (zlib level 6, what compression middleware and CDNs use by
 * default). Scripts the page only loads later, on a click (the terminal, PNG export), are not
 * first-load and are not counted; they are listed separately.
 */
import zlib from "node:zlib";
import type { Page } from "playwright-core";
import { launchChromium } from "@/e2e/components/harness";
import { startConsoleServer } from "./support/console-server";
import { signUpStudent } from "./support/students";
import { type BenchResult, result } from "./types";

const TARGET_KB = 300;

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
  const { server } = await startConsoleServer();
  const browser = await launchChromium();
  try {
    const signingIn = await browser.newContext();
    await signUpStudent(await signingIn.newPage(), server.url);
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
    server.stop();
  }
}
