/**
 * Each lab end to end by hand, as a student: the step rail, every troubleshooting moment met in the terminal
 * before it is explained, no doing step ticked before the student did it,
 * the write-up page, and the exported zip opened and read (its sections in the platform's shape, pictures, the student's outputs).
 */
import { CreateVpcCommand, CreateVpcPeeringConnectionCommand, DeleteVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import { baseURL } from "../playwright.config";
import { createAccessKey, newAccount, shoot, signUp } from "./fixtures";

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

/** Every section of the write-up is there in order, each with a picture in the zip: a real PNG, or an SVG drawn by the renderer. */
function expectSectionsWithImages(files: Record<string, Uint8Array>, headings: string[]): string {
  const markdown = strFromU8(files["README.md"]);
  const sections = markdown.split("\n").filter((line) => line.startsWith("## "));
  expect(sections).toEqual(["## Introducing today's project", "## In the first part of my project…", ...headings.map((heading) => `## ${heading}`), "## Reflection"]);
  for (const heading of headings) {
    const images = [...section(markdown, heading).matchAll(/!\[[^\]]*\]\((images\/[^)]+)\)/g)].map((match) => match[1]);
    expect(images.length, `a picture in ${heading}`).toBeGreaterThan(0);
    for (const image of images) {
      if (image.endsWith(".png")) expect([...files[image].slice(0, 8)]).toEqual(PNG_SIGNATURE);
      else expect(strFromU8(files[image])).toMatch(/^(<\?xml[^>]*>\s*)?<svg\b/);
    }
  }
  return markdown;
}

/** The Markdown section under one heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** An EC2 client with the student's sandbox keys from the Access keys page: what their AWS CLI would do. */
async function studentCli(page: Page): Promise<EC2Client> {
  const { accessKeyId, secretAccessKey } = await createAccessKey(page);
  return new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/** The open step's last check as the rail shows it: "Done" or "Not done yet", what was found, what the student did. */
function verdict(page: Page) {
  return rail(page).getByRole("status").filter({ hasText: /^(Done|Not done yet)/ });
}

async function expectNotDone(page: Page, todo: string) {
  await expect(verdict(page)).toContainText(/^Not done yet/);
  await expect(verdict(page)).toContainText(todo);
}

async function expectDone(page: Page, evidence: string | RegExp) {
  await expect(verdict(page)).toContainText(/^Done/);
  await expect(verdict(page)).toContainText(evidence);
}

async function selectInstance(page: Page, name: string) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: new RegExp(`^${name} \\(i-`) }).click();
  return page.getByRole("tabpanel", { name: "Inspect" });
}

/** Connect > EC2 Instance Connect from the instance's panel: the terminal drawer, open or refused. */
async function connect(page: Page, name: string) {
  const inspect = await selectInstance(page, name);
  await inspect.getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  return page.getByRole("region", { name: new RegExp(`EC2 Instance Connect to ${name}`) });
}

async function openTerminal(page: Page, name: string): Promise<Locator> {
  const screen = (await connect(page, name)).getByTestId("terminal");
  await expect(screen).toContainText(/\[ec2-user@ip-[\d-]+ ~\]\$/, { timeout: 20_000 });
  return screen;
}

/** Types a line into the terminal, as the student does (clicking it first to give it the keyboard). */
async function run(screen: Locator, line: string) {
  await screen.click();
  await screen.page().keyboard.type(line);
  await screen.page().keyboard.press("Enter");
}

async function giveElasticIp(page: Page, name: string) {
  const inspect = await selectInstance(page, name);
  await inspect.getByRole("button", { name: "Allocate an Elastic IP and associate it" }).click();
  await expect(inspect.getByText(/^Elastic IP /)).toBeVisible();
}

