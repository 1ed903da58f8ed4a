/**
 * LabDiagram in real Chromium: the harness page (e2e/components/diagram-harness.tsx) is bundled with
 * esbuild, served locally and driven with Playwright.
 */
import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHarness, launchChromium, serve } from "@/e2e/components/harness";
import { LAB1, LAB2, lab1Snapshot } from "@/lib/analysis/fixtures";
import { renderPng } from "@/lib/topology/render-png";
import { renderTopologySvg } from "@/lib/topology/render-svg";
import { DEFAULT_VPC_ID, fixtureSnapshot } from "@/lib/topology/__fixtures__/labs";
import { initialLayoutFor } from "@/lib/topology/initial-layout";
import { LabDiagram } from "./lab-diagram";

let browser: Browser;
let server: { url: string; close(): Promise<void> };
let harnessDir: string;

beforeAll(async () => {
  harnessDir = await buildHarness();
  server = await serve(harnessDir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query: string, viewport = { width: 1440, height: 900 }, requested: string[] = []): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`${server.url}?${query}`);
  await page.waitForFunction(() => window.harness.drawnAt !== undefined, null, { timeout: 15_000 });
  expect(errors).toEqual([]);
  return page;
}

const nodeBox = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** The box's text as one line, e.g. "i-0… running Private 10.1.0.12 Elastic IP 54.210.33.17". */
async function textOf(page: Page, id: string): Promise<string> {
  const text = await nodeBox(page, id).first().evaluate((element) => (element as HTMLElement).innerText);
  return text.replace(/\s+/g, " ");
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("LabDiagram in Chromium", () => {
  it("draws every VPC, subnet and instance of Lab 1 with its label", async () => {
    const page = await open("fixture=lab1");
    await expect(textOf(page, LAB1.vpc1)).resolves.toContain("10.1.0.0/16");
    await expect(textOf(page, LAB1.vpc2)).resolves.toContain("10.2.0.0/16");
    for (const [id, text] of [
      [LAB1.subnet1, "10.1.0.0/24 · us-east-1a"],
      [LAB1.subnet2, "Public"],
      [LAB1.instance1, "Elastic IP 54.210.33.17"],
      [LAB1.instance2, "Private 10.2.0.25"],
      [LAB1.igw1, LAB1.igw1],
      [LAB1.rtb2, `10.1.0.0/16 → ${LAB1.pcx}`],
    ]) {
      await expect(textOf(page, id), id).resolves.toContain(text);
    }
    await expect(page.getByRole("group", { name: `Instance ${LAB1.instance2}, running, private IP 10.2.0.25, no public IP` }).count()).resolves.toBe(1);
    await expect(page.locator(".vl-peering-label").innerText()).resolves.toContain("active");
    await expect(textOf(page, DEFAULT_VPC_ID)).resolves.toContain("3 subnets · 0 instances");
    await page.context().close();
  });

  it("draws Lab 2's endpoint and bucket", async () => {
    const page = await open("fixture=lab2");
    await expect(nodeBox(page, LAB2.vpce).innerText()).resolves.toContain("com.amazonaws.us-east-1.s3");
    await expect(nodeBox(page, LAB2.bucket).innerText()).resolves.toContain(LAB2.bucket);
    await expect(page.locator(`.react-flow__edge[data-id="${LAB2.rtb}->${LAB2.vpce}"]`).count()).resolves.toBe(1);
    await page.context().close();
  });

  it("reaches boxes with Tab and selects the focused one with Enter", async () => {
    const page = await open("fixture=lab1");
    const focused: string[] = [];
    for (let press = 0; press < 12 && !focused.includes(LAB1.instance1); press++) {
      await page.keyboard.press("Tab");
      focused.push((await page.evaluate(() => document.activeElement?.getAttribute("data-id"))) ?? "");
    }
    expect(focused).toContain(LAB1.vpc1);
    expect(focused.at(-1)).toBe(LAB1.instance1);
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => window.harness.selected)).resolves.toEqual([{ type: "instance", id: LAB1.instance1 }]);
    await expect(nodeBox(page, LAB1.instance1).getAttribute("class")).resolves.toContain("selected");
    await page.context().close();
  });

  it("opens the collapsed default VPC from the keyboard", async () => {
    const page = await open("fixture=lab1");
    await page.getByRole("button", { name: `Open default VPC ${DEFAULT_VPC_ID}` }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: `Collapse default VPC ${DEFAULT_VPC_ID}` }).waitFor();
    const defaultSubnets = page.locator(`.react-flow__node[data-id^="subnet-0d1e2f3a4b5c6001"]`);
    await defaultSubnets.nth(2).waitFor();
    await expect(defaultSubnets.count()).resolves.toBe(3);
    await expect(page.evaluate(() => window.harness.selected)).resolves.toEqual([]);
    await page.context().close();
  });

  it("lays out Lab 1 and a 500-node topology without downloading ELK, and downloads it to open a VPC of several subnets", async () => {
    const engine = (paths: string[]) => paths.filter((pathname) => pathname.includes("elk"));
    const requested: string[] = [];
    await (await open("fixture=generated&nodes=500", undefined, requested)).context().close();
    const page = await open("fixture=lab1", undefined, requested);
    expect(engine(requested)).toEqual([]);
    await page.getByRole("button", { name: `Open default VPC ${DEFAULT_VPC_ID}` }).click();
    await page.locator(`.react-flow__node[data-id^="subnet-0d1e2f3a4b5c6001"]`).nth(2).waitFor();
    expect(engine(requested)).toHaveLength(1);
    await page.context().close();
  });

  it("exports from the server's drawing of the account, with the tested path, named after the lab and the day", async () => {
    const page = await open("fixture=lab1&highlight=blocked");
    const requested: string[] = [];
    // The harness has no server: answer as app/labs/[labId]/diagram/route.ts does, from the same fixture.
    await page.route("**/labs/vpc-peering/diagram?*", async (route) => {
      const url = new URL(route.request().url());
      requested.push(url.search);
      const { svg } = await renderTopologySvg(lab1Snapshot(), { title: "VPC Peering", date: new Date("2026-12-02T20:45:00Z") });
      const png = url.searchParams.get("format") === "png";
      await route.fulfill({ status: 200, contentType: png ? "image/png" : "image/svg+xml", body: png ? await renderPng(svg) : svg });
    });
    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
      return { name: file.suggestedFilename(), path: (await file.path()) as string };
    };
    const png = await download("Export PNG");
    const svg = await download("Export SVG");
    expect(png.name).toMatch(/^vpc-lab-vpc-peering-\d{4}-\d{2}-\d{2}\.png$/);
    expect(svg.name).toMatch(/^vpc-lab-vpc-peering-\d{4}-\d{2}-\d{2}\.svg$/);
    expect(requested).toEqual([`?format=png&tone=blocked&ids=${LAB1.sg2}`, `?format=svg&tone=blocked&ids=${LAB1.sg2}`]);
    const svgText = fs.readFileSync(svg.path, "utf8");
    expect(svgText).toContain(`data-peering="${LAB1.pcx}"`);
    const width = Number(/<svg[^>]*width="(\d+)"/.exec(svgText)?.[1]);
    const height = Number(/<svg[^>]*height="(\d+)"/.exec(svgText)?.[1]);
    expect(pngSize(png.path)).toEqual({ width: 2 * width, height: 2 * height });
    await page.context().close();
  });

  it("paints a green path and a red blocking hop", async () => {
    const ok = await open("fixture=lab1&highlight=ok");
    await expect(ok.locator(`.react-flow__edge[data-id="${LAB1.pcx}"] path.vl-edge-ok`).count()).resolves.toBe(1);
    await expect(nodeBox(ok, LAB1.rtb1).innerText()).resolves.toContain("On path");
    await ok.context().close();
    const blocked = await open("fixture=lab1&highlight=blocked");
    await expect(blocked.locator(`[data-id="${LAB1.sg2}"]`).getAttribute("class")).resolves.toContain("vl-chip-blocked");
    await expect(blocked.locator(".vl-tone-ok, .vl-edge-ok").count()).resolves.toBe(0);
    await blocked.context().close();
  });

  it.each(["fixture=lab1", "fixture=lab2&highlight=changed", "fixture=labs&presenter=1", "fixture=lab1&highlight=blocked"])(
    "has no serious or critical axe violations (%s)",
    async (query) => {
      const page = await open(query, { width: 1280, height: 720 });
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
      expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
      await page.context().close();
    },
  );

  it("draws the labs from the server's HTML alone, boxes and edges where the running diagram keeps them", async () => {
    const snapshot = fixtureSnapshot("labs");
    const initialLayout = await initialLayoutFor(snapshot, "vpc-peering");
    // The lab page's server render of the diagram, with the harness's styles and none of its scripts.
    const html = renderToString(createElement(LabDiagram, { snapshot, labId: "vpc-peering", initialLayout }));
    // The panels come after the diagram, as on the lab page: the script has run before they take their room.
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>First frame</title><link rel="stylesheet" href="harness.css" />
      <style>html, body { margin: 0; }</style></head><body><main style="width: 100vw; height: 100vh; display: grid; grid-template-columns: minmax(0, 1fr) auto">${html}<aside style="width: 384px">Panels</aside></main></body></html>`;
    fs.writeFileSync(path.join(harnessDir, "first-frame.html"), page);
    const serverOnly = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await serverOnly.goto(server.url.replace("index.html", "first-frame.html"));
    // What the first painted frame shows: resize observers report in the frame's rendering step, after
    // its animation callbacks and before the paint (read at "load" alone, the boxes could be unfitted yet).
    await serverOnly.evaluate(() => new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted))));
    const before = await drawing(serverOnly);
    const running = await open("fixture=labs&layout=server&panels=1");
    await running.waitForTimeout(500);
    const after = await drawing(running);
    expect(before.boxes.length).toBe(initialLayout.boxes.length);
    expect(before.edges.length).toBeGreaterThan(0);
    expect(before.edges.map(([id]) => id)).toEqual(after.edges.map(([id]) => id));
    for (const [index, [id, d]] of before.edges.entries()) expect(samePath(d, after.edges[index][1]), `edge ${id}: ${d} / ${after.edges[index][1]}`).toBe(true);
    expect(before.boxes.map(([id]) => id)).toEqual(after.boxes.map(([id]) => id));
    for (const [index, [id, box]] of before.boxes.entries()) {
      const moved = Math.max(...box.map((value, side) => Math.abs(value - after.boxes[index][1][side])));
      expect(moved, `box ${id} moved ${moved}px`).toBeLessThan(1);
    }
    await serverOnly.context().close();
    await running.context().close();
  });
});

/** Every visible box's place on screen and every edge's path, in document order. */
function drawing(page: Page) {
  return page.evaluate(() => ({
    boxes: [...document.querySelectorAll<HTMLElement>(".react-flow__node")]
      .filter((node) => node.style.visibility !== "hidden")
      .map((node): [string, number[]] => {
        const { x, y, width, height } = node.getBoundingClientRect();
        return [node.dataset.id ?? "", [x, y, width, height]];
      }),
    edges: [...document.querySelectorAll<SVGGElement>(".react-flow__edge")].map((edge): [string, string] => [
      edge.dataset.id ?? "",
      edge.querySelector("path.react-flow__edge-path")?.getAttribute("d") ?? "",
    ]),
  }));
}

/** The same path, to a hundredth of a pixel. */
function samePath(a: string, b: string): boolean {
  const numbers = (d: string) => d.match(/-?\d+(\.\d+)?(e-?\d+)?/g)?.map(Number) ?? [];
  const [left, right] = [numbers(a), numbers(b)];
  return left.length === right.length && left.every((value, index) => Math.abs(value - right[index]) < 0.01);
}
