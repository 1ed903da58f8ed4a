/** A student as the benchmarks meet one: signed up and signed in through the console's own forms. */
import type { Page } from "playwright-core";

/** A new student's name, email and password. */
export function newBenchStudent(): { name: string; email: string; password: string } {
  return { name: "Bench Student", email: `bench-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`, password: "bench-password-1" };
}

/** Sign-up answers with the sign-in page whether or not the email was new; then the student signs in. */
export async function signUpStudent(page: Page, url: string): Promise<void> {
  const { email, password } = newBenchStudent();
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

/**
 * Creates an access key for lab-user as a student does on the Access keys page (IAM's best-practice
 * step acknowledged), and reads the secret from the one screen that shows it.
 */
export async function createLabUserKey(page: Page, url: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await page.goto(`${url}/access-keys`);
  await page.getByRole("button", { name: "Create access key" }).click();
  await page.getByLabel("I understand the above recommendation and want to proceed to create an access key.").check();
  await page.getByRole("form", { name: "Access key best practices & alternatives" }).getByRole("button", { name: "Create access key" }).click();
  const retrieve = page.getByRole("region", { name: "Retrieve access keys" });
  await retrieve.getByRole("button", { name: "Show" }).click();
  return {
    accessKeyId: (await retrieve.getByTestId("access-key-id").textContent())!.trim(),
    secretAccessKey: (await retrieve.getByTestId("secret-access-key").filter({ hasNotText: "•" }).textContent())!.trim(),
  };
}
