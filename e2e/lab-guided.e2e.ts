import { expect, test, type Page } from "@playwright/test";
import { newAccount, shoot, signUp, VIEWPORTS } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

test("a student follows Lab 1 with the step rail, meets the failed ping, and gets every panel on screen", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(VIEWPORTS[1]);
  await signUp(page, newAccount("Guided"));
  await page.goto("/labs/vpc-peering");
  await expect(rail(page).getByText("0 of 6 done")).toBeVisible();
  await shoot(page, "lab1-start");

  // Steps 1 to 5 by "Do it for me", one at a time, as the rail offers them.
  for (let done = 1; done <= 5; done++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
  }

  // Before the student pings, Check my work only says what to do: the surprise is not given away.
  await rail(page).getByRole("button", { name: "Check my work" }).click();
  await expect(rail(page).getByText("run ping -c 4").first()).toBeVisible({ timeout: 30_000 });
  await expect(rail(page).getByText(/ENI_SG_RULES_MISMATCH/)).toHaveCount(0);
  // The student pings from the Tests tab and meets the silent failure; then the rail says why.
  await page.getByRole("tab", { name: "Tests" }).click();
  await page.getByRole("tabpanel", { name: "Tests" }).getByRole("button", { name: "Run ping" }).click();
  await expect(page.getByTestId("test-output")).toContainText("100% packet loss", { timeout: 30_000 });
  await rail(page).getByRole("button", { name: "Check my work" }).click();
  await expect(rail(page).getByText(/ENI_SG_RULES_MISMATCH|security group/).first()).toBeVisible({ timeout: 30_000 });
  await shoot(page, "lab1-failed-ping");

  await page.getByRole("tab", { name: "Build" }).click();
  await shoot(page, "panel-build");
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /rtb-public/ }).first().click();
  await shoot(page, "panel-route-table");
  await page.getByRole("tab", { name: "Activity" }).click();
  await expect(page.getByRole("list", { name: "API calls of this lab run" })).toContainText("ec2:RunInstances");
  await shoot(page, "panel-activity");

  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("6 of 6 done")).toBeVisible({ timeout: 30_000 });

  await page.getByRole("tab", { name: "Tests" }).click();
  await page.getByRole("tabpanel", { name: "Tests" }).getByRole("button", { name: "Run ping" }).click();
  await expect(page.getByTestId("test-output")).toContainText("0% packet loss");
  await shoot(page, "panel-tests-ping-ok");

  await page.getByRole("button", { name: "Presenter mode" }).click();
  await shoot(page, "presenter-mode");
});
