import { expect, type Locator, type Page, test } from "@playwright/test";
import { newAccount, signUp } from "./fixtures";

/** Half of a 1920x1080 screen, the write-up the student follows in the other half. */
const BESIDE_A_TUTORIAL = { width: 960, height: 1000 };

function diagramBox(page: Page, labelStart: string): Locator {
  return page.locator(`.react-flow__node[aria-label^="${labelStart}"]`);
}

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not drawn");
  return box;
}

/** lab1-vpc-2 drawn under lab1-vpc-1 (true) or beside it (false), both inside the diagram. */
async function stacked(page: Page): Promise<boolean | "not framed"> {
  const area = await boxOf(page.getByTestId("lab-diagram"));
  const [one, two] = [await boxOf(diagramBox(page, "VPC lab1-vpc-1 ")), await boxOf(diagramBox(page, "VPC lab1-vpc-2 "))];
  const inside = [one, two].every(({ x, y, width, height }) => x >= area.x && y >= area.y && x + width <= area.x + area.width && y + height <= area.y + area.height);
  if (!inside) return "not framed";
  return two.y > one.y + one.height;
}

/** A new student at this window size, Lab 1's first `steps` steps done for them. */
async function startLab1(page: Page, viewport: { width: number; height: number }, label: string, steps: number) {
  await page.setViewportSize(viewport);
  await signUp(page, newAccount(label));
  await page.goto("/labs/vpc-peering");
  const rail = page.getByRole("navigation", { name: "Lab steps" });
  for (let done = 1; done <= steps; done++) {
    await rail.getByRole("button", { name: "Do it for me" }).click();
    await expect(rail.getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
  }
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test("in a window beside a tutorial the diagram stacks the lab's VPCs, drawn large enough to read, from the server's first frame on", async ({ page }) => {
  test.setTimeout(120_000);
  await startLab1(page, { width: 1440, height: 900 }, "Narrow", 2);
  await expect.poll(() => stacked(page)).toBe(false);

  // 16:9 rows in a 384 px wide diagram drew both VPCs at a quarter of their size: titles only.
  await page.setViewportSize(BESIDE_A_TUTORIAL);
  await expect.poll(() => stacked(page), { message: "lab1-vpc-2 under lab1-vpc-1, both framed" }).toBe(true);
  const diagram = page.getByTestId("lab-diagram");
  await expect(diagram).not.toHaveClass(/vl-far/);
  await expect(diagramBox(page, "Route table lab1-vpc-1-rtb-public").getByText("local", { exact: true })).toBeVisible();
  // The region and the toolbar shorten their words rather than overlap; the buttons keep their names.
  const toolbar = diagram.getByRole("group", { name: "Diagram tools" });
  await expect(toolbar.getByRole("button", { name: "Export PNG" })).toHaveText("Export PNG");
  expect(overlap(await boxOf(diagram.locator(".vl-region")), await boxOf(toolbar))).toBe(false);
  await expect(diagram.locator(".react-flow__minimap")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/narrow-window-960x1000.png" });

  // The page remembers the shape: the server's HTML, before any of the page's scripts run, stacks them too.
  await page.route((url) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js"), (route) => route.abort());
  await page.reload();
  await expect.poll(() => stacked(page), { message: "the first frame stacks the VPCs" }).toBe(true);
  await page.unrouteAll();

  // A window as wide as tall (or wider) keeps the usual rows.
  await page.reload();
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect.poll(() => stacked(page)).toBe(false);
});

test("in a window under 900 px the diagram takes the panels' room; the panels lie over it when asked for or when something is selected", async ({ page }) => {
  test.setTimeout(120_000);
  await startLab1(page, { width: 800, height: 900 }, "Narrower", 1);

  // Beside the steps and the panels the diagram was 224 px wide.
  const panels = page.getByRole("complementary", { name: "Panels" });
  const toggle = page.getByRole("button", { name: "Panels", exact: true });
  await expect(panels).toBeHidden();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  const diagram = page.getByTestId("lab-diagram");
  expect((await boxOf(diagram)).width).toBeGreaterThan(500);
  await expect.poll(() => stacked(page), { message: "both VPCs framed" }).not.toBe("not framed");

  // The Build tab's forms, over the diagram.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(panels).toBeVisible();
  const diagramArea = await boxOf(diagram);
  expect((await boxOf(panels)).x).toBeLessThan(diagramArea.x + diagramArea.width);
  await page.getByRole("tab", { name: "Build" }).click();
  const build = page.getByRole("tabpanel", { name: "Build" });
  await build.getByLabel("VPC name").fill("narrow-vpc");
  await build.getByLabel("IPv4 CIDR").fill("10.9.0.0/16");
  await build.getByLabel(/VPC and more/).uncheck();
  await build.getByRole("button", { name: "Create VPC" }).click();
  await expect(page.getByRole("tabpanel", { name: "Inspect" })).toContainText("narrow-vpc");
  await page.screenshot({ path: "test-results/screens/narrow-window-800x900-panels.png" });
  await toggle.click();
  await expect(panels).toBeHidden();
  await expect(diagramBox(page, "VPC narrow-vpc ")).toBeVisible();

  // Selecting a box opens them on what was selected.
  await diagramBox(page, "VPC lab1-vpc-2 ").click({ position: { x: 40, y: 12 } });
  await expect(panels).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Inspect" })).toContainText("10.2.0.0/16");
  await page.screenshot({ path: "test-results/screens/narrow-window-800x900-inspect.png" });

  // A laptop's window keeps the three columns.
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(toggle).toBeHidden();
  await expect(panels).toBeVisible();
});
