/**
 * Messages that stay true (issue 14): a one-time answer describes the account as its action left it and
 * goes when the account moves on; no message names a state that will go stale. Each test meets the
 * message, changes what it described, and asserts the message follows.
 */
import { CreateVpcCommand, CreateVpcEndpointCommand, CreateVpcPeeringConnectionCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page, type Route } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { createAccessKey, newAccount, signUp } from "./fixtures";

type Keys = { accessKeyId: string; secretAccessKey: string };

const ec2With = (keys: Keys) => new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: keys, maxAttempts: 1 });
const s3With = (keys: Keys) => new S3Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: keys, forcePathStyle: true, maxAttempts: 1 });

const rail = (page: Page) => page.getByRole("navigation", { name: "Lab steps" });
const inspect = (page: Page) => page.getByRole("tabpanel", { name: "Inspect" });

async function selectResource(page: Page, name: RegExp) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name }).first().click();
  await expect(page.getByRole("tab", { name: "Inspect" })).toHaveAttribute("aria-selected", "true");
}

async function openStep(page: Page, title: string) {
  await rail(page).getByRole("button", { name: new RegExp(`^${title}`) }).click();
  await expect(rail(page).getByRole("button", { name: new RegExp(`^${title}`) })).toHaveAttribute("aria-expanded", "true");
}

/** Holds the next server action's request until the returned release is called: the state between a click and its answer. */
async function holdNextAction(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const handler = async (route: Route) => {
    const request = route.request();
    if (held || request.method() !== "POST" || !request.headers()["next-action"]) return route.fallback();
    held = true;
    await released;
    await route.fallback();
  };
  await page.route("**/*", handler);
  return release;
}

test("the step rail: a Do it for me answer goes with the next account change, and the Reset to step N report goes once the step is done again", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Messages rail"));
  const ec2 = ec2With(await createAccessKey(page));
  await page.goto("/labs/vpc-peering");
  await expect(rail(page).getByText("0 of 6 done")).toBeVisible({ timeout: 30_000 });

  await openStep(page, "Create two VPCs");
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("1 of 6 done")).toBeVisible({ timeout: 30_000 });
  const answer = rail(page).getByText(/^Created \d+ things?\.$/);
  await expect(answer).toBeVisible();
  // Reads that find the account unchanged (here the header's Refresh) leave the answer true.
  for (let read = 0; read < 2; read++) {
    const readDone = page.waitForResponse((response) => response.url().endsWith("/api/console"), { timeout: 15_000 });
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await readDone;
  }
  await expect(answer).toBeVisible();
  // It goes with the next change of the account (here from the CLI): it described the account before it.
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
  await expect(answer).toHaveCount(0, { timeout: 15_000 });

  await openStep(page, "Create and accept a peering connection");
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("2 of 6 done")).toBeVisible({ timeout: 30_000 });
  await rail(page).getByRole("button", { name: "Reset to this step" }).click();
  await rail(page).getByRole("alertdialog").getByRole("button", { name: "Reset" }).click();
  const report = rail(page).getByRole("region", { name: "Reset to step 2" });
  await expect(report).toContainText("The lab is at the start of step 2.", { timeout: 30_000 });
  await expect(rail(page).getByText("1 of 6 done")).toBeVisible();
  // Doing the step again makes the report history: "at the start of step 2" is no longer true.
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText("2 of 6 done")).toBeVisible({ timeout: 30_000 });
  await expect(report).toHaveCount(0);
});

