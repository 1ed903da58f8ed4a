/**
 * The console's own reads never hold up the student's click (issue 14, Reset to step N ≤ 1 s): Next runs
 * a page's server actions one at a time, so the live checks, the step list and the bucket view that
 * follow every change are routes or the live stream; only what the student presses is a server action.
 * A lab page's read after a change comes down its live stream (lib/console/streamed-reads.ts): the
 * page makes no request for it.
 */
import { CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { createAccessKey, newAccount, signUp } from "./fixtures";

const rail = (page: Page) => page.getByRole("navigation", { name: "Lab steps" });

/** Counts the reads the page's live stream brings (`read` events), from the page's first load on. */
async function countStreamReads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const counted = window as unknown as { streamReads: number };
    counted.streamReads = 0;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("read", () => (counted.streamReads += 1));
      }
    };
  });
}

const streamReads = (page: Page) => page.evaluate(() => (window as unknown as { streamReads: number }).streamReads);

/** A new student, with an access key for the SDK, on Lab 1's page once its step rail has been read. */
async function studentOnLab1(page: Page, name: string, options: { viewport?: { width: number; height: number }; beforeOpening?: () => Promise<unknown> } = {}): Promise<EC2Client> {
  await page.setViewportSize(options.viewport ?? { width: 1440, height: 900 });
  await signUp(page, newAccount(name));
  const keys = await createAccessKey(page);
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: keys, maxAttempts: 1 });
  await options.beforeOpening?.();
  await page.goto("/labs/vpc-peering");
  await expect(rail(page).getByText("0 of 6 done")).toBeVisible({ timeout: 30_000 });
  return ec2;
}

test("after changes made from the CLI the live stream brings the read, the steps checked with it: the page makes no request and no server action, and the rail judges the new VPCs", async ({ page }) => {
  test.setTimeout(120_000);
  await countStreamReads(page);
  const ec2 = await studentOnLab1(page, "Background reads");
  await page.waitForTimeout(1_000);

  const requests: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (request.headers()["next-action"] || pathname === "/api/console" || pathname.startsWith("/api/labs/")) requests.push(`${request.method()} ${pathname}`);
  });
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "VPC 1" }] }] }));
  await expect(page.getByTestId("rf__wrapper").getByText("VPC 1")).toBeVisible({ timeout: 15_000 });
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.2.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "VPC 2" }] }] }));
  await expect(page.getByTestId("rf__wrapper").getByText("VPC 2")).toBeVisible({ timeout: 15_000 });
  // The stream's reads checked the steps: the rail judges the two VPCs the student made.
  for (const name of ["VPC 1", "VPC 2"]) await expect(rail(page).getByText(new RegExp(`^${name} \\(vpc-[0-9a-f]+\\) has no subnet`))).toBeVisible({ timeout: 15_000 });
  expect(await streamReads(page)).toBe(2);
  expect(requests).toEqual([]);
});

test("a console left open on an account nobody changes does not read it while its live stream is heard from, and checks the lab again after a change", async ({ page }) => {
  test.setTimeout(120_000);
  await countStreamReads(page);
  const ec2 = await studentOnLab1(page, "Quiet console");
  await page.waitForTimeout(1_000);

  const reads: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/api/console" || pathname.startsWith("/api/labs/vpc-peering/")) reads.push(pathname);
  });
  // Two and a half of the old 5 s polls: a class of open consoles polling cost the server more than the class's own calls.
  await page.waitForTimeout(12_500);
  expect(reads).toEqual([]);

  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "VPC 1" }] }] }));
  await expect(page.getByTestId("rf__wrapper").getByText("VPC 1")).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(1_500);
  // The change costs one read of the account, made by the stream: it brought the rail's check and the Break it panel's challenge.
  expect(await streamReads(page)).toBe(1);
  expect(reads).toEqual([]);
});

