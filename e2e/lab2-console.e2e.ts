import { expect, test, type Page } from "@playwright/test";
import { newAccount, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

function inspect(page: Page) {
  return page.getByRole("tabpanel", { name: "Inspect" });
}

async function select(page: Page, name: RegExp) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name }).first().click();
}

test("Lab 2 through the panels: the bucket policy locks the console out; the endpoint gets its route and a deny policy", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Endpoints"));
  await page.goto("/labs/vpc-endpoints");
  // Steps 1 to 5 by "Do it for me": VPC, instance, bucket with objects, and a gateway endpoint with no route yet.
  for (let click = 0; click < 5 && !(await rail(page).getByText("5 of 8 done").isVisible()); click++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByRole("button", { name: "Working…" })).toHaveCount(0, { timeout: 30_000 });
  }
  await expect(rail(page).getByText("5 of 8 done")).toBeVisible({ timeout: 30_000 });
  await select(page, /^vpce-/);
  const endpointId = (await inspect(page).getByText(/^vpce-[0-9a-f]+$/).first().textContent())!;
  await expect(inspect(page).getByRole("checkbox").first()).not.toBeChecked();

  // Step 6: deny unless through the endpoint; the console's own view is locked out, as the S3 console is.
  await select(page, /^vpc-lab-endpoints-/);
  await inspect(page).getByRole("button", { name: `Deny unless through ${endpointId}` }).click();
  await inspect(page).getByRole("button", { name: "Save policy" }).click();
  await expect(inspect(page).getByRole("alert").filter({ hasText: "Insufficient permissions to list objects" })).toBeVisible();
  await expect(inspect(page).getByText("cannot be read by this console (AccessDenied)")).toBeVisible();

  // Step 7: the endpoint route appears in the route table, as a route to S3's prefix list.
  await select(page, new RegExp(`^${endpointId}`));
  await inspect(page).getByRole("checkbox", { name: /lab2-vpc-rtb-public/ }).check();
  await inspect(page).getByRole("button", { name: "Save route tables" }).click();
  await expect(inspect(page).getByRole("status").filter({ hasText: `Updated the route tables of ${endpointId}.` })).toBeVisible();
  await expect(page.locator(`.react-flow__node[aria-label^="Route table lab2-vpc-rtb-public"]`)).toHaveAttribute("aria-label", new RegExp(`pl-63a5400a to ${endpointId}`));

  // Step 8: the endpoint policy editor saves a deny-everything policy.
  await select(page, new RegExp(`^${endpointId}`));
  await inspect(page).getByRole("button", { name: "Deny everything" }).click();
  await inspect(page).getByRole("button", { name: "Save policy" }).click();
  await expect(inspect(page).getByRole("status").filter({ hasText: `Saved the policy of ${endpointId}.` })).toBeVisible();
  await expect(inspect(page).getByRole("textbox", { name: "Policy document (JSON)" })).toHaveValue(/"Effect": "Deny"/);
  await page.screenshot({ path: "test-results/screens/lab2-endpoint-policy-1440x900.png" });
});
