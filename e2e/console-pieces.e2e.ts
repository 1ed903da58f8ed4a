/**
 * The console pieces a student expects from the AWS console (issue 14): creating a security group and
 * the launch wizard's firewall choice, the Elastic IPs list, the peering connections and endpoints
 * lists, and access keys whose secret is shown once. Each is driven through the UI; the sandbox's
 * state is read back through the SDK with a key the student created.
 */
import { readFile } from "node:fs/promises";
import {
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { createAccessKey, newAccount, signUp } from "./fixtures";

function ec2With(keys: { accessKeyId: string; secretAccessKey: string }): EC2Client {
  return new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: keys, maxAttempts: 1 });
}

function inspect(page: Page) {
  return page.getByRole("tabpanel", { name: "Inspect" });
}

function resources(page: Page) {
  return page.getByRole("navigation", { name: "Resources" });
}

async function buildTab(page: Page) {
  await page.getByRole("tab", { name: "Build" }).click();
}

async function selectResource(page: Page, name: RegExp) {
  await buildTab(page);
  await resources(page).getByRole("button", { name }).first().click();
}

async function createVpc(page: Page, name: string, cidr: string) {
  await buildTab(page);
  const form = page.getByRole("form", { name: "Create a VPC" });
  await form.getByLabel("VPC name").fill(name);
  await form.getByLabel("IPv4 CIDR").fill(cidr);
  await form.getByRole("button", { name: "Create VPC" }).click();
  await expect(inspect(page).getByText(cidr, { exact: true })).toBeVisible({ timeout: 30_000 });
}

async function vpcIdNamed(ec2: EC2Client, name: string): Promise<string> {
  const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [name] }] }));
  return Vpcs![0].VpcId!;
}

/** Launches from the subnet's panel; `firewall` is the launch wizard's choice. */
async function launch(page: Page, name: string, firewall: { create: string } | { existing: RegExp }) {
  await selectResource(page, /^lab-subnet-public1/);
  const form = inspect(page).getByRole("form", { name: "Launch an instance" });
  await form.getByLabel("Instance name").fill(name);
  if ("create" in firewall) {
    await form.getByRole("radio", { name: "Create security group" }).check();
    await form.getByLabel("Allow SSH traffic from").selectOption({ label: firewall.create });
  } else {
    await form.getByRole("radio", { name: "Select existing security group" }).check();
    const select = form.getByRole("combobox", { name: "Security group" });
    const label = (await select.locator("option").allTextContents()).find((text) => firewall.existing.test(text))!;
    await select.selectOption({ label });
  }
  await form.getByRole("button", { name: "Launch instance" }).click();
  await expect(form.getByRole("status")).toContainText(/^Launched i-[0-9a-f]+/, { timeout: 30_000 });
}

async function groupsOfInstance(ec2: EC2Client, name: string) {
  // The form still shows the previous launch's message while this one runs: wait for the instance itself.
  const described = async () => (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: [name] }] }))).Reservations ?? [];
  await expect.poll(async () => (await described()).length, { timeout: 60_000 }).toBe(1);
  const groupIds = (await described())[0].Instances![0].SecurityGroups!.map((group) => group.GroupId!);
  return (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))).SecurityGroups!;
}