test("the bucket's objects are listed again when its policy goes: 'Insufficient permissions to list objects' does not outlive the policy", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Messages bucket"));
  const keys = await createAccessKey(page);
  const ec2 = ec2With(keys);
  const s3 = s3With(keys);
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({ VpcId: Vpc!.VpcId!, ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway" }));
  const bucket = `vpc-lab-endpoints-messages-${keys.accountId}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "notes.txt", Body: "hello" }));
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { StringNotEquals: { "aws:SourceVpce": VpcEndpoint!.VpcEndpointId! } },
      },
    ],
  };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));

  await page.goto("/labs/vpc-endpoints");
  await selectResource(page, new RegExp(`^${bucket}`));
  const lockedOut = inspect(page).getByRole("alert").filter({ hasText: "Insufficient permissions to list objects" });
  await expect(lockedOut).toBeVisible({ timeout: 30_000 });
  await inspect(page).getByRole("button", { name: "Delete the policy as the account's root user" }).click();
  // The console lists the objects again because it changed the policy itself (the change's event would
  // list them too, later: this wait does not tell the two apart, it guards the outcome).
  await expect(inspect(page).getByText("notes.txt", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(lockedOut).toHaveCount(0);
});

/** What was done, and no state: "Launched i-…" (with the wizard's new group, if it made one). */
const LAUNCHED = /^Launched i-[0-9a-f]+( with a new security group launch-wizard-\d+ \(sg-[0-9a-f]+\))?\.$/;

test("launch: the message names no state (the instance's State row is live), and a new launch clears the last one's message while it runs", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Messages launch"));
  await page.goto("/labs/vpc-peering");
  await page.getByRole("tab", { name: "Build" }).click();
  const create = page.getByRole("form", { name: "Create a VPC" });
  await create.getByLabel("VPC name").fill("lab");
  await create.getByLabel("IPv4 CIDR").fill("10.1.0.0/16");
  await create.getByRole("button", { name: "Create VPC" }).click();
  await expect(inspect(page).getByText("10.1.0.0/16", { exact: true })).toBeVisible({ timeout: 30_000 });

  await selectResource(page, /^lab-subnet-public1/);
  const form = inspect(page).getByRole("form", { name: "Launch an instance" });
  const launchButton = form.getByRole("button", { name: "Launch instance" });
  await form.getByLabel("Instance name").fill("first");
  await launchButton.click();
  const message = form.getByRole("status");
  // "it is pending" outlived the instance's running; the message says what was done, and the spinner is off with it.
  await expect(message).toHaveText(LAUNCHED, { timeout: 30_000 });
  await expect(launchButton).not.toHaveAttribute("aria-busy", "true");
  const first = (await message.textContent())!;

  await form.getByLabel("Instance name").fill("second");
  const release = await holdNextAction(page);
  await launchButton.click();
  await expect(launchButton).toHaveAttribute("aria-busy", "true");
  // While the second launch runs, the first one's "Launched …" is not shown beside its spinner.
  await expect(form.getByText(first)).toHaveCount(0);
  release();
  await expect(message).toHaveText(LAUNCHED, { timeout: 30_000 });
  expect(await message.textContent()).not.toBe(first);
});

test("Accept request: the message names no status, so it is still true once the connection is active", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Messages peering"));
  const ec2 = ec2With(await createAccessKey(page));
  const [one, two] = await Promise.all(["10.1.0.0/16", "10.2.0.0/16"].map((CidrBlock) => ec2.send(new CreateVpcCommand({ CidrBlock }))));
  const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: one.Vpc!.VpcId!, PeerVpcId: two.Vpc!.VpcId! }));
  const peeringId = VpcPeeringConnection!.VpcPeeringConnectionId!;

  await page.goto("/labs/vpc-peering");
  await expect(page.locator(".react-flow__edge[aria-label*='pending-acceptance']")).toHaveCount(1, { timeout: 35_000 });
  await selectResource(page, new RegExp(peeringId));
  await inspect(page).getByRole("button", { name: "Accept request" }).click();
  const message = inspect(page).getByRole("status").filter({ hasText: `Accepted ${peeringId}` });
  await expect(message).toBeVisible({ timeout: 30_000 });
  // The connection's own panel follows it to active (the diagram of two empty VPCs is not what this is about).
  await expect(inspect(page).getByText(/^Active — but nothing flows/)).toBeVisible({ timeout: 30_000 });
  await expect(message).not.toContainText(/provisioning|pending|initiating/);
});
