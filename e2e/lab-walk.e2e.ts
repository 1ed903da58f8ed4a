/**
 * Each lab end to end as a student: the step rail, every troubleshooting moment met and fixed, a note,
 * the write-up page, and the exported zip opened and read (README.md sections, images, test output).
 */
import { CreateVpcCommand, CreateVpcPeeringConnectionCommand, DeleteVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { expect, test, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import { baseURL } from "../playwright.config";
import { newAccount, signUp } from "./fixtures";

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

async function doOpenStep(page: Page, doneAfter: number, total: number) {
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText(`${doneAfter} of ${total} done`)).toBeVisible({ timeout: 30_000 });
}

async function checkOpenStep(page: Page) {
  await rail(page).getByRole("button", { name: "Check my work" }).click();
  await expect(rail(page).getByRole("button", { name: "Checking…" })).toHaveCount(0, { timeout: 30_000 });
}

/** Opens a step in the rail by its title (the rail then keeps it open). */
async function openStep(page: Page, title: string) {
  await rail(page).getByRole("button", { name: new RegExp(`^${title}`) }).click();
  await expect(rail(page).getByRole("button", { name: new RegExp(`^${title}`) })).toHaveAttribute("aria-expanded", "true");
}

function moment(page: Page, title: string) {
  return rail(page).getByRole("region", { name: title });
}

async function saveNote(page: Page, text: string) {
  await rail(page).getByLabel("Your notes (in the write-up)").fill(text);
  await rail(page).getByRole("button", { name: "Save note" }).click();
  await expect(rail(page).getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
}

/** Downloads the write-up zip from its page and returns its files. */
async function downloadWriteup(page: Page): Promise<Record<string, Uint8Array>> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download Markdown and images (.zip)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^vpc-lab-vpc-(peering|endpoints)-writeup-\d{4}-\d{2}-\d{2}\.zip$/);
  return unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Every step has its section and its diagram image in the zip, a real PNG. */
function expectStepsWithImages(files: Record<string, Uint8Array>, titles: string[]): string {
  const markdown = strFromU8(files["README.md"]);
  const headings = markdown.split("\n").filter((line) => line.startsWith("## Step "));
  expect(headings).toEqual(titles.map((title, index) => `## Step ${index + 1} — ${title}`));
  titles.forEach((_, index) => {
    const image = `images/step-${index + 1}.png`;
    expect(markdown).toContain(`](${image})`);
    expect([...files[image].slice(0, 8)]).toEqual(PNG_SIGNATURE);
  });
  return markdown;
}

/** The Markdown section of one step. */
function section(markdown: string, number: number): string {
  const start = markdown.indexOf(`## Step ${number} — `);
  const end = markdown.indexOf("## Step ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** An EC2 client with the student's sandbox keys from the Access keys page: what their AWS CLI would do. */
async function studentCli(page: Page): Promise<EC2Client> {
  await page.goto("/access-keys");
  const accessKeyId = (await page.getByTestId("access-key-id").textContent())!.trim();
  await page.getByRole("button", { name: "Show" }).click();
  const secretAccessKey = (await page.getByTestId("secret-access-key").textContent())!.trim();
  return new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

async function openTerminal(page: Page, instanceName: string) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: new RegExp(`^${instanceName} \\(i-`) }).click();
  await page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  const screen = page.getByRole("region", { name: new RegExp(`EC2 Instance Connect to ${instanceName}`) }).getByTestId("terminal");
  await expect(screen).toContainText(/\[ec2-user@ip-[\d-]+ ~\]\$/, { timeout: 20_000 });
  await screen.click();
  return screen;
}

async function type(page: Page, line: string) {
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

test("Lab 1 end to end: the overlapping peering, the Instance Connect refusal and the silent ping met and fixed, then the write-up exported", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Walker"));
  const ec2 = await studentCli(page);

  // Step 2's failure, made as a student might with the CLI: two VPCs with the same range, peered.
  const first = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  const second = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: first, PeerVpcId: second }));
  await page.goto("/labs/vpc-peering");
  await openStep(page, "Create and accept a peering connection");
  await checkOpenStep(page);
  await expect(moment(page, "The peering connection failed")).toContainText("Overlapping CIDR range");
  // The fix: start again with two ranges that do not overlap (do-it-for-me builds 10.1.0.0/16 and 10.2.0.0/16).
  for (const vpcId of [first, second]) await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
  await page.reload();

  for (let done = 1; done <= 4; done++) await doOpenStep(page, done, 6);

  // Step 5 before the Elastic IP: Instance Connect refuses, and the rail says why.
  await checkOpenStep(page);
  await expect(moment(page, "EC2 Instance Connect refuses to connect")).toContainText("No public IPv4 address");
  await doOpenStep(page, 5, 6);

  // Step 6: the ping gets no answer until instance 2's security group allows ICMP.
  await checkOpenStep(page);
  await expect(moment(page, "The ping gets no answer")).toContainText("100% packet loss");
  await saveNote(page, "The security group dropped the echo silently; ICMP from 10.1.0.0/16 fixed it.");
  await doOpenStep(page, 6, 6);

  await rail(page).getByRole("link", { name: "Write-up" }).click();
  await expect(page.getByRole("heading", { name: "VPC Peering — write-up" })).toBeVisible();
  await expect(page.getByText("6 of 6 steps completed")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Diagram after step \d$/ })).toHaveCount(6, { timeout: 20_000 });
  await expect(page.getByText("ICMP from 10.1.0.0/16 fixed it.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/lab1-writeup-1440x900.png", fullPage: true });

  const markdown = expectStepsWithImages(await downloadWriteup(page), [
    "Create two VPCs",
    "Create and accept a peering connection",
    "Route each VPC to the other",
    "Launch an instance in each VPC",
    "Connect to instance 1 with EC2 Instance Connect",
    "Ping instance 2 from instance 1",
  ]);
  const ping = section(markdown, 6);
  expect(ping).toMatch(/\$ ping -c \d+ 10\.2\.0\.\d+/);
  expect(ping).toContain(" 0% packet loss");
  expect(ping).toContain("ICMP from 10.1.0.0/16 fixed it.");
  expect(section(markdown, 3)).toMatch(/10\.2\.0\.0\/16\s+pcx-[0-9a-f]+/);
});