test("a student creates a security group with inbound rules, meets AWS's duplicate-name error, and launches with a new or an existing group as the launch wizard offers", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Groups"));
  const ec2 = ec2With(await createAccessKey(page));
  await page.goto("/labs/vpc-peering");
  await createVpc(page, "lab", "10.1.0.0/16");
  const vpcId = await vpcIdNamed(ec2, "lab");

  // Build > Create a security group: name, description, VPC, two inbound rules.
  await buildTab(page);
  const form = page.getByRole("form", { name: "Create a security group" });
  await form.getByLabel("Security group name").fill("instance-2-sg");
  await form.getByLabel("Description", { exact: true }).fill("SSH and ping from VPC 1");
  await form.getByLabel("VPC").selectOption({ label: `lab 10.1.0.0/16 (${vpcId})` });
  await form.getByRole("button", { name: "Add inbound rule" }).click();
  await form.getByLabel("Source").fill("18.206.107.24/29");
  await form.getByRole("button", { name: "Add inbound rule" }).click();
  const second = form.getByRole("group", { name: "Inbound rule 2" });
  await second.getByLabel("Type").selectOption({ label: "All ICMP - IPv4" });
  await second.getByLabel("Source").fill("10.1.0.0/16");
  await form.getByRole("button", { name: "Create security group" }).click();
  // The new group opens in Inspect with its rules.
  await expect(inspect(page).getByText("SSH and ping from VPC 1")).toBeVisible();
  await expect(inspect(page).getByRole("button", { name: "Remove inbound All ICMP - IPv4 10.1.0.0/16" })).toBeVisible();
  // The first rule's Type as the AWS console names it (the form's default, SSH), with its port.
  await expect(inspect(page).getByRole("cell", { name: "SSH (TCP 22)", exact: true })).toBeVisible();

  const [created] = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["instance-2-sg"] }] }))).SecurityGroups!;
  expect(created).toMatchObject({ VpcId: vpcId, Description: "SSH and ping from VPC 1" });
  expect(created.IpPermissions!.map((rule) => [rule.IpProtocol, rule.FromPort, rule.IpRanges![0].CidrIp]).sort()).toEqual([
    ["icmp", -1, "10.1.0.0/16"],
    ["tcp", 22, "18.206.107.24/29"],
  ]);
  expect(created.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: "-1", IpRanges: [expect.objectContaining({ CidrIp: "0.0.0.0/0" })] })]);

  // The same name again in the same VPC: AWS's own refusal, and nothing half-made.
  await buildTab(page);
  await form.getByLabel("Security group name").fill("instance-2-sg");
  await form.getByLabel("Description", { exact: true }).fill("again");
  await form.getByRole("button", { name: "Create security group" }).click();
  await expect(form.getByRole("alert")).toContainText("InvalidGroup.Duplicate");
  await expect(form.getByRole("alert")).toContainText(`The security group 'instance-2-sg' already exists for VPC '${vpcId}'`);
  const named = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  expect(named.SecurityGroups!.map((group) => group.GroupName).sort()).toEqual(["default", "instance-2-sg"]);

  // A rule description longer than AWS takes: AWS's own message (not the form's "inbound.0.description: Too big"), and the group made for it deleted again.
  await form.getByLabel("Security group name").fill("instance-3-sg");
  await form.getByRole("button", { name: "Add inbound rule" }).click();
  await form.getByLabel("Source").fill("10.1.0.0/16");
  await form.getByLabel("Description - optional").fill("d".repeat(256));
  await form.getByRole("button", { name: "Create security group" }).click();
  await expect(form.getByRole("alert")).toContainText("InvalidParameterValue");
  await expect(form.getByRole("alert")).toContainText("Invalid rule description. Valid descriptions are strings less than 256 characters");
  const after = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  expect(after.SecurityGroups!.map((group) => group.GroupName).sort()).toEqual(["default", "instance-2-sg"]);
  await form.getByRole("button", { name: "Delete" }).click();

  // Launch with the wizard's "Create security group": launch-wizard-1, SSH from Instance Connect's range only.
  await launch(page, "instance-1", { create: "EC2 Instance Connect's address range" });
  const [wizard] = await groupsOfInstance(ec2, "instance-1");
  expect(wizard.GroupName).toBe("launch-wizard-1");
  expect(wizard.Description).toMatch(/^launch-wizard-1 created \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(wizard.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [expect.objectContaining({ CidrIp: "18.206.107.24/29" })] })]);

  // Launch with "Select existing security group": the group made above, not the VPC's default.
  await launch(page, "instance-2", { existing: /^instance-2-sg / });
  expect((await groupsOfInstance(ec2, "instance-2")).map((group) => group.GroupName)).toEqual(["instance-2-sg"]);
  await page.screenshot({ path: "test-results/screens/console-pieces-launch-1440x900.png" });
});

