/** A student as the benchmarks meet one: signed up and signed in through the console's own forms. */
import type { Page } from "playwright-core";

/** Sign-up answers with the sign-in page whether or not the email was new; then the student signs in. */
export async function signUpStudent(page: Page, url: string): Promise<void> {
  const email = `bench-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;
  const password = "bench-password-1";
  await page.goto(`${url}/sign-up`);
  await page.getByLabel("Name").fill("Bench Student");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /^Welcome, / }).waitFor();
}
