import { expect, test, type Page } from "@playwright/test";
import { createAccessKey, newAccount, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

function inspect(page: Page) {
  return page.getByRole("tabpanel", { name: "Inspect" });
}

async function select(page: Page, name: RegExp) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name }).first().click();
}

async function sandboxKeys(page: Page) {
  const { accessKeyId, secretAccessKey } = await createAccessKey(page);
  expect(secretAccessKey).toHaveLength(40);
  return { accessKeyId, secretAccessKey };
}

/** Opens EC2 Instance Connect to the lab's instance and answers aws configure's four prompts. */
async function configureCliOnInstance(page: Page, keys: { accessKeyId: string; secretAccessKey: string }) {
  await select(page, /^lab2-instance \(i-/);
  await inspect(page).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  const screen = page.getByRole("region", { name: /EC2 Instance Connect to lab2-instance/ }).getByTestId("terminal");
  await expect(screen).toContainText(/\[ec2-user@ip-10-0-0-\d+ ~\]\$/);
  await screen.click();
  await page.keyboard.type("aws s3 ls");
  await page.keyboard.press("Enter");
  await expect(screen).toContainText('Unable to locate credentials. You can configure credentials by running "aws configure".');

  await page.keyboard.type("aws configure");
  await page.keyboard.press("Enter");
  for (const [prompt, answer] of [
    ["AWS Access Key ID [None]:", keys.accessKeyId],
    ["AWS Secret Access Key [None]:", keys.secretAccessKey],
    ["Default region name [None]:", "us-east-1"],
    ["Default output format [None]:", "json"],
  ]) {
    await expect(screen).toContainText(prompt);
    await page.keyboard.type(answer);
    await page.keyboard.press("Enter");
  }
  await page.keyboard.type("aws sts get-caller-identity --query Account --output text");
  await page.keyboard.press("Enter");
  await expect(screen).toContainText(/\n?\d{12}/);
  await page.getByRole("button", { name: "Close terminal" }).click();
}

/**
 * The Tests panel's S3 list request from the instance: the instance's own output beside the
 * analysis verdict, which agrees with it — also once the bucket policy locks this console out (the
 * analysis reads the policy as the account's root user may).
 */
async function expectS3ListFromInstance(page: Page, bucket: string, expected: { output: "listed" | "denied"; verdict: string; through?: string }) {
  await page.getByRole("tab", { name: "Tests" }).click();
  const tests = page.getByRole("tabpanel", { name: "Tests" });
  await tests.getByRole("radio", { name: "S3 request" }).click();
  await expect(tests.getByLabel("From")).toHaveValue(/^i-/);
  await tests.getByLabel("Request").selectOption("list");
  await tests.getByLabel("Bucket").fill(bucket);
  await tests.getByRole("button", { name: "Run S3 request" }).click();
  const output = page.getByTestId("test-output");
  await expect(output).toContainText(`$ aws s3 ls s3://${bucket}/`, { timeout: 30_000 });
  if (expected.output === "listed") {
    await expect(output).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ welcome\.txt/);
    await expect(tests.getByText("exit code 0")).toBeVisible();
  } else {
    await expect(output).toContainText(/An error occurred \(AccessDenied\) when calling the ListObjectsV2 operation: .+/);
    await expect(tests.getByText("exit code 254")).toBeVisible();
  }
  // The verdict's label, followed by AWS's error code when it is a denial.
  await expect(tests.getByText(new RegExp(`^${expected.verdict}(AccessDenied)?$`))).toBeVisible();
  if (expected.through) await expect(tests.getByRole("list", { name: "Hops" })).toContainText(expected.through);
}

/** The rail's "N of 8 done". */
async function doneCount(page: Page): Promise<number> {
  const text = await rail(page).getByText(/^\d+ of 8 done$/).textContent();
  return Number(text!.split(" ")[0]);
}