test("the Elastic IPs list keeps an idle address in view with its hourly cost after another is allocated, and associates, disassociates and releases", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Addresses"));
  const ec2 = ec2With(await createAccessKey(page));
  await page.goto("/labs/vpc-peering");
  await createVpc(page, "lab", "10.1.0.0/16");
  await launch(page, "web", { create: "Anywhere (0.0.0.0/0)" });

  // Allocate and associate from the instance, disassociate, then allocate another: two addresses, one idle.
  await selectResource(page, /^web \(i-/);
  await inspect(page).getByRole("button", { name: "Allocate an Elastic IP and associate it" }).click();
  await expect(inspect(page).getByText(/^Elastic IP /)).toBeVisible();
  const first = (await ec2.send(new DescribeAddressesCommand({}))).Addresses![0].PublicIp!;
  await buildTab(page);
  const list = resources(page).getByRole("region", { name: "Elastic IPs" });
  await list.getByRole("button", { name: `Disassociate ${first}` }).click();
  await expect(list.getByRole("listitem", { name: first })).toContainText("idle · $0.005/h");
  await selectResource(page, /^web \(i-/);
  await inspect(page).getByRole("button", { name: "Allocate an Elastic IP and associate it" }).click();
  await expect(inspect(page).getByText(/^Elastic IP /)).toBeVisible();
  // The idle one is still named, on the instance and in the list.
  await expect(inspect(page).getByText(first)).toBeVisible();
  await buildTab(page);
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem", { name: first })).toContainText("idle · $0.005/h");
  await expect(list.getByRole("listitem", { name: first })).toContainText("still billed until released");
  await expect(list.getByText(/^Associated with web \(i-/)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/console-pieces-elastic-ips-1280x720.png" });
  const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses!;
  expect(addresses.filter((address) => address.AssociationId)).toHaveLength(1);
  expect(addresses.find((address) => address.PublicIp === first)?.AssociationId).toBeUndefined();

  // Release the idle one; then disassociate the other and associate it again from the list.
  await list.getByRole("button", { name: `Release ${first}` }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  const [kept] = (await ec2.send(new DescribeAddressesCommand({}))).Addresses!;
  expect(kept.PublicIp).not.toBe(first);
  await list.getByRole("button", { name: `Disassociate ${kept.PublicIp}` }).click();
  // exact: "Associate …" is also part of "Disassociate …", which stays on screen until the list is read again.
  await list.getByRole("button", { name: `Associate ${kept.PublicIp}`, exact: true }).click();
  await expect(list.getByText(/^Associated with web \(i-/)).toBeVisible();
  expect((await ec2.send(new DescribeAddressesCommand({}))).Addresses![0].InstanceId).toMatch(/^i-/);
});

test("peering connections and endpoints are listed with their Name tags and states, and accepted or deleted from the list", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Lister"));
  const ec2 = ec2With(await createAccessKey(page));
  await page.goto("/labs/vpc-peering");
  await createVpc(page, "vpc-1", "10.1.0.0/16");
  await createVpc(page, "vpc-2", "10.2.0.0/16");
  const [vpc1, vpc2] = [await vpcIdNamed(ec2, "vpc-1"), await vpcIdNamed(ec2, "vpc-2")];
  const pcx = (
    await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: vpc1, PeerVpcId: vpc2, TagSpecifications: [{ ResourceType: "vpc-peering-connection", Tags: [{ Key: "Name", Value: "one-to-two" }] }] }),
    )
  ).VpcPeeringConnection!.VpcPeeringConnectionId!;
  const vpce = (
    await ec2.send(
      new CreateVpcEndpointCommand({ VpcId: vpc1, ServiceName: "com.amazonaws.us-east-1.s3", TagSpecifications: [{ ResourceType: "vpc-endpoint", Tags: [{ Key: "Name", Value: "s3-gateway" }] }] }),
    )
  ).VpcEndpoint!.VpcEndpointId!;

  await buildTab(page);
  const peerings = resources(page).getByRole("region", { name: "Peering connections" });
  const row = peerings.getByRole("listitem", { name: `one-to-two (${pcx})` });
  await expect(row).toContainText("pending-acceptance", { timeout: 35_000 });
  await expect(row).toContainText(`vpc-1 (${vpc1}) → vpc-2 (${vpc2})`);
  await row.getByRole("button", { name: `Accept request ${pcx}` }).click();
  await expect(row).toContainText("active", { timeout: 20_000 });
  const described = async () => (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }))).VpcPeeringConnections![0].Status!.Code;
  expect(await described()).toBe("active");
  // The diagram's card on the peering line names it too, as the list does.
  await expect(page.getByRole("group", { name: `Peering connection one-to-two (${pcx}) from ${vpc1} to ${vpc2}: active` })).toHaveCount(1);
  await expect(page.locator(".vl-peering-label")).toContainText(`one-to-two${pcx}active`);

  const endpoints = resources(page).getByRole("region", { name: "VPC endpoints" });
  const endpointRow = endpoints.getByRole("listitem", { name: `s3-gateway (${vpce})` });
  await expect(endpointRow).toContainText("available");
  await expect(endpointRow).toContainText(`Gateway · com.amazonaws.us-east-1.s3 · vpc-1 (${vpc1})`);
  await page.screenshot({ path: "test-results/screens/console-pieces-lists-1280x720.png" });

  await row.getByRole("button", { name: `Delete ${pcx}` }).click();
  await expect.poll(described).toBe("deleted");
  await endpointRow.getByRole("button", { name: `Delete ${vpce}` }).click();
  await expect(endpointRow).toHaveCount(0);
  const left = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc1] }] }));
  expect((left.VpcEndpoints ?? []).filter((endpoint) => endpoint.State?.toLowerCase() === "available")).toEqual([]);
});

