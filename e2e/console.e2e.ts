import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { createAccessKey, newAccount, signUp } from "./fixtures";

const run = promisify(execFile);

function node(page: Page, labelStart: string) {
  return page.locator(`.react-flow__node[aria-label^="${labelStart}"]`);
}

/** Picks the option whose text matches, as a student reads the list. */
/** Picks the option whose label matches, once the console's live data lists it. */
async function choose(select: Locator, text: RegExp) {
  const options = () =>
    select.locator("option").evaluateAll((elements) => elements.map((option) => ({ value: (option as HTMLOptionElement).value, label: option.textContent ?? "" })));
  await expect.poll(async () => (await options()).map((option) => option.label).filter((label) => text.test(label)), { message: `an option matching ${text}` }).not.toEqual([]);
  const match = (await options()).find((option) => text.test(option.label))!;
  await select.selectOption(match.value);
}

async function buildTab(page: Page) {
  await page.getByRole("tab", { name: "Build" }).click();
}

async function selectResource(page: Page, name: RegExp) {
  await buildTab(page);
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name }).click();
  await expect(page.getByRole("tab", { name: "Inspect" })).toHaveAttribute("aria-selected", "true");
}

async function createVpc(page: Page, name: string, cidr: string) {
  await buildTab(page);
  const form = page.getByRole("form", { name: "Create a VPC" });
  await form.getByLabel("VPC name").fill(name);
  await form.getByLabel("IPv4 CIDR").fill(cidr);
  await form.getByRole("button", { name: "Create VPC" }).click();
  // The new VPC opens in the Inspect tab, and appears on the diagram with its public subnet.
  await expect(page.getByRole("tabpanel", { name: "Inspect" }).getByText(cidr, { exact: true })).toBeVisible();
  await expect(node(page, `VPC ${name} `)).toBeVisible();
  await expect(node(page, `Public subnet ${name}-subnet-public1`)).toBeVisible();
  // Its panel hints the next free /24 for a subnet: the first one holds the public subnet now.
  await expect(page.getByLabel("Subnet CIDR")).toHaveAttribute("placeholder", cidr.replace(/0\.0\/16$/, "1.0/24"));
}