test("Lab 2 end to end: aws configure on the instance, the lock-out, the endpoint route and the endpoint policy deny, the write-up, and a teardown that leaves nothing", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Endpointer"));

  await page.getByRole("link", { name: "Access keys" }).click();
  const accessKeyId = (await page.getByTestId("access-key-id").textContent())!.trim();
  await page.getByRole("button", { name: "Show" }).click();
  const secret = (await page.getByTestId("secret-access-key").textContent())!.trim();

  await page.goto("/labs/vpc-endpoints");
  // Step 1 also completes step 3: lab-user already has a key for the CLI on the now running instance.
  await doOpenStep(page, 2, 8);
  // Step 2 before its Elastic IP: Instance Connect refuses, as in Lab 1.
  await checkOpenStep(page);
  await expect(moment(page, "EC2 Instance Connect refuses to connect")).toContainText("No public IPv4 address");
  // Step 2's Elastic IP gives the instance its way to S3 over the internet: step 4 passes with it.
  await doOpenStep(page, 4, 8);

  // Step 3 as the student does it: aws configure on the instance, with the keys from the Access keys page.
  const terminal = await openTerminal(page, "lab2-instance");
  await type(page, "aws configure");
  await expect(terminal).toContainText("AWS Access Key ID [None]:");
  await type(page, accessKeyId);
  await type(page, secret);
  await type(page, "us-east-1");
  await type(page, "json");
  await type(page, "aws sts get-caller-identity");
  await expect(terminal).toContainText(":user/lab-user");
  await type(page, "aws s3 ls");
  await expect(terminal).toContainText(/vpc-lab-endpoints-\d{12}/);
  // Checking steps 3 and 4 again puts what the instance prints now in the write-up.
  await openStep(page, "Create access keys and configure the CLI");
  await checkOpenStep(page);
  await openStep(page, "Use S3 from the instance");
  await checkOpenStep(page);

  await openStep(page, "Create a gateway endpoint for S3");
  await doOpenStep(page, 5, 8);

  // Step 6: the bucket policy locks everyone outside the endpoint out, this console included.
  await openStep(page, "Allow the bucket only through the endpoint");
  await doOpenStep(page, 6, 8);
  await checkOpenStep(page);
  await expect(moment(page, "Locked out of your own bucket")).toContainText("explicit deny in a resource-based policy");

  // Step 7: the instance is denied until the endpoint is in its route table.
  await openStep(page, "Route S3 traffic through the endpoint");
  await checkOpenStep(page);
  await expect(moment(page, "The instance still goes over the internet")).toContainText("explicit deny in a resource-based policy");
  await doOpenStep(page, 7, 8);

  // Step 8: a deny-all endpoint policy cuts the instance off.
  await openStep(page, "Restrict the endpoint policy");
  await saveNote(page, "Deny in the endpoint policy beats the bucket policy's allow.");
  await doOpenStep(page, 8, 8);
  await checkOpenStep(page);
  await expect(moment(page, "The endpoint policy denies")).toContainText("explicit deny in a VPC endpoint policy");

  await rail(page).getByRole("link", { name: "Write-up" }).click();
  await expect(page.getByText("8 of 8 steps completed")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Diagram after step \d$/ })).toHaveCount(8, { timeout: 20_000 });
  const markdown = expectStepsWithImages(await downloadWriteup(page), [
    "Build a VPC, an instance and an S3 bucket",
    "Connect to the instance",
    "Create access keys and configure the CLI",
    "Use S3 from the instance",
    "Create a gateway endpoint for S3",
    "Allow the bucket only through the endpoint",
    "Route S3 traffic through the endpoint",
    "Restrict the endpoint policy",
  ]);
  expect(section(markdown, 3)).toContain("$ aws sts get-caller-identity");
  expect(section(markdown, 3)).toContain(":user/lab-user");
  expect(section(markdown, 4)).toContain("welcome.txt");
  expect(section(markdown, 7)).toMatch(/pl-63a5400a\s+vpce-[0-9a-f]+/);
  expect(section(markdown, 8)).toContain("explicit deny in a VPC endpoint policy");
  expect(section(markdown, 8)).toContain("beats the bucket policy's allow.");

  // Tear down: the lock-out bucket policy goes too (as the account's root user), and nothing is left.
  await page.getByRole("link", { name: "Back to the lab" }).click();
  await rail(page).getByLabel("Lab actions").click();
  await rail(page).getByRole("button", { name: "Tear down lab" }).click();
  await rail(page).getByRole("alertdialog").getByRole("button", { name: "Tear down" }).click();
  await expect(rail(page).getByRole("region", { name: "Tear down" }).getByRole("status")).toContainText("nothing of the lab is left", { timeout: 60_000 });
});
