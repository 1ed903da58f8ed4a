/**
 * Builds the diagram harness page with esbuild, serves it, and opens it in the system Chromium.
 * Shared by components/diagram/diagram.browser.test.ts and scripts/bench/diagram.ts.
 */
import { build } from "esbuild";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { type FixtureName, fixtureSnapshot } from "@/lib/topology/__fixtures__/labs";
import { initialLayoutFor } from "@/lib/topology/initial-layout";
import type { SerializedLayout } from "@/lib/topology/layout";

const ROOT = path.resolve(__dirname, "../..");

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Diagram harness</title>
    <link rel="stylesheet" href="harness.css" />
    <style>html, body { margin: 0; }</style>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="harness.js"></script>
  </body>
</html>
`;

/** The lab fixtures' first layouts as the lab page's server computes them (lib/topology/initial-layout.ts). */
async function serverLayouts(): Promise<Partial<Record<FixtureName, SerializedLayout>>> {
  const pages: Array<[FixtureName, string]> = [["lab1", "vpc-peering"], ["lab2", "vpc-endpoints"], ["labs", "vpc-peering"]];
  return Object.fromEntries(await Promise.all(pages.map(async ([fixture, labId]) => [fixture, await initialLayoutFor(fixtureSnapshot(fixture), labId)])));
}

/**
 * A production build (minified React) into a fresh temporary folder; returns the folder. Split as
 * Next splits the page: ELK is a chunk of its own, loaded only when the browser lays a flow out.
 */
export async function buildHarness(): Promise<string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "vpc-lab-diagram-"));
  await build({
    entryPoints: { harness: path.join(ROOT, "e2e/components/diagram-harness.tsx") },
    bundle: true,
    minify: true,
    format: "esm",
    splitting: true,
    platform: "browser",
    target: "es2022",
    outdir,
    jsx: "automatic",
    alias: { "@": ROOT },
    define: { "process.env.NODE_ENV": '"production"', SERVER_LAYOUTS: JSON.stringify(await serverLayouts()) },
    loader: { ".css": "css" },
    logLevel: "error",
  });
  fs.writeFileSync(path.join(outdir, "index.html"), PAGE);
  return outdir;
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

export async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const name = new URL(request.url ?? "/", "http://localhost").pathname.replace(/^\/+/, "") || "index.html";
    const file = path.join(dir, path.basename(name));
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/index.html`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}
