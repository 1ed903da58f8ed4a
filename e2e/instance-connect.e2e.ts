import { expect, type Locator, test, type Page } from "@playwright/test";
import { newAccount, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

async function connect(page: Page) {
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^lab1-instance-1 \(i-/ }).click();
  await page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  return page.getByRole("region", { name: /EC2 Instance Connect to lab1-instance-1/ });
}

test("Instance Connect refuses an instance without a public address, then opens a terminal once it has an Elastic IP", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Connector"));
  await page.goto("/labs/vpc-peering");
  for (let done = 1; done <= 4; done++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
  }
  await page.getByRole("tab", { name: "Build" }).click();

  // The second surprise, in the AWS console's words.
  const refused = await connect(page);
  await expect(refused.getByRole("alert")).toContainText("Failed to connect to your instance");
  await expect(refused.getByRole("alert")).toContainText("No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect.");
  // A 1366x768 laptop at 125%: the diagram drew itself over the terminal's header, Close button included.
  await page.setViewportSize({ width: 1093, height: 614 });
  await refused.getByRole("button", { name: "Close terminal" }).click();
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Allocate an Elastic IP and associate it" }).click();
  await expect(page.getByRole("tabpanel", { name: "Inspect" }).getByText(/^Elastic IP /)).toBeVisible();

  await page.getByRole("tab", { name: "Build" }).click();
  const terminal = await connect(page);
  const screen = terminal.getByTestId("terminal");
  await expect(screen).toContainText(/\[ec2-user@ip-10-1-0-\d+ ~\]\$/);
  await screen.click();
  await page.keyboard.type("hostname");
  await page.keyboard.press("Enter");
  await expect(screen).toContainText(/ip-10-1-0-\d+\.ec2\.internal/);
  await page.screenshot({ path: "test-results/screens/instance-connect-1440x900.png" });
  const title = terminal.getByText("EC2 Instance Connect", { exact: true });
  expect(await title.evaluate((element) => element.scrollWidth <= element.clientWidth), "the drawer's title is whole").toBe(true);
  // In a window beside a tutorial the drawer is 384 px wide: the header's title cut off "Close terminal".
  await page.setViewportSize({ width: 960, height: 1000 });
  await expect.poll(async () => {
    const [drawer, close] = [await terminal.boundingBox(), await terminal.getByRole("button", { name: "Close terminal" }).boundingBox()];
    return drawer !== null && close !== null && close.x + close.width <= drawer.x + drawer.width;
  }, { message: "Close terminal is inside the drawer" }).toBe(true);
  // Under 900 px the panels lie over the terminal's right side: Connect closed them.
  await page.setViewportSize({ width: 800, height: 900 });
  await expect(page.getByRole("complementary", { name: "Panels" })).toBeHidden();
  await expect(terminal.getByRole("button", { name: "Close terminal" })).toBeInViewport({ ratio: 1 });
  await page.setViewportSize({ width: 1440, height: 900 });
  const minimap = page.getByTestId("lab-diagram").locator(".react-flow__minimap");
  await expect(minimap).toBeVisible();

  // On a laptop's screen the diagram over the terminal is short: framing the default VPC too drew
  // every box at a third of its size, titles only. It frames the lab's VPCs, their insides drawn.
  await page.setViewportSize({ width: 1280, height: 720 });
  const diagram = page.getByTestId("lab-diagram");
  await expect(diagram).not.toHaveClass(/vl-far/);
  const area = (await diagram.boundingBox())!;
  const within = async (box: Locator) => {
    const { x, y, width, height } = (await box.boundingBox())!;
    return x >= area.x && y >= area.y && x + width <= area.x + area.width && y + height <= area.y + area.height;
  };
  await expect.poll(() => within(diagramBox(page, "VPC lab1-vpc-1 ")), { message: "lab1-vpc-1 is framed" }).toBe(true);
  await expect.poll(() => within(diagramBox(page, "VPC lab1-vpc-2 ")), { message: "lab1-vpc-2 is framed" }).toBe(true);
  await expect(diagramBox(page, "Instance lab1-instance-1").getByText("running")).toBeVisible();
  // The minimap would cover a third of it (lab1-vpc-2's routes).
  await expect(minimap).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/instance-connect-1280x720.png" });
});

function diagramBox(page: Page, labelStart: string) {
  return page.locator(`.react-flow__node[aria-label^="${labelStart}"]`);
}
