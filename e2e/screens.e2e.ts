import { expect, test, type Page } from "@playwright/test";
import { newAccount, signUp, VIEWPORTS } from "./fixtures";

/** Screenshots for the projector (1280x720) and a laptop (1440x900), kept in test-results/screens. */
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

const LABS = [
  { id: "vpc-peering", short: "lab1", steps: 6 },
  { id: "vpc-endpoints", short: "lab2", steps: 8 },
] as const;

/** Lets a refit after a resize or a mode change (120 ms, then a 200 ms animation) finish before the picture. */
const SETTLE_MS = 700;

/** Every box of the diagram lies inside the diagram's own area: none under the panels or below the window. */
async function expectFramed(page: Page, label: string) {
  await expect(async () => {
    const { pane, outside } = await page.getByTestId("lab-diagram").evaluate((diagram) => {
      const area = diagram.querySelector(".react-flow")!.getBoundingClientRect();
      const boxes = [...diagram.querySelectorAll<HTMLElement>(".react-flow__node")].filter((node) => node.offsetParent !== null);
      const beyond = boxes
        .map((node) => ({ name: node.getAttribute("aria-label")?.split(",")[0], box: node.getBoundingClientRect() }))
        .filter(({ box }) => box.left < area.left - 1 || box.top < area.top - 1 || box.right > area.right + 1 || box.bottom > area.bottom + 1)
        .map(({ name, box }) => `${name} at ${Math.round(box.left)}–${Math.round(box.right)} × ${Math.round(box.top)}–${Math.round(box.bottom)}`);
      return { pane: `${Math.round(area.left)}–${Math.round(area.right)} × ${Math.round(area.top)}–${Math.round(area.bottom)}`, outside: beyond };
    });
    expect(outside, `${label}: boxes outside the diagram (${pane})`).toEqual([]);
  }).toPass({ timeout: 5_000 });
}

async function shootConsole(page: Page, name: string) {
  for (const presenter of [false, true]) {
    if (presenter) await page.getByRole("button", { name: "Presenter mode" }).click();
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(SETTLE_MS);
      // Presenter mode stops zooming out to keep type readable: the rest of a big picture is a pan away.
      if (!presenter) await expectFramed(page, `${name} at ${viewport.width}x${viewport.height}`);
      await page.screenshot({ path: `test-results/screens/${name}-${presenter ? "presenter" : "console"}-${viewport.width}x${viewport.height}.png` });
    }
  }
  await page.getByRole("button", { name: "Exit presenter mode" }).click();
  await expect(page.getByRole("button", { name: "Presenter mode" })).toBeVisible();
}

for (const lab of LABS) {
  test(`${lab.short} console at every step, on a laptop and a projector, normal and presenter mode`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(VIEWPORTS[1]);
    await signUp(page, newAccount(`Screens ${lab.short}`));
    await page.goto(`/labs/${lab.id}`);
    const rail = page.getByRole("navigation", { name: "Lab steps" });
    await expect(rail.getByText(new RegExp(`^\\d+ of ${lab.steps} done$`))).toBeVisible();
    await shootConsole(page, `${lab.short}-start`);
    // Each step opened in the rail and done for us, whatever its check then says, so every step gets its picture.
    for (let step = 1; step <= lab.steps; step++) {
      await page.setViewportSize(VIEWPORTS[1]);
      await rail.locator("ol").first().locator(":scope > li").nth(step - 1).getByRole("button").first().click();
      await rail.getByRole("button", { name: "Do it for me" }).click();
      await expect(rail.getByRole("button", { name: "Working…" })).toHaveCount(0, { timeout: 30_000 });
      await shootConsole(page, `${lab.short}-step${step}`);
    }
  });
}