/**
 * "Do it for me" until the rail reports `done` of 8 steps. Each click waits for the count to move (it
 * moves after the answer, once the step's check has run), so a slow check never earns an extra click
 * that would do a step the test means to do by hand; a click whose step did not tick is tried again.
 */
async function doItUntil(page: Page, done: number) {
  const start = await doneCount(page);
  for (let clicks = 0; (await doneCount(page)) < done; clicks++) {
    expect(clicks, `Do it for me took more than one retry to reach ${done} of 8 done`).toBeLessThanOrEqual(done - start);
    const before = await doneCount(page);
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByRole("button", { name: "Working…" })).toHaveCount(0, { timeout: 30_000 });
    for (const deadline = Date.now() + 30_000; (await doneCount(page)) === before && Date.now() < deadline; ) await page.waitForTimeout(250);
  }
  await expect(rail(page).getByText(`${done} of 8 done`)).toBeVisible();
}

test("Lab 2 through the panels: the bucket policy locks the console out; the endpoint gets its route and a deny policy", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Endpoints"));
  await page.goto("/labs/vpc-endpoints");
  // Steps 1 and 2 by "Do it for me": VPC, instance, bucket with objects, and Instance Connect.
  await doItUntil(page, 2);
  const bucket = (await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^vpc-lab-endpoints-/ }).first().textContent())!.trim().split(" ")[0];

  // Step 3 as a student does it: the sandbox keys from the Access keys page, typed into aws configure on the instance.
  const keys = await sandboxKeys(page);
  await page.goto("/labs/vpc-endpoints");
  await configureCliOnInstance(page, keys);
  // Steps 4 and 5 by "Do it for me": S3 from the instance, and a gateway endpoint with no route yet.
  await doItUntil(page, 5);

  // Step 4 from the instance, over the internet gateway: the instance's own output lists the objects, and the analysis agrees.
  await expectS3ListFromInstance(page, bucket, { output: "listed", verdict: "Allowed", through: "igw-" });
  // The Resources navigation lists the endpoint as "Name (vpce-…)" once it has a Name tag.
  await select(page, /(^|\()vpce-[0-9a-f]+\)?$/);
  const endpointId = (await inspect(page).getByText(/^vpce-[0-9a-f]+$/).first().textContent())!;
  await expect(inspect(page).getByRole("checkbox").first()).not.toBeChecked();

  // Step 6: deny unless through the endpoint; the console's own view is locked out, as the S3 console is.
  await select(page, /^vpc-lab-endpoints-/);
  await inspect(page).getByRole("button", { name: `Deny unless through ${endpointId}` }).click();
  await inspect(page).getByRole("button", { name: "Save policy" }).click();
  await expect(inspect(page).getByRole("alert").filter({ hasText: "Insufficient permissions to list objects" })).toBeVisible();
  await expect(inspect(page).getByText("cannot be read by this console (AccessDenied)")).toBeVisible();
  // The instance still goes out through the internet gateway, so the policy denies it too; the analysis
  // reads the policy as the account's root user may, and agrees.
  await expectS3ListFromInstance(page, bucket, { output: "denied", verdict: "Denied" });

  // Step 7: the endpoint route appears in the route table, as a route to S3's prefix list.
  await select(page, new RegExp(`(^|\\()${endpointId}\\)?$`));
  await inspect(page).getByRole("checkbox", { name: /lab2-vpc-rtb-public/ }).check();
  await inspect(page).getByRole("button", { name: "Save route tables" }).click();
  await expect(inspect(page).getByRole("status").filter({ hasText: `Updated the route tables of ${endpointId}.` })).toBeVisible();
  await expect(page.locator(`.react-flow__node[aria-label^="Route table lab2-vpc-rtb-public"]`)).toHaveAttribute("aria-label", new RegExp(`pl-63a5400a to ${endpointId}`));
  // Now the request goes through the endpoint, which the policy allows.
  await expectS3ListFromInstance(page, bucket, { output: "listed", verdict: "Allowed", through: endpointId });

  // Step 8: the endpoint policy editor saves a deny-everything policy.
  await select(page, new RegExp(`(^|\\()${endpointId}\\)?$`));
  await inspect(page).getByRole("button", { name: "Deny everything" }).click();
  await inspect(page).getByRole("button", { name: "Save policy" }).click();
  await expect(inspect(page).getByRole("status").filter({ hasText: `Saved the policy of ${endpointId}.` })).toBeVisible();
  await expect(inspect(page).getByRole("textbox", { name: "Policy document (JSON)" })).toHaveValue(/"Effect": "Deny"/);
  await page.screenshot({ path: "test-results/screens/lab2-endpoint-policy-1440x900.png" });
});