async function addRoute(page: Page, table: RegExp, destination: string) {
  await selectResource(page, table);
  // The form's hint is the range the target leads to: the internet, then the peer VPC's (not its own).
  await expect(page.getByLabel("Destination")).toHaveAttribute("placeholder", "0.0.0.0/0");
  await choose(page.getByLabel("Target"), /Peering connection/);
  await expect(page.getByLabel("Destination")).toHaveAttribute("placeholder", destination);
  await page.getByLabel("Destination").fill(destination);
  await page.getByRole("button", { name: "Add route" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added ${destination}` })).toBeVisible();
}

/** Launches with the wizard's default firewall choice: a new launch-wizard-N group allowing SSH. */
async function launch(page: Page, subnet: RegExp, name: string) {
  await selectResource(page, subnet);
  // The hint names the instance after its VPC, as the steps do (it said instance-1 in VPC 2 too).
  await expect(page.getByLabel("Instance name")).toHaveAttribute("placeholder", name);
  await page.getByLabel("Instance name").fill(name);
  await expect(page.getByRole("radio", { name: "Create security group" })).toBeChecked();
  await page.getByRole("button", { name: "Launch instance" }).click();
  await expect(node(page, `Instance ${name}, running`)).toBeVisible();
}

async function ping(page: Page, from: RegExp, to: RegExp) {
  await page.getByRole("tab", { name: "Tests" }).click();
  const panel = page.getByRole("tabpanel", { name: "Tests" });
  await choose(panel.getByRole("combobox", { name: "From instance" }), from);
  await choose(panel.getByRole("combobox", { name: "To", exact: true }), to);
  await panel.getByRole("button", { name: "Run ping" }).click();
  await expect(page.getByTestId("test-output")).toBeVisible();
  return page.getByTestId("test-output");
}

test("a student builds Lab 1 piece by piece, meets the failed ping, fixes it, and sees CLI changes live", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Builder"));
  await page.getByRole("link", { name: "Start VPC Peering" }).click();
  await expect(page.getByRole("heading", { name: "VPC Peering" })).toBeVisible();
  await expect(node(page, "Default VPC")).toBeVisible();

  await createVpc(page, "vpc-1", "10.1.0.0/16");
  await createVpc(page, "vpc-2", "10.2.0.0/16");

  await selectResource(page, /^vpc-1 \(vpc-/);
  await choose(page.getByLabel("Peer with (accepter VPC)"), /^vpc-2 10\.2\.0\.0\/16 \(vpc-/);
  // Named as the write-ups name it; the diagram's card on the line shows the name.
  await page.getByLabel("Peering connection name").fill("VPC 1 <> VPC 2");
  await page.getByRole("button", { name: "Request peering" }).click();
  // A beginner is told what comes next, not that "vpc-…" must accept it.
  await expect(page.getByRole("status").filter({ hasText: "until the accepter VPC's owner accepts it: select it on the diagram and choose Accept request" })).toBeVisible({ timeout: 35_000 });
  // The request answers initiating-request; the diagram follows to pending-acceptance on its next read.
  // That read normally follows the live change stream within a second; a change the stream misses
  // (seen once in CI, not explained) would show with the next change; this wait is the old poll's.
  await expect(page.locator(".react-flow__edge[aria-label*='pending-acceptance']")).toHaveCount(1, { timeout: 35_000 });

  await selectResource(page, /^VPC 1 <> VPC 2 \(pcx-/);
  await page.getByRole("button", { name: "Accept request" }).click();
  await expect(page.locator(".react-flow__edge[aria-label^='Peering connection VPC 1 <> VPC 2 (pcx-'][aria-label$=': active']")).toHaveCount(1, { timeout: 20_000 });
  await expect(page.locator(".vl-peering-label")).toContainText("VPC 1 <> VPC 2");
  // Each VPC's CIDR on the connection's panel reads whole, on one line (it broke as "1 / 0.1.0.0/16").
  for (const cidr of ["10.1.0.0/16", "10.2.0.0/16"]) {
    const shown = page.getByRole("tabpanel", { name: "Inspect" }).getByText(cidr, { exact: true });
    expect(await shown.evaluate((element) => element.getClientRects().length)).toBe(1);
  }
  // Each side is named as the student named it (it read the bare id).
  for (const name of ["vpc-1", "vpc-2"]) {
    await expect(page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: new RegExp(`^${name} \\(vpc-[0-9a-f]{17}\\)$`) })).toBeVisible();
  }

  await addRoute(page, /^vpc-1-rtb-public/, "10.2.0.0/16");
  await addRoute(page, /^vpc-2-rtb-public/, "10.1.0.0/16");
  await expect(node(page, "Route table vpc-1-rtb-public")).toHaveAttribute("aria-label", /10\.2\.0\.0\/16 to pcx-/);

  await launch(page, /^vpc-1-subnet-public1/, "instance-1");
  await launch(page, /^vpc-2-subnet-public1/, "instance-2");

  // The third surprise: the ping gets no answer, and the console says why.
  const failed = await ping(page, /instance-1/, /instance-2/);
  await expect(failed).toContainText("4 packets transmitted, 0 received, 100% packet loss");
  await expect(page.getByText("ENI_SG_RULES_MISMATCH")).toBeVisible();
  // The verdict names the group as instance 2's panel lists it (it said "Security group sg-…" alone).
  await expect(page.getByRole("tabpanel", { name: "Tests" }).getByText(/^Security group launch-wizard-2 \(sg-[0-9a-f]{17}\) has no inbound rule allowing ICMP from 10\.1\.0\.0\/16\.$/)).toBeVisible();
  // The blocking security group is painted red on instance 2.
  await expect(node(page, "Instance instance-2").locator(".vl-chip-blocked")).toBeVisible();

  // Fix: All ICMP - IPv4 from VPC 1 on instance 2's security group (the launch wizard's second group).
  await selectResource(page, /^instance-2/);
  const inspect = page.getByRole("tabpanel", { name: "Inspect" });
  await inspect.getByRole("button", { name: "launch-wizard-2", exact: true }).click();
  await inspect.getByRole("combobox", { name: "Type" }).selectOption("all-icmp-ipv4");
  await inspect.getByRole("textbox", { name: "Source" }).fill("10.1.0.0/16");
  await inspect.getByRole("button", { name: "Add rule" }).click();
  await expect(inspect.getByRole("status").filter({ hasText: "Added inbound All ICMP - IPv4 from 10.1.0.0/16" })).toBeVisible();

  const worked = await ping(page, /instance-1/, /instance-2/);
  await expect(worked).toContainText("4 packets transmitted, 4 received, 0% packet loss");
  await expect(page.getByText("Reachable: echo request and reply both get through")).toBeVisible();

  // A change made with the AWS CLI shows on the open page within a second.
  const { accessKeyId, secretAccessKey: secret } = await createAccessKey(page);
  await page.goto("/labs/vpc-peering");
  await expect(node(page, "VPC vpc-1 ")).toBeVisible();
  await run(process.env.AWS_CLI_PATH ?? "/usr/bin/aws", ["ec2", "create-vpc", "--cidr-block", "10.9.0.0/16", "--endpoint-url", `${baseURL}/aws`], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secret, AWS_DEFAULT_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
  });
  // Within a second of the CLI returning, the new VPC is on the diagram.
  await expect(page.locator(".react-flow__node").filter({ hasText: "10.9.0.0/16" }).first()).toBeVisible({ timeout: 1000 });
});

test("deleting a VPC asks for the word delete first, as the AWS console does, and shows AWS's refusal", async ({ page }) => {
  await signUp(page, newAccount("Deleter"));
  await page.goto("/labs/vpc-peering");
  await createVpc(page, "doomed", "10.7.0.0/16");
  await selectResource(page, /^doomed \(vpc-/);
  const inspect = page.getByRole("tabpanel", { name: "Inspect" });
  await inspect.getByRole("button", { name: "Delete VPC" }).click();
  const confirm = inspect.getByRole("group", { name: "Delete VPC" });
  const confirmButton = confirm.getByRole("button", { name: "Delete VPC" });
  // The VPC named once, with its id once (the id was written twice).
  await expect(confirm).toContainText(/Delete doomed \(vpc-[0-9a-f]+\)\? AWS refuses/);
  await expect(confirmButton).toBeDisabled();
  await confirm.getByRole("textbox").fill("Delete");
  await expect(confirmButton).toBeDisabled();
  await confirm.getByRole("textbox").fill("delete");
  await confirmButton.click();
  // The VPC still holds its subnet and gateway: AWS refuses, and the VPC stays.
  await expect(inspect.getByText("DependencyViolation")).toBeVisible();
  await expect(node(page, "VPC doomed ")).toBeVisible();
});