test("an access key's secret is shown once, with AWS's best-practice warning and its .csv, and never again; keys are deactivated before they are deleted", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Keys"));
  await page.getByRole("link", { name: "Access keys" }).click();
  await expect(page.getByRole("heading", { name: "Access keys (1 of 2)" })).toBeVisible();
  // No secret on the page before a key is created: only ids.
  await expect(page.getByTestId("secret-access-key")).toHaveCount(0);

  await page.getByRole("button", { name: "Create access key" }).click();
  const practices = page.getByRole("form", { name: "Access key best practices & alternatives" });
  await expect(practices).toContainText("Avoid using long-term credentials like access keys");
  await expect(practices).toContainText("give the instance an IAM role");
  await expect(practices.getByRole("button", { name: "Create access key" })).toBeDisabled();
  await practices.getByLabel("I understand the above recommendation and want to proceed to create an access key.").check();
  await practices.getByRole("button", { name: "Create access key" }).click();

  const retrieve = page.getByRole("region", { name: "Retrieve access keys" });
  await expect(retrieve.getByRole("alert")).toHaveText(/This is the only time that the secret access key can be viewed or downloaded\. You cannot recover it later\./);
  await expect(retrieve.getByTestId("secret-access-key")).toHaveText(/^•+$/);
  await retrieve.getByRole("button", { name: "Show" }).click();
  const accessKeyId = (await retrieve.getByTestId("access-key-id").textContent())!.trim();
  const secretAccessKey = (await retrieve.getByTestId("secret-access-key").textContent())!.trim();
  expect(accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
  expect(secretAccessKey).toHaveLength(40);
  const downloading = page.waitForEvent("download");
  await retrieve.getByRole("button", { name: "Download .csv file" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("lab-user_accessKeys.csv");
  expect(await readFile((await download.path())!, "utf8")).toBe(`Access key ID,Secret access key\r\n${accessKeyId},${secretAccessKey}\r\n`);
  await page.screenshot({ path: "test-results/screens/console-pieces-access-key-1280x720.png" });

  // The key works with the SDK, as the CLI would use it.
  const ec2 = ec2With({ accessKeyId, secretAccessKey });
  expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBeGreaterThan(0);

  // Done, or a reload: the secret is gone for good, from the page and from what the server sends.
  await retrieve.getByRole("button", { name: "Done" }).click();
  await expect(retrieve).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Access keys (2 of 2)" })).toBeVisible();
  await expect(page.getByTestId("listed-access-key-id").filter({ hasText: accessKeyId })).toHaveCount(1);
  expect(await page.content()).not.toContain(secretAccessKey);
  expect(await (await page.request.get("/access-keys")).text()).not.toContain(secretAccessKey);

  // A third key: IAM's quota, in IAM's words.
  await page.getByRole("button", { name: "Create access key" }).click();
  await practices.getByLabel("I understand the above recommendation and want to proceed to create an access key.").check();
  await practices.getByRole("button", { name: "Create access key" }).click();
  await expect(practices.getByRole("alert")).toContainText("LimitExceeded");
  await expect(practices.getByRole("alert")).toContainText("Cannot exceed quota for AccessKeysPerUser: 2");
  await practices.getByRole("button", { name: "Cancel" }).click();

  // Delete on an active key says why it cannot yet (a disabled button said nothing) and offers
  // Deactivate; then delete (typing the key id): the key stops working.
  const row = page.getByRole("listitem", { name: `Access key ${accessKeyId}` });
  await row.getByRole("button", { name: `Delete ${accessKeyId}` }).click();
  await expect(row.getByRole("alert")).toContainText("Before you can delete an access key, you must deactivate it.");
  await row.getByRole("alert").getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Inactive");
  const refused = await ec2.send(new DescribeVpcsCommand({})).catch((error: Error) => error);
  expect((refused as Error).name).toBe("AuthFailure");
  await row.getByLabel("To confirm deletion, enter the access key ID in the text input field.").fill(accessKeyId);
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Access keys (1 of 2)" })).toBeVisible();
  await expect(row).toHaveCount(0);
});

test("a name of 241 characters without a space (the longest VPC and more takes) stays inside the Inspect panel at 1280x720", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Longname"));
  await page.goto("/labs/vpc-peering");
  const name = "w".repeat(241);
  await createVpc(page, name, "10.7.0.0/16");
  const panel = await inspect(page).boundingBox();
  const subnet = inspect(page).getByRole("button", { name: new RegExp(`^${name}-subnet-public1`) });
  await expect(subnet).toBeVisible();
  for (const link of [subnet, inspect(page).getByText(name, { exact: true })]) {
    const box = (await link.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(panel!.x + panel!.width);
  }
});

test("at 1280x720 a network ACL's rules and a route table's routes fit the Inspect panel: each row's action and its Delete button in view, still a table to a screen reader", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Narrow"));
  await page.goto("/labs/vpc-peering");
  await createVpc(page, "lab", "10.8.0.0/16");
  const panel = (await inspect(page).boundingBox())!;
  // Not scrolled into view first: that would scroll a too-wide table sideways and hide the fault.
  const inPanel = async (locator: ReturnType<Page["locator"]>) => {
    const box = (await locator.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(panel.x);
    expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
  };

  await selectResource(page, /^acl-/);
  // The form's defaults: inbound rule 90, ICMP from 0.0.0.0/0, deny.
  await inspect(page).getByRole("button", { name: "Add rule" }).click();
  const deleteRule = inspect(page).getByRole("button", { name: "Delete inbound rule 90" });
  await expect(deleteRule).toBeVisible({ timeout: 30_000 });
  const rule = inspect(page).getByRole("row").filter({ has: page.getByRole("button", { name: "Delete inbound rule 90" }) });
  await inPanel(rule.getByText("Deny", { exact: true }));
  await inPanel(deleteRule);
  // The card's headings are drawn for the eye only: the cell's name is its value, its header the table's.
  await expect(rule.getByRole("cell", { name: "90", exact: true })).toBeVisible();
  await expect(inspect(page).getByRole("columnheader", { name: "Action" }).first()).toBeAttached();

  await selectResource(page, /^lab-rtb-public/);
  const deleteRoute = inspect(page).getByRole("button", { name: "Delete route to 0.0.0.0/0" });
  await inPanel(deleteRoute);
  await inPanel(inspect(page).getByRole("row").filter({ has: page.getByRole("button", { name: "Delete route to 0.0.0.0/0" }) }).getByText(/^igw-/));
  // The Add a route form's target shows what it is and its name ("Internet gateway lab-igw"), not "Internet gatew".
  const target = inspect(page).getByLabel("Target");
  const shown = await target.evaluate((select: HTMLSelectElement) => {
    const label = select.selectedOptions[0].textContent!.replace(/ \(.*$/, "");
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
    return { label, fits: context.measureText(label).width <= room };
  });
  expect(shown).toEqual({ label: "Internet gateway lab-igw", fits: true });
});
