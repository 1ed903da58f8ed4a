import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import fs from "node:fs";
import { signUpAndJoinOverHttp } from "./accounts-over-http";
import { newAccount, shoot, signIn, signUp, submitSignUp, type TestAccount, VIEWPORTS } from "./fixtures";

function instructor(): TestAccount {
  return JSON.parse(fs.readFileSync("test-results/instructor.json", "utf8"));
}

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORTS[1] });
  return context.newPage();
}

function boardRow(page: Page, account: TestAccount) {
  return page.locator(`tr[data-student="${account.email}"]`);
}

/** The lab's VPC boxes (the default VPC, drawn collapsed, is not the lab's). */
const VPC_BOXES = '.react-flow__node[aria-label^="VPC lab1-vpc-"]';

/** Every VPC box of the diagram lies inside the window, once the refit has run (within 5 s on a loaded CI machine). */
async function expectVpcsInViewport(page: Page, label: string) {
  // The diagram refits a short delay after its size changes, then animates for 200 ms.
  await page.waitForTimeout(700);
  const viewport = page.viewportSize()!;
  await expect(async () => {
    const boxes = await page.locator(VPC_BOXES).evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes.length, `${label}: VPC boxes drawn`).toBeGreaterThanOrEqual(2);
    for (const box of boxes) {
      expect(box.left, `${label}: left`).toBeGreaterThanOrEqual(0);
      expect(box.top, `${label}: top`).toBeGreaterThanOrEqual(0);
      expect(box.right, `${label}: right`).toBeLessThanOrEqual(viewport.width);
      expect(box.bottom, `${label}: bottom`).toBeLessThanOrEqual(viewport.height);
    }
  }).toPass({ timeout: 5_000 });
}