test("a burst of changes from a script is read once it settles: four CLI calls a tenth of a second apart make one read of the account, and the diagram shows all four", async ({ page }) => {
  test.setTimeout(120_000);
  await countStreamReads(page);
  const ec2 = await studentOnLab1(page, "Burst of changes", { viewport: { width: 1280, height: 720 } });
  await page.waitForTimeout(1_000);

  const reads: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/console") reads.push(request.url());
  });
  for (let n = 1; n <= 4; n += 1) {
    await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16`, TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: `Burst VPC ${n}` }] }] }));
    await page.waitForTimeout(100);
  }
  for (let n = 1; n <= 4; n += 1) await expect(page.getByTestId("rf__wrapper").getByText(`Burst VPC ${n}`)).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(1_500);
  // A read per change cost the server four reads of the whole account (npm run load: a class's scripts).
  expect(await streamReads(page)).toBe(1);
  expect(reads).toEqual([]);
});

test("with its live stream cut, the console reads the account every few seconds: a change from the CLI still shows, and an unchanged account is not checked again", async ({ page }) => {
  test.setTimeout(120_000);
  // A proxy that drops event streams, say: EventSource keeps trying and never hears a thing.
  const ec2 = await studentOnLab1(page, "Console without stream", { beforeOpening: () => page.route("**/api/events*", (route) => route.abort()) });

  const reads: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/api/console" || pathname.startsWith("/api/labs/vpc-peering/")) reads.push(pathname);
  });
  await expect.poll(() => reads.filter((path) => path === "/api/console").length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  expect(reads.filter((path) => path !== "/api/console")).toEqual([]);

  const checked = page.waitForRequest((request) => request.method() === "POST" && request.url().endsWith("/api/labs/vpc-peering/check"), { timeout: 15_000 });
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "CLI VPC" }] }] }));
  await expect(page.getByTestId("rf__wrapper").getByText("CLI VPC")).toBeVisible({ timeout: 10_000 });
  await checked;
});

test("after Do it for me the console reads the account it changed but does not check the lab again: the action's own check judged that state", async ({ page }) => {
  test.setTimeout(120_000);
  await countStreamReads(page);
  const ec2 = await studentOnLab1(page, "No second check");

  const reads: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/api/console" || pathname === "/api/labs/vpc-peering/check") reads.push(pathname);
  });
  await rail(page).getByRole("button", { name: /^Create two VPCs/ }).click();
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("1 of 6 done")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("rf__wrapper").getByText("lab1-vpc-1", { exact: true })).toBeVisible({ timeout: 15_000 });
  // Past the change events' reads.
  await page.waitForTimeout(6_000);
  expect(reads).toContain("/api/console");
  expect(reads.filter((path) => path.endsWith("/check"))).toEqual([]);

  // A change the action did not make is checked as before, by the read that follows it (the stream's).
  const streamedBefore = await streamReads(page);
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "CLI VPC" }] }] }));
  await expect(page.getByTestId("rf__wrapper").getByText("CLI VPC")).toBeVisible({ timeout: 15_000 });
  expect(await streamReads(page)).toBeGreaterThan(streamedBefore);
  expect(reads.filter((path) => path.endsWith("/check"))).toEqual([]);
});

test("while a Reset to step N runs the console does not read the account (each of its changes would compete with it for the server), and reads it once when it is over", async ({ page, context }) => {
  test.setTimeout(120_000);
  const ec2 = await studentOnLab1(page, "Reads held by a reset");
  await rail(page).getByRole("button", { name: /^Create two VPCs/ }).click();
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("1 of 6 done")).toBeVisible({ timeout: 30_000 });
  // A second tab, not resetting anything, shows when a change has reached the console and been read.
  const witness = await context.newPage();
  await witness.setViewportSize({ width: 1440, height: 900 });
  await witness.goto("/labs/vpc-peering");
  await expect(witness.getByTestId("rf__wrapper").getByText("lab1-vpc-1", { exact: true })).toBeVisible({ timeout: 30_000 });

  // The reset is held at the server's door, so the account changes meanwhile only from the CLI.
  let releaseReset!: () => void;
  const resetHeld = new Promise<void>((resolve) => (releaseReset = resolve));
  await page.route("**/*", async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) await resetHeld;
    await route.fallback();
  });
  await rail(page).getByRole("button", { name: "Reset to this step" }).click();
  await rail(page).getByRole("alertdialog").getByRole("button", { name: "Reset" }).click();
  const reads: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/console") reads.push(request.url());
  });
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "CLI VPC" }] }] }));
  await expect(witness.getByTestId("rf__wrapper").getByText("CLI VPC")).toBeVisible({ timeout: 15_000 });
  // Past where the old 5 s poll would have read too.
  await page.waitForTimeout(5_500);
  expect(reads).toEqual([]);

  const readAfter = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/console");
  releaseReset();
  await expect(rail(page).getByRole("region", { name: "Reset to step 1" })).toContainText("The lab is at the start of step 1.", { timeout: 30_000 });
  await readAfter;
  await expect(page.getByTestId("rf__wrapper").getByText("lab1-vpc-1", { exact: true })).toHaveCount(0);
  await page.unroute("**/*");
});

test("with the Activity tab shown, the stream's reads bring its page: a CLI call shows in the list without a request of the page's own", async ({ page }) => {
  test.setTimeout(120_000);
  await countStreamReads(page);
  const ec2 = await studentOnLab1(page, "Activity streamed", { viewport: { width: 1280, height: 720 } });
  await page.getByRole("tab", { name: "Activity" }).click();
  const activity = page.getByRole("tabpanel", { name: "Activity" });
  await expect(activity).toBeVisible();
  // Showing the tab opened the stream again (asking for the page too) and read on its ready.
  await page.waitForTimeout(1_500);

  const reads: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/console") reads.push(request.url());
  });
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "Watched VPC" }] }] }));
  await expect(activity.getByRole("list", { name: "API calls of this lab run" })).toContainText("CreateVpc", { timeout: 15_000 });
  expect(await streamReads(page)).toBe(1);
  expect(reads).toEqual([]);
});

test("in presenter mode the stream carries no reads (they would record steps the hidden rail never shows): the page reads itself, without the check", async ({ page }) => {
  test.setTimeout(120_000);
  await countStreamReads(page);
  const ec2 = await studentOnLab1(page, "Presenter reads");
  await page.getByRole("button", { name: "Presenter mode" }).click();
  await expect(page.getByTestId("lab-diagram")).toHaveClass(/vl-presenter/);
  await page.waitForTimeout(1_500);

  const reads: { check?: boolean }[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/console") reads.push(request.postDataJSON() as { check?: boolean });
  });
  const before = await streamReads(page);
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "Projected VPC" }] }] }));
  await expect(page.getByTestId("rf__wrapper").getByText("Projected VPC")).toBeVisible({ timeout: 15_000 });
  expect(await streamReads(page)).toBe(before);
  expect(reads.length).toBeGreaterThanOrEqual(1);
  expect(reads.every((read) => read.check === false)).toBe(true);
});
