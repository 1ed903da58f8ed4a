import { CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import { baseURL } from "../playwright.config";
import { createAccessKey, formAlert, newAccount, roleShown, signIn, signOut, signUp, submitSignUp, type TestAccount } from "./fixtures";

function instructor(): TestAccount {
  return JSON.parse(fs.readFileSync("test-results/instructor.json", "utf8"));
}

async function expectHome(page: Page, account: TestAccount) {
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
}

test("a later account is a student, and sees the two labs", async ({ page }) => {
  const student = newAccount("Student");
  await signUp(page, student);
  expect(await roleShown(page)).toBe("student");
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "VPC Peering" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "VPC Endpoints" })).toBeVisible();
  await expect(page.getByTestId("vpc-peering-progress")).toHaveText("Not started");
  await page.goto("/people");
  await expect(formAlert(page)).toHaveText("Only instructors can see the class list.");
});

test("sign up, sign out and sign back in", async ({ page }) => {
  const account = newAccount("Returning");
  await signUp(page, account);
  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, account.email.toUpperCase(), account.password);
  await expectHome(page, account);
});

test("a wrong password and an unknown account get the same message, and the email is kept", async ({ page }) => {
  const account = newAccount("Careless");
  await signUp(page, account);
  await signOut(page);

  await signIn(page, account.email, "not-the-password");
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(account.email);

  await signIn(page, `nobody-${account.email}`, account.password);
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
});

test("a sign-in the server refuses (a 2 MB password) is answered in the form's place, not with the error screen, and the next one works", async ({ page }) => {
  const account = newAccount("Oversized");
  await signUp(page, account);
  await signOut(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  // Over the 1 MB a server action takes: the request is refused before the action runs.
  await page.getByLabel("Password").fill("x".repeat(2 * 1024 * 1024));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toContainText("RequestNotAnswered");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("button", { name: "Try again" }).click();
  await signIn(page, account.email, account.password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
});

test("an email already taken gets the same answer as a new one, and its owner's account is untouched", async ({ page }) => {
  const first = newAccount("Taken");
  await signUp(page, first);
  await signOut(page);
  const impostor = { name: "Someone Else", email: first.email, password: "another-password" };
  await submitSignUp(page, impostor);
  await expect(page).toHaveURL(/\/sign-in\?registered=1$/);
  await expect(page.getByText("already exists")).toHaveCount(0);
  await signIn(page, impostor.email, impostor.password);
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  await signIn(page, first.email, first.password);
  await expectHome(page, first);
});

test("a short password and a malformed email are explained", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Shorty");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like ana@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Shorty");
});

test("a signed-out visit goes to sign-in and comes back after it", async ({ page }) => {
  const boss = instructor();
  await page.goto("/people?sort=name");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fpeople%3Fsort%3Dname/);
  await signIn(page, boss.email, boss.password);
  await expect(page).toHaveURL(/\/people\?sort=name$/);
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
});

test("a sign-in cannot send the user to another site", async ({ page }) => {
  const boss = instructor();
  await page.goto("/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F");
  await signIn(page, boss.email, boss.password);
  await expectHome(page, boss);
});

const EVIL_CALLBACKS = ["%2F%09%2Fevil.example%2F", "%2F..%2F%2Fevil.example", "%2F%2Fevil.example", "%5C%5Cevil.example", "%2F%5Cevil.example"];

test("a crafted return path (tab, dot-dot, backslash) lands home, through the form and when already signed in", async ({ page }) => {
  const boss = instructor();
  for (const callback of EVIL_CALLBACKS) {
    // Off the console first: a response still in flight from the home page would set its session cookie again.
    await page.goto("about:blank");
    await page.context().clearCookies();
    await page.goto(`/sign-in?callbackUrl=${callback}`);
    await signIn(page, boss.email, boss.password);
    await expectHome(page, boss);
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
    // Signed in now: the sign-in page sends the visitor on at once, to the same place.
    await page.goto(`/sign-in?callbackUrl=${callback}`);
    await expectHome(page, boss);
  }
});

test("a return path with a newline is refused, not a server error", async ({ page }) => {
  const boss = instructor();
  const signedOut = await page.goto("/sign-in?callbackUrl=%2Fpeople%0D%0ASet-Cookie%3A%20x%3Dy");
  expect(signedOut?.status()).toBe(200);
  await signIn(page, boss.email, boss.password);
  await expectHome(page, boss);
  const signedIn = await page.request.get("/sign-in?callbackUrl=%2F%0A%2Fevil.example", { maxRedirects: 0 });
  expect(signedIn.status()).toBeLessThan(500);
  expect(signedIn.headers()["location"] ?? "/").toBe("/");
});