test("an instructor runs a class: three students join, the board follows them live, marks the stuck one, looks over a shoulder, exports the CSV", async ({ browser }) => {
  test.setTimeout(420_000);
  const teacher = await newPage(browser);
  await teacher.goto("/sign-in");
  await signIn(teacher, instructor().email, instructor().password);
  await teacher.goto("/classes");
  const className = `Networking 101 ${Date.now()}`;
  await teacher.getByLabel("Class name").fill(className);
  await teacher.getByLabel("…or failing checks in a row").fill("2");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.getByRole("heading", { name: className })).toBeVisible();
  const code = (await teacher.getByTestId("join-code").textContent())!.trim();
  await expect(teacher.getByTestId("join-link")).toHaveText(new RegExp(`/classes/join\\?code=${code}$`));

  // Ada opens the join link before signing in: she signs in and comes back to it with the code filled in.
  const [ada, bob, cy] = [newAccount("Ada"), newAccount("Bob"), newAccount("Cy")];
  const adaPage = await newPage(browser);
  await submitSignUp(adaPage, ada);
  await adaPage.goto(`/classes/join?code=${code}`);
  await expect(adaPage).toHaveURL(/\/sign-in/);
  await signIn(adaPage, ada.email, ada.password);
  await expect(adaPage.getByLabel("Join code")).toHaveValue(code);
  await adaPage.getByRole("button", { name: "Join class" }).click();
  await expect(adaPage.getByRole("heading", { name: className })).toBeVisible();
  // Bob and Cy type the code on the Classes page, in lower case with a dash.
  const bobPage = await newPage(browser);
  const cyPage = await newPage(browser);
  for (const [page, account] of [[bobPage, bob], [cyPage, cy]] as const) {
    await signUp(page, account);
    await page.goto("/classes");
    await page.getByLabel("Join code").fill(`${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`);
    await page.getByRole("button", { name: "Join class" }).click();
    await expect(page.getByRole("heading", { name: className })).toBeVisible();
  }
  for (const account of [ada, bob, cy]) await expect(boardRow(teacher, account)).toBeVisible();
  await expect(teacher.getByTestId("board-summary")).toHaveText("3 students · 0 finished · 0 stuck");

  // Ada builds: each step she completes is on the board within a second.
  await adaPage.goto("/labs/vpc-peering");
  await expect(boardRow(teacher, ada)).toContainText("1/6 Create two VPCs");
  for (let done = 1; done <= 5; done++) {
    await rail(adaPage).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(adaPage).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
    await expect(boardRow(teacher, ada)).toContainText(`${done + 1}/6`, { timeout: 1_000 });
  }
  // The board does not credit her with steps Do it for me completed.
  await expect(boardRow(teacher, ada)).toContainText("5 steps with Do it for me");
  // Her ping fails at the security group: the board shows it red, with the hop, within a second.
  await adaPage.getByRole("tab", { name: "Tests" }).click();
  await adaPage.getByRole("tabpanel", { name: "Tests" }).getByRole("button", { name: "Run ping" }).click();
  await expect(adaPage.getByTestId("test-output")).toContainText("100% packet loss", { timeout: 30_000 });
  await expect(boardRow(teacher, ada).locator('[data-verdict="fail"]')).toContainText(/Ping ✗ at security-group sg-/, { timeout: 1_000 });

  // Bob presses Check my work on step 1 twice with nothing built: stuck (the class's rule is 2 failing checks).
  await bobPage.goto("/labs/vpc-peering");
  await expect(boardRow(teacher, bob)).toContainText("1/6 Create two VPCs");
  for (let attempt = 1; attempt <= 2; attempt++) {
    await rail(bobPage).getByRole("button", { name: "Check my work" }).click();
    await expect(boardRow(teacher, bob)).toContainText(`${attempt} (${attempt} failing)`, { timeout: 1_000 });
  }
  await expect(boardRow(teacher, bob).locator("[data-stuck]")).toHaveText("Stuck: 2+ failing checks in a row");
  await expect(teacher.getByTestId("board-summary")).toHaveText("3 students · 0 finished · 1 stuck");
  await teacher.getByLabel("Stuck only").check();
  await expect(teacher.locator("tbody tr")).toHaveCount(1);
  await teacher.getByLabel("Stuck only").uncheck();
  await teacher.getByPlaceholder("Filter by name or email").fill(ada.email);
  await expect(teacher.locator("tbody tr")).toHaveCount(1);
  await teacher.getByPlaceholder("Filter by name or email").fill("");
  await shoot(teacher, "class-board");

  // The CSV has a line per student.
  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toContain("Student,Email,Lab,Step");
  expect(csv).toMatch(new RegExp(`${ada.email.replace(/\./g, "\\.")},VPC Peering,6/6,Ping instance 2 from instance 1,no,\\d+,\\d+,\\d+,0,5,ping,fail,`));
  expect(csv).toMatch(new RegExp(`${bob.email.replace(/\./g, "\\.")},VPC Peering,1/6,Create two VPCs,no,0,2,2,0,0,,,,2\\+ failing checks in a row`));
  expect(csv).toContain(`${cy.email},not started,`);

  // Looking over Ada's shoulder: her diagram and steps, read-only panels, her terminal's scrollback.
  await teacher.getByRole("link", { name: `Look at ${ada.name}'s console` }).click();
  await expect(teacher.getByRole("heading", { name: `${ada.name}'s console` })).toBeVisible();
  await expect(teacher.getByRole("navigation", { name: "Student's steps" })).toContainText("✓ 1. Create two VPCs");
  await expect(teacher.locator(VPC_BOXES)).toHaveCount(2);
  await teacher.getByRole("tab", { name: "terminal" }).click();
  await expect(teacher.getByLabel("Terminal scrollback")).toContainText("$ ping -c 4");
  await expect(teacher.getByText(`Not shown on the projector: ${ada.name} has not agreed to it.`)).toBeVisible();
  await shoot(teacher, "class-look-over-shoulder");
  // Looking changed nothing of hers: her board row is as it was.
  await teacher.goto(teacher.url().replace(/\/students\/.*/, ""));
  await expect(boardRow(teacher, ada)).toContainText("6/6");

  // Ada agrees to the projector; her diagram goes up in presenter mode.
  await adaPage.goto("/classes");
  await adaPage.getByRole("link", { name: className }).click();
  await adaPage.getByLabel("My instructor may show my diagram on the projector").check();
  await adaPage.getByRole("button", { name: "Save" }).click();
  await expect(adaPage.getByRole("status").filter({ hasText: "Your instructor may show your diagram on the projector." })).toBeVisible();
  await teacher.getByRole("link", { name: `Look at ${ada.name}'s console` }).click();
  await teacher.getByRole("link", { name: "Show on projector" }).click();
  await expect(teacher.getByTestId("lab-diagram")).toHaveClass(/vl-presenter/);
  await teacher.setViewportSize(VIEWPORTS[0]);
  await expectVpcsInViewport(teacher, "projector");
  await teacher.getByRole("link", { name: "Leave the projector" }).click();

  // Cy is removed from the class.
  await teacher.goto(teacher.url().replace(/\/students\/.*/, ""));
  await teacher.getByLabel(`More for ${cy.name}`).click();
  await teacher.getByRole("button", { name: `Remove ${cy.name}` }).click();
  await expect(boardRow(teacher, cy)).toHaveCount(0);
  await cyPage.goto("/classes");
  await expect(cyPage.getByText("You have not joined a class.")).toBeVisible();
});

