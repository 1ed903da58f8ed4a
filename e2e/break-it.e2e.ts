/**
 * Break it as a student: Lab 1 completed with Do it for me, "Challenge me" breaks one thing, the
 * student sees only the symptom, asks where it breaks (counted), fixes it by hand in the console,
 * and sees the fix accepted with the time it took.
 */
import { expect, test, type Page } from "@playwright/test";
import { newAccount, shoot, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

function breakIt(page: Page) {
  return rail(page).getByRole("region", { name: "Break it" });
}

async function selectInstance(page: Page, name: string) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: new RegExp(`^${name} \\(i-`) }).click();
  return page.getByRole("tabpanel", { name: "Inspect" });
}

test("a student completes Lab 1, is challenged, sees the symptom, fixes it by hand in the console and sees it accepted", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Breaker"));
  await page.goto("/labs/vpc-peering");

  // Not before the lab works: nothing to break yet.
  await expect(rail(page).getByText("0 of 6 done")).toBeVisible({ timeout: 30_000 });
  await expect(breakIt(page)).toHaveCount(0);
  for (let done = 1; done <= 6; done++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
  }

  await breakIt(page).getByText("Choose what breaks (spoils the surprise)").click();
  await breakIt(page).getByLabel("What breaks").selectOption({ label: "Stop instance 2" });
  await breakIt(page).getByRole("button", { name: "Challenge me" }).click();
  const symptom = breakIt(page).getByRole("alert");
  await expect(symptom).toHaveText("Something broke: ping from instance 1 to instance 2 fails (100% packet loss).", { timeout: 30_000 });
  await shoot(page, "break-it-symptom");

  // Not fixed yet: the check says so and gives nothing away.
  await breakIt(page).getByRole("button", { name: "I fixed it" }).click();
  await expect(breakIt(page).getByRole("status")).toHaveText(/^Not yet: ping 10\.2\.0\.\d+ \(instance 2\) from instance 1 still fails\.$/);
  await expect(breakIt(page).getByRole("region", { name: "Where it breaks" })).toHaveCount(0);

  // Asked, the analysis walks the hops and names the stopped instance; the ask is counted.
  await breakIt(page).getByRole("button", { name: "Show me where it breaks" }).click();
  const where = breakIt(page).getByRole("region", { name: "Where it breaks" });
  // Named as the diagram names it, not by its id alone.
  await expect(where).toContainText(/Instance lab1-instance-2 \(i-\w+\) is stopped, so it neither sends nor answers packets\./);
  await expect(where).toContainText("Help asked 1 time (your instructor sees this).");
  await shoot(page, "break-it-where-it-breaks");

  // The fix, by hand: instance 2's panel, Start.
  const inspect = await selectInstance(page, "lab1-instance-2");
  await inspect.getByRole("button", { name: "Start", exact: true }).click({ timeout: 30_000 });
  await expect(inspect.getByRole("button", { name: "Stop", exact: true })).toBeVisible({ timeout: 30_000 });
  // The console checks again when it sees the account change; if that check ran before the instance was running, the student says so.
  const fixedIt = breakIt(page).getByRole("button", { name: "I fixed it" });
  if (await fixedIt.isVisible()) await fixedIt.click({ timeout: 5_000 }).catch(() => undefined);
  const accepted = breakIt(page).getByRole("status");
  await expect(accepted).toContainText(/^Fixed in (\d+ min )?\d+ s, help asked 1 time/, { timeout: 30_000 });
  await expect(accepted).toContainText(/What broke: Stopped instance 2 i-\w+\./);
  await expect(breakIt(page).getByRole("button", { name: "Challenge me again" })).toBeVisible();
  await shoot(page, "break-it-fixed");
});
