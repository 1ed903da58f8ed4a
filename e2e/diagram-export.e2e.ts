/**
 * Export SVG / PNG in the console: the server draws the signed-in student's own account as real SVG
 * (every edge, no foreignObject), and nobody else's.
 */
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import { newAccount, signUp } from "./fixtures";

async function doOpenStep(page: Page, doneAfter: number) {
  const rail = page.getByRole("navigation", { name: "Lab steps" });
  await rail.getByRole("button", { name: "Do it for me" }).click();
  await expect(rail.getByText(`${doneAfter} of 6 done`)).toBeVisible({ timeout: 30_000 });
}

async function exported(page: Page, button: "Export SVG" | "Export PNG") {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path()) as string) };
}

test("Export SVG downloads a real SVG of the student's two peered VPCs, edges and all; PNG is twice its size", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("Exporter"));
  await page.goto("/labs/vpc-peering");
  await doOpenStep(page, 1);
  await doOpenStep(page, 2);

  const svg = await exported(page, "Export SVG");
  expect(svg.name).toMatch(/^vpc-lab-vpc-peering-\d{4}-\d{2}-\d{2}\.svg$/);
  const text = svg.bytes.toString("utf8");
  expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(text).not.toMatch(/foreignObject|xhtml/i);
  // The peering curve runs between the two VPC boxes and says it is active.
  const peering = /<g data-peering="(pcx-[0-9a-f]+)" data-source="(vpc-[0-9a-f]+)" data-target="(vpc-[0-9a-f]+)" data-status="active">/.exec(text);
  expect(peering).not.toBeNull();
  for (const vpcId of [peering![2], peering![3]]) expect(text).toContain(`data-kind="vpc" data-id="${vpcId}"`);
  expect(text).toContain(`>active</text>`);
  expect(text).toContain("VPC Peering — network diagram");

  const png = await exported(page, "Export PNG");
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = Number(/<svg[^>]*width="(\d+)"/.exec(text)![1]);
  const height = Number(/<svg[^>]*height="(\d+)"/.exec(text)![1]);
  expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([2 * width, 2 * height]);
});

test("the diagram route draws only the signed-in student's own account; signed out it sends to sign-in", async ({ browser, request }) => {
  const signedOut = await request.get("/labs/vpc-peering/diagram?format=svg", { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers()["location"]).toContain("/sign-in");

  const first = await (await browser.newContext()).newPage();
  await signUp(first, newAccount("Owner"));
  await first.goto("/labs/vpc-peering");
  await doOpenStep(first, 1);
  const own = await (await first.request.get("/labs/vpc-peering/diagram?format=svg")).text();
  const vpcIds = [...own.matchAll(/data-kind="vpc" data-id="(vpc-[0-9a-f]+)"/g)].map((match) => match[1]);
  expect(vpcIds).toHaveLength(2);

  const second = await (await browser.newContext()).newPage();
  await signUp(second, newAccount("Stranger"));
  const response = await second.request.get("/labs/vpc-peering/diagram?format=svg");
  expect(response.headers()["content-type"]).toContain("image/svg+xml");
  const theirs = await response.text();
  for (const vpcId of vpcIds) expect(theirs).not.toContain(vpcId);
});