test("presenter mode: the lab stays framed at 1280×720 with the terminal and panels, steps move only when the presenter moves on", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize(VIEWPORTS[1]);
  await signUp(page, newAccount("Presenter"));
  // Lab 2's VPC and instance first, as a class that did both has them: its 10.0.0.0/16 sorts before
  // Lab 1's VPCs, and its instance is listed before Lab 1's.
  await page.goto("/labs/vpc-endpoints");
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("1 of 8 done")).toBeVisible({ timeout: 30_000 });
  await page.goto("/labs/vpc-peering");
  for (let done = 1; done <= 4; done++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
  }
  // On Lab 1's page the Tests tab pings from instance 1 to instance 2 unless told otherwise.
  await page.getByRole("tab", { name: "Tests" }).click();
  const tests = page.getByRole("tabpanel", { name: "Tests" });
  const chosen = (name: string) => tests.getByRole("combobox", { name, exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);
  // Only a running instance can ping: Lab 1's are offered once the demo's launch delay has passed (Lab 2's, launched first, may be running before).
  await expect.poll(() => chosen("From instance"), { timeout: 30_000 }).toMatch(/^lab1-instance-1 /);
  await expect.poll(() => chosen("To"), { timeout: 30_000 }).toMatch(/^lab1-instance-2 10\.2\.0\.\d+ \(i-/);

  await page.getByRole("button", { name: "Presenter mode" }).click();
  await page.setViewportSize(VIEWPORTS[0]);
  await expectVpcsInViewport(page, "presenter mode");
  // Lab 1's VPCs side by side fill the wide screen, drawn in detail (they were stacked, under the 0.4 zoom that keeps only titles).
  const zoom = await page.locator(".react-flow__viewport").evaluate((element) => new DOMMatrix(getComputedStyle(element).transform).a);
  expect(zoom, "presenter zoom at 1280x720").toBeGreaterThanOrEqual(0.6);
  await expect(page.getByTestId("lab-diagram")).not.toHaveClass(/vl-far/);
  const bar = page.getByRole("banner").filter({ has: page.getByTestId("presented-step") });
  const presented = page.getByTestId("presented-step");
  await expect(presented).toHaveText(/^Step 5 of 6: /);
  await bar.getByRole("button", { name: "Check my work" }).click();
  await expect(page.getByTestId("presenter-outcome")).toHaveText(/^Not done yet/, { timeout: 30_000 });

  // Opening instance 1 brings the panels; Connect is refused (no public address yet), in a drawer the whole width.
  const instance1 = page.locator('.react-flow__node[aria-label^="Instance lab1-instance-1,"]');
  await instance1.click();
  await expectVpcsInViewport(page, "panels open");
  const connect = () => page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  await connect();
  const terminal = page.getByRole("region", { name: /EC2 Instance Connect to lab1-instance-1/ });
  await expect(terminal.getByRole("alert")).toContainText("No public IPv4 address assigned");
  expect((await terminal.boundingBox())!.width).toBeGreaterThan(1270);
  await expectVpcsInViewport(page, "terminal and panels open");

  // Do it for me on the bar gives it the address; connecting again opens the terminal, and completes step 5.
  await bar.getByRole("button", { name: "Do it for me" }).click();
  await expect(page.getByTestId("presenter-outcome")).toBeVisible({ timeout: 30_000 });
  await instance1.click();
  await connect();
  await expect(terminal.getByTestId("terminal")).toBeVisible({ timeout: 30_000 });
  await expectVpcsInViewport(page, "terminal open, panels open");
  await shoot(page, "presenter-terminal-panels");
  await page.setViewportSize(VIEWPORTS[0]);
  await bar.getByRole("button", { name: "Panels" }).click();
  await expectVpcsInViewport(page, "terminal open, panels closed");
  await shoot(page, "presenter-terminal");
  await page.setViewportSize(VIEWPORTS[0]);

  // Larger terminal type for the back of the room.
  const fontSize = () => terminal.locator(".xterm-rows").evaluate((rows) => getComputedStyle(rows).fontSize);
  expect(await fontSize()).toBe("15px");
  await bar.getByRole("button", { name: "Larger terminal text" }).click();
  await expect.poll(fontSize).toBe("18px");


  // Step 5 is done now, and stays on screen until the presenter moves on.
  await bar.getByRole("button", { name: "Check my work" }).click();
  await expect(page.getByTestId("presenter-outcome")).toHaveText("Done: the check passes.", { timeout: 30_000 });
  await expect(presented).toHaveText(/^Step 5 of 6: .*done$/);
  await page.waitForTimeout(1500);
  await expect(presented).toHaveText(/^Step 5 of 6: /);
  await page.keyboard.press("PageDown");
  await expect(presented).toHaveText(/^Step 6 of 6: /);

  // S shows the class's progress (this student runs no class); Escape closes it first.
  await page.keyboard.press("s");
  await expect(page.getByRole("dialog", { name: "Class progress" })).toContainText("None of your running classes works on this lab.");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Class progress" })).toHaveCount(0);
  await expect(presented).toBeVisible();

  // Leaving presenter mode and coming back keeps the terminal's session: what was typed is still on its screen.
  const screen = terminal.getByTestId("terminal");
  await screen.click();
  await page.keyboard.type("echo presenter-session-kept");
  await page.keyboard.press("Enter");
  await expect(screen).toContainText(/presenter-session-kept.*presenter-session-kept/);
  await bar.getByRole("button", { name: "Exit presenter mode" }).click();
  await expect(terminal.getByTestId("terminal")).toContainText(/presenter-session-kept.*presenter-session-kept/);
  await page.getByRole("button", { name: "Presenter mode" }).click();
  await expect(terminal.getByTestId("terminal")).toContainText(/presenter-session-kept.*presenter-session-kept/);
});

