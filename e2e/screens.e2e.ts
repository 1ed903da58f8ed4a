import { expect, test } from "@playwright/test";
import { newAccount, signUp } from "./fixtures";

/** Screenshots for the projector (1280x720) and a laptop (1440x900), kept in test-results/screens. */
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

for (const viewport of VIEWPORTS) {
  test(`home and sign-in read well at ${viewport.width}x${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeInViewport();
    await page.screenshot({ path: `test-results/screens/sign-in-${viewport.width}x${viewport.height}.png` });

    await signUp(page, newAccount("Screens"));
    const labs = page.getByRole("article");
    await expect(labs).toHaveCount(2);
    // Both lab titles are visible without scrolling.
    await expect(page.getByRole("heading", { name: "VPC Peering" })).toBeInViewport();
    await expect(page.getByRole("heading", { name: "VPC Endpoints" })).toBeInViewport();
    await page.screenshot({ path: `test-results/screens/home-${viewport.width}x${viewport.height}.png`, fullPage: true });
  });
}
