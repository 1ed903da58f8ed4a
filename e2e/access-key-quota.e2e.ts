/**
 * The console signs as lab-user with one of lab-user's access keys. When the student deactivates both,
 * it must not make a third past IAM's quota of two (AccessKeysPerUser): it says why it cannot sign,
 * and the Access keys page still lets the student activate one.
 */
import { expect, test } from "@playwright/test";
import { createAccessKey, newAccount, signUp } from "./fixtures";

test("a student deactivates both of lab-user's keys: no third key, the lab says why, and activating one brings the console back", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Key quota"));
  const { accessKeyId } = await createAccessKey(page);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Access keys (2 of 2)" })).toBeVisible();

  const rows = page.getByRole("listitem", { name: /^Access key AKIA/ });
  for (let index = 0; index < 2; index++) {
    const row = rows.nth(index);
    await row.getByRole("button", { name: "Deactivate" }).click();
    await expect(row).toContainText("Inactive");
  }
  await page.reload();
  await expect(page.getByRole("heading", { name: "Access keys (2 of 2)" })).toBeVisible();
  await expect(rows.filter({ hasText: "Inactive" })).toHaveCount(2);
  const why = "Both of lab-user's access keys are inactive. This console signs as lab-user with one of them, and IAM allows no third (AccessKeysPerUser: 2)";
  await expect(page.getByRole("alert").filter({ hasText: why })).toBeVisible();

  await page.goto("/labs/vpc-peering");
  await expect(page.getByRole("alert").filter({ hasText: why })).toBeVisible();
  await page.getByRole("link", { name: "Open Access keys" }).click();
  await expect(page.getByRole("heading", { name: "Access keys (2 of 2)" })).toBeVisible();

  // Activating the student's key (as the account's root user may) gives the console a key to sign with again.
  await page.getByRole("listitem", { name: `Access key ${accessKeyId}` }).getByRole("button", { name: "Activate" }).click();
  await expect(page.getByRole("listitem", { name: `Access key ${accessKeyId}` })).not.toContainText("Inactive");
  await page.goto("/labs/vpc-peering");
  await expect(page.getByRole("navigation", { name: "Lab steps" }).getByText("0 of 6 done")).toBeVisible({ timeout: 30_000 });
  await page.goto("/access-keys");
  await expect(page.getByRole("heading", { name: "Access keys (2 of 2)" })).toBeVisible();
});