test("looking over a shoulder: the bucket panel lists the student's objects, not the instructor's account", async ({ browser }) => {
  test.setTimeout(240_000);
  const teacher = await newPage(browser);
  await teacher.goto("/sign-in");
  await signIn(teacher, instructor().email, instructor().password);
  await teacher.goto("/classes");
  const className = `Endpoints ${Date.now()}`;
  await teacher.getByLabel("Class name").fill(className);
  await teacher.getByLabel("VPC Endpoints").check();
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.getByRole("heading", { name: className })).toBeVisible();
  const code = (await teacher.getByTestId("join-code").textContent())!.trim();

  const dee = newAccount("Dee");
  const deePage = await newPage(browser);
  await signUp(deePage, dee);
  await deePage.goto(`/classes/join?code=${code}`);
  await deePage.getByRole("button", { name: "Join class" }).click();
  await expect(deePage.getByRole("heading", { name: className })).toBeVisible();
  // Steps 1 and 2 by "Do it for me": a VPC, an instance, and a bucket holding welcome.txt.
  await deePage.goto("/labs/vpc-endpoints");
  for (let done = 1; done <= 2; done++) {
    await rail(deePage).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(deePage).getByText(`${done} of 8 done`)).toBeVisible({ timeout: 30_000 });
  }

  await expect(boardRow(teacher, dee)).toBeVisible();
  await teacher.getByRole("link", { name: `Look at ${dee.name}'s console` }).click();
  await expect(teacher.getByRole("heading", { name: `${dee.name}'s console` })).toBeVisible();
  await teacher.locator('.react-flow__node[aria-label^="S3 bucket "]').first().click();
  const panel = teacher.getByRole("tabpanel", { name: "inspect" });
  await expect(panel.getByRole("note").filter({ hasText: `${dee.name}'s account — read-only.` })).toBeVisible();
  // Her objects, read with her account: the instructor's own credentials would be refused on her bucket.
  await expect(panel.getByText("welcome.txt")).toBeVisible();
  await expect(panel.getByText("Insufficient permissions to list objects")).toHaveCount(0);
  await shoot(teacher, "class-look-over-shoulder-bucket");
});

