/** A student as the benchmarks meet one: signed up and signed in through the console's own forms. */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import superjson from "superjson";
import type { FormVisitor } from "@/e2e/accounts-over-http";

const ROOT = path.resolve(__dirname, "../../..");

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
 * The id the production build gave a server action (Next's server-reference manifest names each by
 * its file and export): the id the page's JavaScript posts in Next-Action.
 */
export function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, action]) => action.filename === file && action.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} of ${file} in the build`);
  return found[0];
}

export interface ActionAnswer<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

/**
 * Creates an access key for lab-user as the Access keys page does when the student confirms IAM's
 * best-practice step: the page's createAccessKeyAction, posted over HTTP; returns the secret it shows once.
 */
export async function createLabUserKeyOverHttp(visitor: FormVisitor): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const answer = (await visitor.callAction("/access-keys", serverActionId("lib/actions/access-keys.ts", "createAccessKeyAction"), [])) as ActionAnswer<{
    accessKeyId: string;
    secretAccessKey: string;
  }>;
  if (!answer.ok || !answer.data) throw new Error(`CreateAccessKey: ${answer.error?.code}: ${answer.error?.message}`);
  return { accessKeyId: answer.data.accessKeyId, secretAccessKey: answer.data.secretAccessKey };
}

/**
 * Opens a lab as the browser does: the page (its server render touches the lab's run), then the
 * step rail's read of /api/labs/<lab>/steps, which checks the account and records the steps that pass.
 * Returns the steps recorded complete.
 */
export async function openLabOverHttp(visitor: FormVisitor, labId: string): Promise<string[]> {
  const page = await visitor.request(`/labs/${labId}`);
  if (page.status !== 200) throw new Error(`GET /labs/${labId}: HTTP ${page.status}`);
  const steps = await visitor.request(`/api/labs/${labId}/steps`);
  const answer = (steps.status === 200 ? superjson.parse(steps.body) : { ok: false, error: { code: `HTTP${steps.status}` } }) as ActionAnswer<{ completedSteps: string[] }>;
  if (!answer.ok || !Array.isArray(answer.data?.completedSteps)) throw new Error(`the lab's steps: ${answer.error?.code ?? JSON.stringify(answer).slice(0, 200)}`);
  return answer.data.completedSteps;
}