async function privateIp(page: Page, name: string): Promise<string> {
  const inspect = await selectInstance(page, name);
  const value = inspect.locator("dt", { hasText: /^Private IPv4$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(value).toHaveText(/^\d+\.\d+\.\d+\.\d+$/);
  return (await value.textContent())!.trim();
}

async function expectDoneCount(page: Page, done: number, total: number) {
  await expect(rail(page).getByText(`${done} of ${total} done`)).toBeVisible();
}

test("Lab 1 by hand: the overlapping peering, the Instance Connect refusal and the silent ping met in the terminal before they are explained, no step ticked before its work, then the write-up exported", async ({ page }) => {
  test.setTimeout(300_000);
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
  // AWS refuses to delete a failed connection (InvalidStateTransition): neither the rail nor the connection's panel asks for it.
  await expect(moment(page, "The peering connection failed")).toContainText("A failed connection cannot be accepted or deleted");
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^pcx-/ }).click();
  const failedPanel = page.getByRole("tabpanel", { name: "Inspect" });
  await expect(failedPanel.getByRole("alert")).toContainText("AWS does not let you accept or delete a failed connection");
  await expect(failedPanel.getByText("None: AWS allows no action on a failed connection.")).toBeVisible();
  await expect(failedPanel.getByRole("button", { name: "Delete peering connection" })).toHaveCount(0);
  // The fix: start again with two ranges that do not overlap (do-it-for-me builds 10.1.0.0/16 and 10.2.0.0/16).
  for (const vpcId of [first, second]) await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
  await page.reload();

  for (let done = 1; done <= 4; done++) await doOpenStep(page, done, 6);

  // Step 5 is the student's own doing: before they try, the rail says what is left and gives no surprise away.
  const connectTodo = "Select instance 1 and choose Connect > EC2 Instance Connect.";
  await openStep(page, "Connect to instance 1 with EC2 Instance Connect");
  await checkOpenStep(page);
  await expectNotDone(page, connectTodo);
  await expect(verdict(page)).not.toContainText("No public IPv4");
  await expect(moment(page, "EC2 Instance Connect refuses to connect")).toHaveCount(0);
  await expect(rail(page).getByRole("button", { name: "Show hint" })).toBeVisible();

  // The student connects, and Instance Connect refuses: the instance has no public address.
  const refused = await connect(page, "lab1-instance-1");
  await expect(refused.getByRole("alert")).toContainText("No public IPv4 address assigned");
  await shoot(page, "truth-lab1-connect-refused");
  // Met, the surprise is explained.
  await checkOpenStep(page);
  await expect(moment(page, "EC2 Instance Connect refuses to connect")).toContainText("No public IPv4 address");
  await expectDoneCount(page, 4, 6);
  await shoot(page, "truth-lab1-connect-explained");

  // The fix alone is not a connection: the step waits for one.
  await giveElasticIp(page, "lab1-instance-1");
  await checkOpenStep(page);
  await expectNotDone(page, connectTodo);
  await expectDoneCount(page, 4, 6);
  // Connect again (the refusal still on screen): the terminal opens.
  const terminal = await openTerminal(page, "lab1-instance-1");
  await checkOpenStep(page);
  await expectDoneCount(page, 5, 6);
  await expectDone(page, /You connected to lab1-instance-1 \(i-[0-9a-f]+\) with EC2 Instance Connect at \d\d:\d\d UTC\./);

  // Step 6: nothing is known before the student pings.
  const pingTodo = "In instance 1's terminal, run ping -c 4 followed by instance 2's private IP.";
  await openStep(page, "Ping instance 2 from instance 1");
  await checkOpenStep(page);
  await expectNotDone(page, pingTodo);
  await expect(verdict(page)).not.toContainText("security group");
  await expect(moment(page, "The ping gets no answer")).toHaveCount(0);

  // The ping from instance 1 gets no answer, silently.
  const ip2 = await privateIp(page, "lab1-instance-2");
  expect(ip2).toMatch(/^10\.2\.0\.\d+$/);
  await run(terminal, `ping -c 4 ${ip2}`);
  await expect(terminal).toContainText("4 packets transmitted, 0 received, 100% packet loss", { timeout: 30_000 });
  await checkOpenStep(page);
  const silent = moment(page, "The ping gets no answer");
  await expect(verdict(page)).toContainText(`You ran \`ping -c 4 ${ip2}\``);
  await expect(verdict(page)).toContainText("no reply (100% packet loss)");
  // The moment shows what the terminal showed.
  await expect(silent).toContainText(`$ ping -c 4 ${ip2}`);
  await expect(silent).toContainText("4 packets transmitted, 0 received, 100% packet loss");
  await expect(silent).toContainText("security group");
  await expectDoneCount(page, 5, 6);
  await shoot(page, "truth-lab1-silent-ping");

  // The fix: All ICMP - IPv4 from VPC 1 on instance 2's security group.
  const inspect = await selectInstance(page, "lab1-instance-2");
  await inspect.getByRole("button", { name: "lab1-instance-2-sg", exact: true }).click();
  await inspect.getByRole("combobox", { name: "Type" }).selectOption("all-icmp-ipv4");
  await inspect.getByRole("textbox", { name: "Source" }).fill("10.1.0.0/16");
  await inspect.getByRole("button", { name: "Add rule" }).click();
  await expect(inspect.getByRole("status").filter({ hasText: "Added inbound All ICMP - IPv4 from 10.1.0.0/16" })).toBeVisible();
  // The rule is not the step: the ping must be run again.
  await checkOpenStep(page);
  await expectNotDone(page, pingTodo);
  await expectDoneCount(page, 5, 6);
  await saveNote(page, "The security group dropped the echo silently; ICMP from 10.1.0.0/16 fixed it.");

  await run(terminal, `ping -c 4 ${ip2}`);
  await expect(terminal).toContainText("4 packets transmitted, 4 received, 0% packet loss", { timeout: 30_000 });
  await checkOpenStep(page);
  await expectDoneCount(page, 6, 6);
  await expectDone(page, new RegExp(`You ran \`ping -c 4 ${ip2.replace(/\./g, "\\.")}\` on lab1-instance-1 \\(i-[0-9a-f]+\\) at \\d\\d:\\d\\d UTC: 0% packet loss`));
  await shoot(page, "truth-lab1-done");

  await rail(page).getByRole("link", { name: "Write-up" }).click();
  await expect(page.getByRole("heading", { name: "VPC Peering — write-up" })).toBeVisible();
  await expect(page.getByText(/· 6 of 6 steps completed$/)).toBeVisible();
  // Sections without a moment show the diagram after their step; the others their moments' diagrams.
  await expect(page.getByRole("img", { name: /^Diagram after step \d$/ })).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByRole("img", { name: /^Diagram: / })).toHaveCount(4);
  await expect(page.getByText("ICMP from 10.1.0.0/16 fixed it.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/lab1-writeup-1440x900.png", fullPage: true });

  const markdown = expectSectionsWithImages(await downloadWriteup(page), [
    "Multi-VPC architecture",
    "VPC peering",
    "Updating route tables",
    "Troubleshooting Instance Connect",
    "Elastic IP addresses",
    "Troubleshooting ping issues",
  ]);
  // Steps 1-4 were Do it for me, 5 and 6 the student's own: the write-up says which.
  expect(markdown).toMatch(/^1\. Create two VPCs \(completed \d\d:\d\d UTC with Do it for me\)$/m);
  expect(markdown).toMatch(/^5\. Connect to instance 1 with EC2 Instance Connect \(completed \d\d:\d\d UTC\)$/m);
  expect(markdown).toMatch(/^\| \*\*Whole lab\*\* \| [^|]+ \| \d+ \| \d+ \| 4 \|$/m);
  const ping = section(markdown, "Troubleshooting ping issues");
  expect(ping).toContain(`$ ping -c 4 ${ip2}`);
  expect(ping).toContain("0 received, 100% packet loss");
  expect(ping).toContain("4 received, 0% packet loss");
  expect(ping).toContain("ICMP from 10.1.0.0/16 fixed it.");
  expect(section(markdown, "Troubleshooting Instance Connect")).toContain("No public IPv4 address assigned");
  expect(section(markdown, "Updating route tables")).toMatch(/10\.2\.0\.0\/16 -> pcx-[0-9a-f]+/);
});