/** Students who only fill the board: signed up and joined over HTTP through the console's own forms, a few at a time. */
async function joinedOverHttp(baseURL: string, code: string, count: number, atOnce = 4): Promise<void> {
  const accounts = Array.from({ length: count }, (_, n) => newAccount(`Student ${String(n + 1).padStart(2, "0")}`));
  for (let start = 0; start < count; start += atOnce) {
    await Promise.all(accounts.slice(start, start + atOnce).map((account) => signUpAndJoinOverHttp(baseURL, account, code)));
  }
}

/** A resource id the board shows is laid out whole: one line box, inside its cell. */
async function expectIdOnOneLine(id: Locator, pattern: RegExp) {
  await expect(id).toHaveText(pattern);
  const layout = await id.evaluate((element) => {
    const cell = element.closest("td")!.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return { lines: element.getClientRects().length, inside: box.left >= cell.left && box.right <= cell.right };
  });
  expect(layout, `${await id.textContent()}: one line, inside its cell`).toEqual({ lines: 1, inside: true });
}

/**
 * The board reads on this window without sideways scrolling: the table and every header lie inside
 * its width, no header is cut short, and no cell of the rows on screen overflows its column.
 */
async function expectBoardFitsWidth(page: Page) {
  const width = page.viewportSize()!.width;
  const table = page.getByRole("table", { name: "Students' progress" });
  const fits = await table.evaluate((element) => {
    const scroller = element.parentElement!;
    const headers = [...element.querySelectorAll("thead th")].map((header) => ({ text: header.textContent, right: header.getBoundingClientRect().right, cut: header.scrollWidth > header.clientWidth }));
    const onScreen = [...element.querySelectorAll("tbody tr")].filter((row) => row.getBoundingClientRect().top < window.innerHeight);
    const overflowing = onScreen.flatMap((row) => [...row.children].filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent));
    return { right: element.getBoundingClientRect().right, headers, scrolls: scroller.scrollWidth > scroller.clientWidth, overflowing, rowsOnScreen: onScreen.length };
  });
  expect(fits.scrolls, "the board scrolls sideways").toBe(false);
  expect(fits.right).toBeLessThanOrEqual(width);
  for (const header of fits.headers) {
    expect(header.right, `${header.text}: right edge`).toBeLessThanOrEqual(width);
    expect(header.cut, `${header.text}: cut short`).toBe(false);
  }
  expect(fits.overflowing, "cells wider than their column").toEqual([]);
  expect(fits.rowsOnScreen).toBeGreaterThanOrEqual(8);
}

