import { expect, test, type ConsoleMessage, type Page, type Response } from "@playwright/test";
import { newAccount, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

/** Every message the browser logs about a Content Security Policy violation. */
function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text().slice(0, 300));
  });
  return violations;
}

function expectSecurityHeaders(response: Response | null, what: string) {
  const headers = response!.headers();
  expect(headers["content-security-policy"], what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
}

test("every console page sends the security headers and works under its CSP: sign-up, a lab step, the terminal", async ({ page }) => {
  test.setTimeout(180_000);
  const violations = collectCspViolations(page);
  const signIn = await page.goto("/sign-in");
  expectSecurityHeaders(signIn, "/sign-in");
  // Next's scripts carry this response's nonce, and nothing else runs.
  const nonce = signIn!.headers()["content-security-policy"].match(/'nonce-([^']+)'/)![1];
  const scripts = await page.locator("script").evaluateAll((elements) => elements.map((element) => (element as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((value) => value === nonce)).toBe(true);

  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Headers"));
  for (const path of ["/", "/access-keys", "/labs/vpc-peering"]) expectSecurityHeaders(await page.goto(path), path);

  // A lab step by "Do it for me": the diagram (React Flow) redraws, the rail updates.
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("1 of 6 done")).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  for (let done = 2; done <= 4; done++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 30_000 });
  }
  // The terminal (xterm adds its own styles) draws its refusal under the CSP too.
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^lab1-instance-1 \(i-/ }).click();
  await page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  await expect(page.getByRole("region", { name: /EC2 Instance Connect to lab1-instance-1/ }).getByRole("alert")).toContainText("Failed to connect");

  expect(violations).toEqual([]);
});

test("no other site may frame the console or write to its API", async ({ page, request }) => {
  const framed = await page.goto("/sign-in");
  expect(framed!.headers()["x-frame-options"]).toBe("DENY");
  const terminalInput = await request.post("/api/terminal/00000000-0000-0000-0000-000000000000", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { data: "rm -rf ~\n" },
  });
  expect(terminalInput.status()).toBe(403);
  const signOut = await request.post("/api/auth/signout", { headers: { origin: "https://evil.example" }, form: { csrfToken: "x" } });
  expect(signOut.status()).toBe(403);
});