test("Lab 2 by hand: Instance Connect refused then opened, the CLI without credentials then configured, S3 from the instance, the lock-out, the endpoint route and the endpoint policy deny, the write-up, and a teardown that leaves nothing", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Endpointer"));

  // Step 3's key, made before the lab as a student would: its secret is shown this once.
  const { accessKeyId, secretAccessKey: secret } = await createAccessKey(page);

  await page.goto("/labs/vpc-endpoints");
  // Building the architecture does nothing on the instance: steps 2 to 4 wait for the student.
  await doOpenStep(page, 1, 8);

  // Step 2: nothing given away before the student tries to connect.
  const connectTodo = "Select the instance and choose Connect > EC2 Instance Connect.";
  await openStep(page, "Connect to the instance");
  await checkOpenStep(page);
  await expectNotDone(page, connectTodo);
  await expect(moment(page, "EC2 Instance Connect refuses to connect")).toHaveCount(0);
  const refused = await connect(page, "lab2-instance");
  await expect(refused.getByRole("alert")).toContainText("No public IPv4 address assigned");
  await checkOpenStep(page);
  await expect(moment(page, "EC2 Instance Connect refuses to connect")).toContainText("No public IPv4 address");
  await expectDoneCount(page, 1, 8);
  await giveElasticIp(page, "lab2-instance");
  const terminal = await openTerminal(page, "lab2-instance");
  await checkOpenStep(page);
  await expectDoneCount(page, 2, 8);
  await expectDone(page, /You connected to lab2-instance \(i-[0-9a-f]+\) with EC2 Instance Connect/);

  // Step 3: the instance's CLI has no credentials until aws configure.
  const keysTodo = "On the instance, run aws configure with your access key, then aws sts get-caller-identity (or aws s3 ls).";
  await openStep(page, "Create access keys and configure the CLI");
  await checkOpenStep(page);
  await expectNotDone(page, keysTodo);
  await run(terminal, "aws s3 ls");
  await expect(terminal).toContainText("Unable to locate credentials");
  await checkOpenStep(page);
  await expectNotDone(page, keysTodo);
  await expect(verdict(page)).toContainText("You ran `aws s3 ls`");
  await expect(verdict(page)).toContainText("Unable to locate credentials");
  await expectDoneCount(page, 2, 8);
  await shoot(page, "truth-lab2-no-credentials");

  await run(terminal, "aws configure");
  await expect(terminal).toContainText("AWS Access Key ID [None]:");
  await run(terminal, accessKeyId);
  await run(terminal, secret);
  await run(terminal, "us-east-1");
  await run(terminal, "json");
  await run(terminal, "aws sts get-caller-identity");
  await expect(terminal).toContainText(":user/lab-user");
  await checkOpenStep(page);
  await expectDoneCount(page, 3, 8);
  await expectDone(page, "You ran `aws sts get-caller-identity`");

  // Step 4: S3 from the instance, over the internet gateway.
  const s3Todo = "On the instance, run aws s3 ls s3://YOUR-BUCKET.";
  await openStep(page, "Use S3 from the instance");
  await checkOpenStep(page);
  await expectNotDone(page, s3Todo);
  // The bucket's name, as the console lists it.
  await page.getByRole("tab", { name: "Build" }).click();
  const bucket = (await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^vpc-lab-endpoints-/ }).first().textContent())!.trim().split(" ")[0];
  expect(bucket).toMatch(/^vpc-lab-endpoints-\d{12}-[0-9a-f]{8}$/);
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("welcome.txt");
  await checkOpenStep(page);
  await expectDoneCount(page, 4, 8);
  await expectDone(page, `You ran \`aws s3 ls s3://${bucket}\``);

  await openStep(page, "Create a gateway endpoint for S3");
  await doOpenStep(page, 5, 8);

  // Step 6: the bucket policy locks everyone outside the endpoint out, this console and the instance included.
  await openStep(page, "Allow the bucket only through the endpoint");
  await doOpenStep(page, 6, 8);
  await checkOpenStep(page);
  await expect(moment(page, "Locked out of your own bucket")).toContainText("explicit deny in a resource-based policy");
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("explicit deny in a resource-based policy");
  await shoot(page, "truth-lab2-locked-out");

  // Step 7: the instance is denied until the endpoint is in its route table.
  await openStep(page, "Route S3 traffic through the endpoint");
  await checkOpenStep(page);
  await expect(moment(page, "The instance still goes over the internet")).toContainText("explicit deny in a resource-based policy");
  // The analysis tells what the listing gets now; the moment says it is that command's answer.
  await expect(moment(page, "The instance still goes over the internet")).toContainText(new RegExp(`aws s3 ls s3://${bucket} on lab2-instance \\(i-[0-9a-f]+\\) answers:`));
  await doOpenStep(page, 7, 8);

  // Step 8: a deny-all endpoint policy cuts the instance off.
  await openStep(page, "Restrict the endpoint policy");
  await saveNote(page, "Deny in the endpoint policy beats the bucket policy's allow.");
  await doOpenStep(page, 8, 8);
  await checkOpenStep(page);
  await expect(moment(page, "The endpoint policy denies")).toContainText("explicit deny in a VPC endpoint policy");
  // The verdict quotes lab-user's ARN, longer than the rail is wide: it ran off the rail's edge, cut.
  await expect(verdict(page)).toContainText(":user/lab-user");
  const [verdictBox, railBox] = [await verdict(page).boundingBox(), await rail(page).boundingBox()];
  expect(verdictBox!.x + verdictBox!.width, "the verdict's right edge").toBeLessThanOrEqual(railBox!.x + railBox!.width);
  expect(await verdict(page).evaluate((box) => box.scrollWidth - box.clientWidth), "the verdict's overflow in px").toBe(0);
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("explicit deny in a VPC endpoint policy");
  await shoot(page, "truth-lab2-endpoint-policy");

  await rail(page).getByRole("link", { name: "Write-up" }).click();
  await expect(page.getByText(/· 8 of 8 steps completed$/)).toBeVisible();
  const markdown = expectSectionsWithImages(await downloadWriteup(page), [
    "Architecture set up",
    "Access keys",
    "Connecting to my S3 bucket",
    "Uploading objects",
    "Setting up a gateway",
    "Bucket policies",
    "Route table updates",
    "Endpoint policies",
  ]);
  expect(section(markdown, "Architecture set up")).toContain("No public IPv4 address assigned");
  expect(section(markdown, "Access keys")).toContain("Unable to locate credentials");
  expect(section(markdown, "Access keys")).toContain("$ aws sts get-caller-identity");
  expect(section(markdown, "Access keys")).toContain(":user/lab-user");
  expect(section(markdown, "Connecting to my S3 bucket")).toContain(`$ aws s3 ls s3://${bucket}`);
  expect(section(markdown, "Connecting to my S3 bucket")).toContain("welcome.txt");
  expect(section(markdown, "Bucket policies")).toContain("Bucket policy saved: the console is locked out");
  expect(section(markdown, "Bucket policies")).toContain("explicit deny in a resource-based policy");
  expect(section(markdown, "Route table updates")).toMatch(/pl-63a5400a\s+vpce-[0-9a-f]+/);
  // The student's own denied run, its exact output, and the endpoint policy they wrote.
  const endpointPolicies = section(markdown, "Endpoint policies");
  expect(endpointPolicies).toContain(`$ aws s3 ls s3://${bucket}`);
  expect(endpointPolicies).toContain("explicit deny in a VPC endpoint policy");
  expect(endpointPolicies).toMatch(/"Effect":\s*"Deny"/);
  expect(endpointPolicies).toContain("beats the bucket policy's allow.");

  // Tear down: the lock-out bucket policy goes too (as the account's root user), and nothing is left.
  await page.getByRole("link", { name: "Back to the lab" }).click();
  await rail(page).getByLabel("Lab actions").click();
  await rail(page).getByRole("button", { name: "Tear down lab" }).click();
  await rail(page).getByRole("alertdialog").getByRole("button", { name: "Tear down" }).click();
  await expect(rail(page).getByRole("region", { name: "Tear down" }).getByRole("status")).toContainText("nothing of the lab is left", { timeout: 60_000 });
});