test("Break it for a class of 40: the instructor breaks every finished lab, a student fixes it her own way, the board shows fixed, time and help, and so does the CSV", async ({ browser, baseURL }) => {
  test.setTimeout(600_000);
  const teacher = await newPage(browser);
  await teacher.goto("/sign-in");
  await signIn(teacher, instructor().email, instructor().password);
  await teacher.goto("/classes");
  const className = `Troubleshooting ${Date.now()}`;
  await teacher.getByLabel("Class name").fill(className);
  await teacher.getByLabel("…or failing checks in a row").fill("2");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.getByRole("heading", { name: className })).toBeVisible();
  const code = (await teacher.getByTestId("join-code").textContent())!.trim();

  // Ada and Bob finish Lab 1 and Cy is stuck on step 1, each in a browser; 37 others only join.
  const [ada, bob, cy] = [newAccount("Ada"), newAccount("Bob"), newAccount("Cy")];
  const [adaPage, bobPage, cyPage] = [await newPage(browser), await newPage(browser), await newPage(browser)];
  for (const [page, account] of [[adaPage, ada], [bobPage, bob], [cyPage, cy]] as const) {
    await signUp(page, account);
    await page.goto(`/classes/join?code=${code}`);
    await page.getByRole("button", { name: "Join class" }).click();
    await expect(page.getByRole("heading", { name: className })).toBeVisible();
    await page.goto("/labs/vpc-peering");
  }
  for (const page of [adaPage, bobPage]) {
    for (let done = 1; done <= 6; done++) {
      await rail(page).getByRole("button", { name: "Do it for me" }).click();
      await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
    }
  }
  for (let attempt = 1; attempt <= 2; attempt++) {
    await rail(cyPage).getByRole("button", { name: "Check my work" }).click();
    await expect(boardRow(teacher, cy)).toContainText(`${attempt} (${attempt} failing)`, { timeout: 5_000 });
  }
  await joinedOverHttp(baseURL!, code, 37);
  await expect(teacher.getByTestId("board-summary")).toHaveText("40 students · 2 finished · 1 stuck", { timeout: 10_000 });

  // The instructor picks the fault and confirms; only the finished labs are broken.
  await teacher.getByText("Break it…").click();
  const form = teacher.getByRole("form", { name: "Break it for the class" });
  await form.getByLabel("What breaks").selectOption({ label: "Remove the peering route on VPC 2's side" });
  await form.getByRole("button", { name: "Break the finished labs…" }).click();
  await expect(form.getByRole("alertdialog", { name: "Confirm Break it" })).toContainText(
    "Break Remove the peering route on VPC 2's side in the VPC Peering lab of every student who completed it?",
  );
  await form.getByRole("button", { name: "Yes, break their labs" }).click();
  await expect(form.getByRole("status")).toHaveText("Broke 2 labs. 38 students have not completed the lab.", { timeout: 60_000 });
  for (const account of [ada, bob]) await expect(boardRow(teacher, account).locator("[data-challenge]")).toHaveAttribute("data-challenge", "open", { timeout: 1_000 });
  await expect(teacher.locator("[data-challenge]")).toHaveCount(2);
  await teacher.getByText("Break it…").click();

  // Ada's console shows the symptom without a reload; she runs the ping (red on the board, with the hop) and asks where it breaks.
  const breakIt = rail(adaPage).getByRole("region", { name: "Break it" });
  await expect(breakIt.getByRole("alert")).toHaveText("Something broke: ping from instance 1 to instance 2 fails (100% packet loss).", { timeout: 30_000 });
  await adaPage.getByRole("tab", { name: "Tests" }).click();
  await adaPage.getByRole("tabpanel", { name: "Tests" }).getByRole("button", { name: "Run ping" }).click();
  await expect(boardRow(teacher, ada).locator('[data-verdict="fail"]')).toContainText(/Ping ✗ at route-table rtb-/, { timeout: 30_000 });
  await breakIt.getByRole("button", { name: "Show me where it breaks" }).click();
  await expect(breakIt.getByRole("region", { name: "Where it breaks" })).toBeVisible({ timeout: 30_000 });
  await expect(boardRow(teacher, ada).locator("[data-help]")).toHaveAttribute("data-help", "1", { timeout: 1_000 });

  // Her fix is not the undo: a route back to instance 1's subnet only (10.1.0.0/24), not to VPC 1 (10.1.0.0/16).
  await adaPage.getByRole("tab", { name: "Build" }).click();
  await adaPage.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^lab1-vpc-2-rtb-public/ }).click();
  const inspect = adaPage.getByRole("tabpanel", { name: "Inspect" });
  await inspect.getByLabel("Destination").fill("10.1.0.0/24");
  const targets = await inspect.getByLabel("Target").locator("option").evaluateAll((options) => options.map((option) => ({ value: (option as HTMLOptionElement).value, label: option.textContent ?? "" })));
  await inspect.getByLabel("Target").selectOption(targets.find((option) => /Peering connection/.test(option.label))!.value);
  await inspect.getByRole("button", { name: "Add route" }).click();
  await expect(inspect.getByRole("status").filter({ hasText: "Added 10.1.0.0/24" })).toBeVisible();
  const fixedIt = breakIt.getByRole("button", { name: "I fixed it" });
  if (await fixedIt.isVisible()) await fixedIt.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(breakIt.getByRole("status")).toContainText(/^Fixed in (\d+ min )?\d+ s, help asked 1 time/, { timeout: 30_000 });
  const adaChallenge = boardRow(teacher, ada).locator("[data-challenge]");
  await expect(adaChallenge).toHaveAttribute("data-challenge", "fixed", { timeout: 1_000 });
  await expect(adaChallenge).toContainText(/^✓ Fixed in (\d+ min|\d+ s) · help asked 1×Remove the peering route on VPC 2's side$/);
  await expect(boardRow(teacher, bob).locator("[data-challenge]")).toContainText(/^✗ Broken \d+ (s|min) · no help askedRemove the peering route on VPC 2's side$/);

  // A projector and a laptop: the board of 40 reads without sideways scrolling; Cy's stuck mark, Ada's verdict and both challenges on the first screen.
  for (const viewport of VIEWPORTS) {
    await teacher.setViewportSize(viewport);
    await expectBoardFitsWidth(teacher);
    for (const mark of [boardRow(teacher, cy).locator("[data-stuck]"), boardRow(teacher, ada).locator("[data-verdict]"), adaChallenge]) await expect(mark).toBeInViewport();
    await expectIdOnOneLine(boardRow(teacher, ada).locator("[data-verdict] [data-resource-id]"), /^rtb-[0-9a-f]{17}$/);
  }
  await shoot(teacher, "class-board-break-it-40");

  // The CSV has Break it's columns: Ada fixed it (in how many seconds, help asked once), Bob's is still open, the others had none.
  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8").split("\r\n");
  expect(csv[0]).toMatch(/,Stuck,Break it fault,Break it set by,Break it applied at,Break it outcome,Break it seconds to fix,Break it help asked$/);
  const line = (account: TestAccount) => csv.find((candidate) => candidate.includes(`,${account.email},`))!;
  expect(line(ada)).toMatch(/,Remove the peering route on VPC 2's side,instructor,\d{4}-\d\d-\d\dT[\d:.]+Z,fixed,\d+,1$/);
  expect(line(bob)).toMatch(/,Remove the peering route on VPC 2's side,instructor,\d{4}-\d\d-\d\dT[\d:.]+Z,open,,0$/);
  expect(line(cy)).toMatch(/,2\+ failing checks in a row,,,,,,$/);
  expect(csv.filter((candidate) => candidate.endsWith(",,,,,,"))).toHaveLength(38);

  // Looking over Bob's shoulder while his lab is broken: his diagram and steps, read-only.
  await teacher.getByRole("link", { name: `Look at ${bob.name}'s console` }).click();
  await expect(teacher.getByRole("heading", { name: `${bob.name}'s console` })).toBeVisible();
  await expect(teacher.locator(VPC_BOXES)).toHaveCount(2);
  await shoot(teacher, "class-look-over-shoulder-broken");
});