test("a bucket made in the Build tab takes a couple of files in one upload; too much at once names the CLI, nothing chosen asks for a file", async ({ page }) => {
  await signUp(page, newAccount("Uploader"));
  await page.goto("/labs/vpc-endpoints");
  await page.getByRole("tab", { name: "Build" }).click();
  const bucket = `upload-${Date.now()}`;
  const create = page.getByRole("form", { name: "Create an S3 bucket" });
  // The hint is a name only this account can hold (a fixed example was taken by whoever typed it first).
  await expect(create.getByLabel("Bucket name (unique across all accounts)")).toHaveAttribute("placeholder", /^vpc-lab-endpoints-\d{12}$/);
  await create.getByLabel("Bucket name (unique across all accounts)").fill(bucket);
  await create.getByRole("button", { name: "Create bucket" }).click();
  await expect(inspect(page).getByText(bucket, { exact: true })).toBeVisible();
  await expect(inspect(page).getByText("The bucket is empty.")).toBeVisible();

  const files = inspect(page).getByLabel("Files to upload");
  await inspect(page).getByRole("button", { name: "Upload", exact: true }).click();
  await expect(inspect(page).getByRole("alert")).toContainText("Choose a file to upload.");

  // Step 1 asks for a couple of objects: both in one upload, as the S3 console's Add files does.
  await files.setInputFiles([
    { name: "hello.txt", mimeType: "text/plain", buffer: Buffer.from("hello\n") },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("endpoints lab\n") },
  ]);
  await inspect(page).getByRole("button", { name: "Upload", exact: true }).click();
  await expect(inspect(page).getByRole("status")).toHaveText(`Uploaded hello.txt and notes.txt to ${bucket}.`);
  await expect(inspect(page).getByText("hello.txt", { exact: true })).toBeVisible();
  await expect(inspect(page).getByText("notes.txt", { exact: true })).toBeVisible();
  await expect(inspect(page).getByText("14\u00a0B")).toBeVisible();

  await files.setInputFiles([
    { name: "a.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(500 * 1024) },
    { name: "b.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(500 * 1024) },
  ]);
  await inspect(page).getByRole("button", { name: "Upload", exact: true }).click();
  await expect(inspect(page).getByRole("alert")).toContainText("The console uploads up to 900 KB at a time; use `aws s3 cp` for these files.");
  await expect(inspect(page).getByText("a.bin", { exact: true })).toHaveCount(0);

  // A photo of 2 MB: refused in the panel by name (its request was refused before the action ran,
  // and the lab page gave way to "The lab could not read your AWS account").
  await files.setInputFiles([{ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(2 * 1024 * 1024) }]);
  await inspect(page).getByRole("button", { name: "Upload", exact: true }).click();
  await expect(inspect(page).getByRole("alert")).toContainText("use `aws s3 cp` for photo.jpg.");
  // A policy pasted at 1.5 MB: the server refuses the request; the panel says so and the page stays.
  await inspect(page).getByLabel("Policy document (JSON)").fill(`{"Version":"2012-10-17","Statement":[],"Id":"${"a".repeat(1_500_000)}"}`);
  await inspect(page).getByRole("button", { name: "Save policy" }).click();
  await expect(inspect(page).getByRole("alert").filter({ hasText: "RequestNotAnswered" })).toContainText("refuses anything over 1 MB");
  await expect(rail(page)).toBeVisible();
});
