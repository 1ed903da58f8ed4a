import { expect, type Page } from "@playwright/test";
import crypto from "node:crypto";

export interface TestAccount {
  name: string;
  email: string;
  password: string;
}

export function newAccount(label: string): TestAccount {
  const id = crypto.randomBytes(4).toString("hex");
  return { name: `${label} ${id}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${id}@example.com`, password: `pw-${id}-secret` };
}

/** The sign-in page's words after any sign-up: the same whether the email was new or taken. */
export const SIGNED_UP_NOTICE = "If this email is new, your account is ready: sign in with the password you just chose. If you already had an account, sign in with its password.";

/** Submits the sign-up form; it always answers with the sign-in page and its notice. */
export async function submitSignUp(page: Page, account: TestAccount): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status").filter({ hasText: SIGNED_UP_NOTICE })).toBeVisible();
}

/** Creates the account, then signs in with it. */
export async function signUp(page: Page, account: TestAccount): Promise<void> {
  await submitSignUp(page, account);
  await signIn(page, account.email, account.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
}

/** Submits the sign-in form and waits for the server's answer (a redirect or the form again). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const button = page.getByRole("button", { name: "Sign in" });
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), button.click()]);
  await expect(page.getByRole("button", { name: "Signing in…" })).toHaveCount(0);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /Account menu for/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

export async function roleShown(page: Page): Promise<string> {
  await page.getByRole("button", { name: /Account menu for/ }).click();
  const role = (await page.getByTestId("user-role").textContent())?.trim() ?? "";
  await page.keyboard.press("Escape");
  return role;
}

/** The page's own alert (Next's route announcer also has role="alert"). */
export function formAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}

/** The projector (1280x720) and the laptop (1440x900) every screenshot is taken at. */
export const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

/** Screenshots at both viewports into test-results/screens, kept as test artifacts. */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    // The diagram refits to its new size after a short delay and a 200 ms animation: shoot the result, not the move.
    await page.waitForTimeout(500);
    await page.screenshot({ path: `test-results/screens/${name}-${viewport.width}x${viewport.height}.png` });
  }
}

/**
 * Creates an access key for lab-user as a student does on the Access keys page (the best-practice
 * step acknowledged), and reads the secret from the one screen that shows it.
 */
export async function createAccessKey(page: Page): Promise<{ accountId: string; accessKeyId: string; secretAccessKey: string }> {
  await page.goto("/access-keys");
  const accountId = (await page.getByTestId("account-id").textContent())!.trim();
  await page.getByRole("button", { name: "Create access key" }).click();
  await page.getByLabel("I understand the above recommendation and want to proceed to create an access key.").check();
  await page.getByRole("form", { name: "Access key best practices & alternatives" }).getByRole("button", { name: "Create access key" }).click();
  const retrieve = page.getByRole("region", { name: "Retrieve access keys" });
  await retrieve.getByRole("button", { name: "Show" }).click();
  const accessKeyId = (await retrieve.getByTestId("access-key-id").textContent())!.trim();
  const secretAccessKey = (await retrieve.getByTestId("secret-access-key").textContent())!.trim();
  return { accountId, accessKeyId, secretAccessKey };
}