test("an instructor promotes a student, who then sees the class list", async ({ page, browser }) => {
  const student = newAccount("Promoted");
  await signUp(page, student);

  const instructorContext = await browser.newContext();
  const instructorPage = await instructorContext.newPage();
  const boss = instructor();
  await instructorPage.goto("/sign-in");
  await signIn(instructorPage, boss.email, boss.password);
  await expectHome(instructorPage, boss);
  await instructorPage.goto("/people");
  const row = instructorPage.getByRole("row", { name: new RegExp(student.email) });
  await expect(row.getByRole("cell", { name: "student", exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Make ${student.name} an instructor` }).click();
  await expect(instructorPage.getByText(`${student.name} is now an instructor.`)).toBeVisible();
  await expect(row.getByRole("cell", { name: "instructor", exact: true })).toBeVisible();
  await instructorContext.close();

  await page.reload();
  expect(await roleShown(page)).toBe("instructor");
  await page.goto("/people");
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(boss.email) })).toBeVisible();
});

test("repeated failed sign-ins for one account are slowed down", async ({ page }) => {
  const account = newAccount("Guessed");
  await signUp(page, account);
  await signOut(page);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, account.email, `wrong-${attempt}`);
    await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  }
  await signIn(page, account.email, "wrong-6");
  await expect(formAlert(page)).toHaveText(/Too many failed sign-ins\. Wait \d+ seconds? and try again\./);
  // Even the right password waits until the delay has passed.
  await signIn(page, account.email, account.password);
  await expect(formAlert(page)).toHaveText(/Too many failed sign-ins/);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing out ends the session", async ({ page }) => {
  const account = newAccount("Leaving");
  await signUp(page, account);
  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2F/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a session cookie brought back after sign-out (a response in flight re-setting it) signs nobody in", async ({ page, context }) => {
  await signUp(page, newAccount("Revoked"));
  const signedIn = await context.cookies();
  expect(signedIn.some((cookie) => cookie.name.includes("session-token"))).toBe(true);
  await signOut(page);
  await context.addCookies(signedIn);
  await page.goto("/access-keys");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccess-keys/);
  await page.goto("/sign-up");
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
});

test("the console's API routes refuse 401 a request with no session, an unreadable one, or one signed out", async ({ page, context, request }) => {
  await signUp(page, newAccount("Api401"));
  const sessionCookie = (await context.cookies()).find((cookie) => cookie.name.includes("session-token"))!;
  const asSignedIn = { cookie: `${sessionCookie.name}=${sessionCookie.value}` };
  const read = (headers: Record<string, string>) => request.post("/api/console", { headers: { ...headers, "content-type": "application/json" }, data: { labId: "vpc-peering" } });
  expect((await read(asSignedIn)).status()).toBe(200);
  await signOut(page);
  const refusals = [
    await read({}),
    await read({ cookie: `${sessionCookie.name}=not-a-session` }),
    await read(asSignedIn),
    await request.get("/api/labs/vpc-peering/steps", { headers: asSignedIn }),
    await request.get("/api/events", { headers: asSignedIn }),
  ];
  for (const refusal of refusals) {
    expect(refusal.status()).toBe(401);
    expect(await refusal.json()).toEqual({ error: "Sign in first." });
  }
});

test("a lab page's live stream opened before sign-out carries no read of the account after it: the first change ends it", async ({ page, context }) => {
  await signUp(page, newAccount("Stream outlived"));
  const keys = await createAccessKey(page);
  const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
  const stream = await fetch(`${baseURL}/api/events?lab=vpc-peering&tab=outlivedtab01`, { headers: { cookie, accept: "text/event-stream" } });
  expect(stream.status).toBe(200);
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("event: ready")) seen += (await reader.read()).value ?? "";

  await signOut(page);
  // The access key outlives the session, as on AWS: the account changes from the CLI.
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: keys, maxAttempts: 1 });
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.8.0.0/16" }));
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) seen += chunk.value;
  expect(seen).toContain('event: change\ndata: {"service":"ec2","action":"CreateVpc"}');
  expect(seen).not.toMatch(/^event: read$/m);
  expect(seen).not.toContain(Vpc!.VpcId!);
  expect(seen).not.toContain(keys.accountId);
});
