import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { newAccount, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

function diagramNode(page: Page, labelStart: string) {
  return page.locator(`.react-flow__node[aria-label^="${labelStart}"]`);
}

/** "Do it for me" until the rail reports `done` of `total` steps. */
async function buildUpTo(page: Page, done: number, total: number) {
  for (let click = 0; click < done + 2 && !(await rail(page).getByText(`${done} of ${total} done`).isVisible()); click++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByRole("button", { name: "Working…" })).toHaveCount(0, { timeout: 30_000 });
  }
  await expect(rail(page).getByText(`${done} of ${total} done`)).toBeVisible({ timeout: 30_000 });
}

async function presenterOn(page: Page) {
  await page.getByRole("button", { name: "Presenter mode" }).click();
  await expect(page.getByTestId("lab-diagram")).toHaveClass(/vl-presenter/);
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test("sign-in, home, access keys and the write-up have no serious or critical axe violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectNoSeriousViolations(page, "sign-in");

  await signUp(page, newAccount("Axe"));
  await expectNoSeriousViolations(page, "home");

  await page.goto("/access-keys");
  await expect(page.getByRole("heading", { name: "Access keys", exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, "access keys");

  await page.goto("/labs/vpc-peering/writeup");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 1 write-up");
});

test("the Lab 1 console, built, with a panel open and in presenter mode, has no serious or critical axe violations", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, newAccount("Axe Lab1"));
  await page.goto("/labs/vpc-peering");
  await expect(rail(page).getByText("0 of 6 done")).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 1, empty");

  await buildUpTo(page, 5, 6);
  await expect(diagramNode(page, "Instance lab1-instance-2")).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 1, five steps built");

  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /rtb-public/ }).first().click();
  await expect(page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Add route" })).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 1, route table panel");

  await page.getByRole("tab", { name: "Tests" }).click();
  await expectNoSeriousViolations(page, "Lab 1, tests panel");
  await page.getByRole("tab", { name: "Activity" }).click();
  await expectNoSeriousViolations(page, "Lab 1, activity panel");

  await presenterOn(page);
  await expectNoSeriousViolations(page, "Lab 1, presenter mode");

  await page.goto("/labs/vpc-peering/writeup");
  await expect(page.getByRole("heading", { name: "Multi-VPC architecture", exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 1 write-up with steps done");
});

test("the Lab 2 console, built, with the bucket and endpoint panels open and in presenter mode, has no serious or critical axe violations", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, newAccount("Axe Lab2"));
  await page.goto("/labs/vpc-endpoints");
  await buildUpTo(page, 5, 8);
  await expect(diagramNode(page, "S3 bucket")).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 2, five steps built");

  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^vpc-lab-endpoints-/ }).first().click();
  await expect(page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Save policy" })).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 2, bucket panel");

  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /(^|\()vpce-[0-9a-f]+\)?$/ }).first().click();
  await expect(page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Save route tables" })).toBeVisible();
  await expectNoSeriousViolations(page, "Lab 2, endpoint panel");

  await presenterOn(page);
  await expectNoSeriousViolations(page, "Lab 2, presenter mode");
});

test("keyboard only: Tab reaches a VPC on the diagram, Enter opens its panel, and the panel's controls answer the keyboard", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("Keyboard"));
  await page.goto("/labs/vpc-peering");
  await buildUpTo(page, 1, 6);
  const vpc = diagramNode(page, "VPC lab1-vpc-1");
  await expect(vpc).toBeVisible();

  await page.locator("body").focus();
  let reached = false;
  for (let press = 0; press < 120 && !reached; press++) {
    await page.keyboard.press("Tab");
    reached = await vpc.evaluate((element) => element === document.activeElement);
  }
  expect(reached, "Tab reaches the VPC box on the diagram").toBe(true);
  await page.keyboard.press("Enter");

  const inspect = page.getByRole("tabpanel", { name: "Inspect" });
  await expect(page.getByRole("tab", { name: "Inspect" })).toHaveAttribute("aria-selected", "true");
  await expect(inspect).toContainText("lab1-vpc-1");

  // The step rail answers the keyboard too: Tab to its "Check my work" and press Enter.
  const check = rail(page).getByRole("button", { name: "Check my work" });
  await check.focus();
  await page.keyboard.press("Enter");
  await expect(rail(page).getByRole("status").first()).toBeVisible({ timeout: 30_000 });
});

test("presenter mode by keyboard: PageDown/PageUp and the arrows move between steps, Tab and Enter open a panel, Escape leaves", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Presenter"));
  await page.goto("/labs/vpc-peering");
  await buildUpTo(page, 2, 6);

  await page.getByRole("button", { name: "Presenter mode" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("lab-diagram")).toHaveClass(/vl-presenter/);
  // Less chrome: no site header, no step rail, no panels until something is selected, no export toolbar.
  await expect(page.getByRole("link", { name: "Access keys" })).toBeHidden();
  await expect(rail(page)).toHaveCount(0);
  await expect(page.getByRole("complementary", { name: "Panels" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Export PNG" })).toHaveCount(0);

  const presented = page.getByTestId("presented-step");
  await expect(presented).toHaveText("Step 3 of 6: Route each VPC to the other");
  await page.keyboard.press("PageDown");
  await expect(presented).toHaveText("Step 4 of 6: Launch an instance in each VPC");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("PageUp");
  await expect(presented).toHaveText(/^Step 2 of 6: Create and accept a peering connection\s*done$/);
  await expect(page.getByRole("list", { name: "Step 2 instructions" })).toBeVisible();

  const vpc = diagramNode(page, "VPC lab1-vpc-1");
  let reached = false;
  for (let press = 0; press < 40 && !reached; press++) {
    await page.keyboard.press("Tab");
    reached = await vpc.evaluate((element) => element === document.activeElement);
  }
  expect(reached, "Tab reaches the VPC box in presenter mode").toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("complementary", { name: "Panels" })).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Inspect" })).toContainText("lab1-vpc-1");
  await expectNoSeriousViolations(page, "Lab 1, presenter mode with a panel open");

  await page.keyboard.press("Escape");
  await expect(page.getByTestId("lab-diagram")).not.toHaveClass(/vl-presenter/);
  await expect(page.getByRole("button", { name: "Presenter mode" })).toBeVisible();
  await expect(rail(page)).toBeVisible();
});
