/**
 * The write-up as a student gets it: Lab 1 by hand as far as the silent ping and its fix, a section
 * rewritten in their own words, a terminal output pinned; then the three exports opened and read —
 * every section, every picture (its SVG parsed: edges and Name-tag labels), every output. Lab 2 by
 * hand from its built start: each troubleshooting moment on the write-up page and in the zip, with
 * its picture as it was then and the exact output the student saw.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import zlib from "node:zlib";
import { createAccessKey, newAccount, signUp, VIEWPORTS } from "./fixtures";

const SECTIONS = ["Multi-VPC architecture", "VPC peering", "Updating route tables", "Troubleshooting Instance Connect", "Elastic IP addresses", "Troubleshooting ping issues"];
const PROMPTS = ["What is Amazon VPC?", "How I used Amazon VPC in this project", "One thing I didn't expect in this project was…", "This project took me…"];
const OWN_WORDS = "My own words: the security group of instance 2 dropped the echo without a word.";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const rail = (page: Page) => page.getByRole("navigation", { name: "Lab steps" });

async function doOpenStep(page: Page, doneAfter: number, total = 6) {
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText(`${doneAfter} of ${total} done`)).toBeVisible({ timeout: 30_000 });
}

/** Check my work: the check also captures the moments it sees, with the diagram as it is now. */
async function checkMyWork(page: Page) {
  await rail(page).getByRole("button", { name: "Check my work" }).click();
  await expect(rail(page).getByRole("button", { name: "Checking…" })).toHaveCount(0, { timeout: 30_000 });
}

const resources = (page: Page) => page.getByRole("navigation", { name: "Resources" });
const inspector = (page: Page) => page.getByRole("tabpanel", { name: "Inspect" });

async function selectResource(page: Page, name: RegExp) {
  await page.getByRole("tab", { name: "Build" }).click();
  await resources(page).getByRole("button", { name }).first().click();
  return inspector(page);
}

async function selectInstance(page: Page, name: string) {
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: new RegExp(`^${name} \\(i-`) }).click();
  return page.getByRole("tabpanel", { name: "Inspect" });
}

async function connect(page: Page, name: string) {
  const inspect = await selectInstance(page, name);
  await inspect.getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  return page.getByRole("region", { name: new RegExp(`EC2 Instance Connect to ${name}`) });
}

async function run(screen: Locator, line: string) {
  await screen.click();
  await screen.page().keyboard.type(line);
  await screen.page().keyboard.press("Enter");
}

async function download(page: Page, link: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path()) as string) };
}

/** Whole-page screenshots at the projector's and the laptop's size, kept with the test's artifacts (test-results/screens). */
async function shootWholePage(page: Page, name: string) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `test-results/screens/${name}-${viewport.width}x${viewport.height}.png`, fullPage: true });
  }
}

type XmlNode = { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string };

function parseSvg(svg: string): XmlNode {
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).not.toMatch(/foreignObject/i);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", parseAttributeValue: false });
  const toNode = (raw: Record<string, unknown>): XmlNode => {
    const name = Object.keys(raw).find((key) => key !== ":@")!;
    const value = raw[name];
    const children = Array.isArray(value) ? (value as Array<Record<string, unknown>>).filter((child) => !("#text" in child)).map(toNode) : [];
    const text = Array.isArray(value) ? (value as Array<Record<string, unknown>>).filter((child) => "#text" in child).map((child) => String(child["#text"])).join("") : "";
    return { name, attributes: (raw[":@"] as Record<string, string>) ?? {}, children, text };
  };
  return toNode((parser.parse(svg) as Array<Record<string, unknown>>).find((node) => "svg" in node)!);
}

function all(node: XmlNode): XmlNode[] {
  return [node, ...node.children.flatMap(all)];
}

/** A diagram of the student's two peered VPCs: the peering edge between the VPC boxes, other edges, and the instances' Name tags. */
function expectDiagram(svg: string) {
  const elements = all(parseSvg(svg));
  const peering = elements.find((element) => element.attributes["data-peering"]?.startsWith("pcx-"));
  expect(peering?.attributes["data-status"]).toBe("active");
  for (const vpc of [peering!.attributes["data-source"], peering!.attributes["data-target"]]) expect(elements.some((element) => element.attributes["data-kind"] === "vpc" && element.attributes["data-id"] === vpc)).toBe(true);
  expect(elements.filter((element) => element.name === "path" && element.attributes["data-edge"]).length).toBeGreaterThan(2);
  const labels = elements.filter((element) => element.name === "text" || element.name === "tspan").map((element) => element.text);
  for (const name of ["lab1-instance-1", "lab1-instance-2"]) expect(labels.some((label) => label.includes(name))).toBe(true);
}

/** The PDF's objects: each one's dictionary, and its stream inflated. */
function pdfObjects(pdf: Buffer): { dicts: Map<string, string>; streams: Map<string, string> } {
  const source = pdf.toString("latin1");
  const dicts = new Map<string, string>();
  const streams = new Map<string, string>();
  for (const match of source.matchAll(/(?:^|\s)(\d+) 0 obj\b/g)) {
    const start = match.index! + match[0].length;
    const end = source.indexOf("endobj", start);
    const streamAt = source.indexOf("stream", start);
    const hasStream = streamAt !== -1 && streamAt < end;
    const dict = source.slice(start, hasStream ? streamAt : end);
    dicts.set(match[1], dict);
    if (!hasStream) continue;
    const dataStart = streamAt + (source[streamAt + 6] === "\r" ? 8 : 7);
    const bytes = pdf.subarray(dataStart, dataStart + Number(/\/Length (\d+)/.exec(dict)![1]));
    streams.set(match[1], (/FlateDecode/.test(dict) ? zlib.inflateSync(bytes) : bytes).toString("latin1"));
  }
  return { dicts, streams };
}

/** A ToUnicode CMap: glyph code to text. */
function cmapOf(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const unicode = (hex: string) => String.fromCodePoint(...hex.match(/.{4}/g)!.map((part) => parseInt(part, 16)));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const [, code, value] of block[1].matchAll(/<([0-9A-F]+)>\s*<([0-9A-F]+)>/gi)) map.set(parseInt(code, 16), unicode(value));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, from, to, value] of block[1].matchAll(/<([0-9A-F]+)>\s*<([0-9A-F]+)>\s*<([0-9A-F]+)>/gi))
      for (let code = parseInt(from, 16); code <= parseInt(to, 16); code++) map.set(code, String.fromCodePoint(parseInt(value, 16) + code - parseInt(from, 16)));
  return map;
}

/** The PDF's text, read as a viewer does: each font's ToUnicode map applied to the glyphs its text operators show. */
function pdfText(pdf: Buffer): string {
  const { dicts, streams } = pdfObjects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const [number, dict] of dicts) {
    const toUnicode = /\/Type\s*\/Font\b[\s\S]*?\/ToUnicode (\d+) 0 R/.exec(dict);
    if (toUnicode) fonts.set(number, cmapOf(streams.get(toUnicode[1]) ?? ""));
  }
  const names = new Map<string, Map<number, string>>();
  for (const dict of dicts.values()) for (const match of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) if (fonts.has(match[2])) names.set(match[1], fonts.get(match[2])!);
  let text = "";
  for (const content of streams.values()) {
    if (!/\bBT\b/.test(content)) continue;
    let font = new Map<number, string>();
    for (const token of content.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9A-F]*)>|[\d.-]+ ([\d.-]+) Td|\b(ET)\b/gi)) {
      if (token[1]) font = names.get(token[1]) ?? new Map();
      else if (token[2] !== undefined) text += token[2].match(/.{4}/g)?.map((hex) => font.get(parseInt(hex, 16)) ?? "").join("") ?? "";
      else if ((token[3] !== undefined && Number(token[3]) !== 0) || token[4]) text += "\n";
    }
  }
  return text;
}

test("the write-up of Lab 1 done by hand: the refusal and the silent ping captured as they happened, the student's words and a pinned output, exported as Markdown, HTML and PDF", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Writer"));
  await page.goto("/labs/vpc-peering");
  for (let done = 1; done <= 4; done++) await doOpenStep(page, done);

  // Instance Connect refuses (no public address); an Elastic IP fixes it.
  await expect((await connect(page, "lab1-instance-1")).getByRole("alert")).toContainText("No public IPv4 address assigned");
  const inspect1 = await selectInstance(page, "lab1-instance-1");
  await inspect1.getByRole("button", { name: "Allocate an Elastic IP and associate it" }).click();
  await expect(inspect1.getByText(/^Elastic IP /)).toBeVisible();
  const drawer = await connect(page, "lab1-instance-1");
  const terminal = drawer.getByTestId("terminal");
  await expect(terminal).toContainText(/\[ec2-user@ip-[\d-]+ ~\]\$/, { timeout: 20_000 });

  // The ping gets no answer; ICMP from VPC 1 on instance 2's security group fixes it.
  const inspect2 = await selectInstance(page, "lab1-instance-2");
  const ip2 = (await inspect2.locator("dt", { hasText: /^Private IPv4$/ }).locator("xpath=following-sibling::dd[1]").textContent())!.trim();
  await run(terminal, `ping -c 4 ${ip2}`);
  await expect(terminal).toContainText("4 packets transmitted, 0 received, 100% packet loss", { timeout: 30_000 });
  await inspect2.getByRole("button", { name: "lab1-instance-2-sg", exact: true }).click();
  await inspect2.getByRole("combobox", { name: "Type" }).selectOption("all-icmp-ipv4");
  await inspect2.getByRole("textbox", { name: "Source" }).fill("10.1.0.0/16");
  await inspect2.getByRole("button", { name: "Add rule" }).click();
  await expect(inspect2.getByRole("status").filter({ hasText: "Added inbound All ICMP - IPv4 from 10.1.0.0/16" })).toBeVisible();
  await run(terminal, `ping -c 4 ${ip2}`);
  await expect(terminal).toContainText("4 packets transmitted, 4 received, 0% packet loss", { timeout: 30_000 });
  await run(terminal, "hostname");
  await expect(terminal).toContainText(/ip-10-1-0-\d+\.ec2\.internal/);
  // The student pins what the terminal just printed.
  await drawer.getByRole("button", { name: "Pin to write-up" }).click();
  await expect(drawer.getByRole("status")).toHaveText("Pinned to the write-up.");

  await page.goto("/labs/vpc-peering/writeup");
  await expect(page.getByRole("heading", { name: "VPC Peering — write-up" })).toBeVisible();
  for (const heading of [...SECTIONS, "Introducing today's project", "In the first part of my project…", "Reflection"]) await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  await expect(page.getByRole("figure", { name: "The ping got no answer (100% packet loss)" })).toContainText("0 received, 100% packet loss");
  await expect(page.getByRole("figure", { name: "EC2 Instance Connect refused" })).toContainText("No public IPv4 address assigned");

  // Their own words replace the draft, and stay.
  const pingSection = page.getByRole("region", { name: "Troubleshooting ping issues" });
  await expect(pingSection).toContainText("Draft from what happened");
  await pingSection.getByRole("button", { name: "Edit “Troubleshooting ping issues”" }).click();
  await pingSection.getByRole("textbox", { name: "Troubleshooting ping issues" }).fill(OWN_WORDS);
  await pingSection.getByRole("button", { name: "Save" }).click();
  await expect(pingSection.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(pingSection).toContainText(OWN_WORDS);
  await expect(pingSection).toContainText("Your words");
  const pinned = page.getByRole("figure", { name: /^Pinned from i-[0-9a-f]+'s terminal$/ });
  await expect(pinned).toContainText("$ hostname");
  await shootWholePage(page, "writeup-lab1-page");
  await page.setViewportSize({ width: 1440, height: 900 });

  // Markdown and images.
  const zip = await download(page, "Download Markdown and images (.zip)");
  expect(zip.name).toMatch(/^vpc-lab-vpc-peering-writeup-\d{4}-\d{2}-\d{2}\.zip$/);
  fs.writeFileSync("test-results/screens/writeup-lab1.zip", zip.bytes);
  const files = unzipSync(new Uint8Array(zip.bytes));
  const markdown = strFromU8(files["README.md"]);
  expect(markdown.split("\n").filter((line) => line.startsWith("## "))).toEqual(["## Introducing today's project", "## In the first part of my project…", ...SECTIONS.map((heading) => `## ${heading}`), "## Reflection"]);
  for (const prompt of PROMPTS) expect(markdown).toContain(`### ${prompt}\n\n`);
  const pingMarkdown = markdown.slice(markdown.indexOf("## Troubleshooting ping issues"), markdown.indexOf("## Reflection"));
  expect(pingMarkdown).toContain(OWN_WORDS);
  expect(pingMarkdown).toContain(`$ ping -c 4 ${ip2}\nPING ${ip2}`);
  expect(pingMarkdown).toContain("4 packets transmitted, 0 received, 100% packet loss");
  expect(pingMarkdown).toContain("4 packets transmitted, 4 received, 0% packet loss");
  expect(pingMarkdown).toMatch(/#### Pinned from i-[0-9a-f]+'s terminal/);
  expect(pingMarkdown).toMatch(/\$ hostname\nip-10-1-0-\d+\.ec2\.internal/);
  const images = [...markdown.matchAll(/!\[[^\]]*\]\((images\/[^)]+)\)/g)].map((match) => match[1]);
  expect(images.filter((image) => image.endsWith(".svg")).length).toBe(5);
  for (const image of images) {
    expect(files[image], image).toBeDefined();
    if (image.endsWith(".png")) expect([...files[image].slice(0, 8)]).toEqual(PNG_SIGNATURE);
    else expectDiagram(strFromU8(files[image]));
  }
  // Every section has its picture.
  for (const heading of SECTIONS) expect(markdown.slice(markdown.indexOf(`## ${heading}\n`)).split("\n## ")[0]).toMatch(/!\[[^\]]*\]\(images\//);

  // One HTML page: the same sections, every image inlined.
  const html = (await download(page, "Download as one HTML page")).bytes.toString("utf8");
  expect(html).not.toMatch(/<script|src="(?!data:)/);
  for (const heading of SECTIONS) expect(html).toContain(`<h2>${heading}</h2>`);
  expect(html).toContain(OWN_WORDS);
  expect(html).toContain("4 packets transmitted, 0 received, 100% packet loss");
  const inlined = [...html.matchAll(/<img src="data:(image\/[a-z+]+);base64,([^"]+)" alt="([^"]+)">/g)];
  expect(inlined.length).toBe(images.length);
  for (const [, type, data] of inlined) if (type === "image/svg+xml") expectDiagram(Buffer.from(data, "base64").toString("utf8"));
  const exported = await page.context().newPage();
  await exported.setContent(html);
  await shootWholePage(exported, "writeup-lab1-html");
  await exported.close();

  // The PDF, printed by Chromium from that page: outline, image alt texts, and the text itself.
  const pdf = await download(page, "Download as PDF");
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  fs.writeFileSync("test-results/screens/writeup-lab1.pdf", pdf.bytes);
  const raw = pdf.bytes.toString("latin1");
  for (const heading of ["Troubleshooting ping issues", "Multi-VPC architecture", "Elastic IP addresses", "Reflection"]) expect(raw).toContain(`/Title (${heading})`);
  expect([...raw.matchAll(/\/Alt \(Diagram/g)].length).toBe(images.length);
  const text = pdfText(pdf.bytes).replace(/\s+/g, " ");
  expect(text).toContain("4 packets transmitted, 0 received, 100% packet loss");
  expect(text).toContain("No public IPv4 address assigned");
  expect(text).toContain("the security group of instance 2 dropped the echo");
  // The diagrams are vector in the PDF: their labels are text.
  expect(text).toContain("lab1-instance-2");
});

/** A picture of Lab 2 as it was at a moment: the lab's VPC, the edges drawn then (and not those that came later), the Name tags as labels. */
function expectLab2Diagram(svg: string, edges: { has: string[]; lacks: string[] }) {
  const elements = all(parseSvg(svg));
  const labels = elements.filter((element) => element.name === "text" || element.name === "tspan").map((element) => element.text);
  for (const name of ["lab2-vpc", "lab2-instance"]) expect(labels.some((label) => label.includes(name)), name).toBe(true);
  expect(elements.some((element) => element.attributes["data-kind"] === "vpc")).toBe(true);
  const kinds = new Set(elements.filter((element) => element.name === "path" && element.attributes["data-edge"]).map((element) => element.attributes["data-edge"]));
  for (const kind of edges.has) expect(kinds.has(kind), `${kind} edge`).toBe(true);
  for (const kind of edges.lacks) expect(kinds.has(kind), `no ${kind} edge yet`).toBe(false);
}

/** A terminal's text as the write-up keeps it, blank lines aside (the CLI prints a blank line before an error). */
const withoutBlankLines = (text: string) => text.replace(/\n\s*\n/g, "\n").trim();

/** One moment's part of the Markdown: its heading down to the next moment or section. */
function momentMarkdown(markdown: string, title: string): string {
  const start = markdown.indexOf(`#### ${title} (`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + 1);
  const end = rest.search(/\n#{2,4} /);
  return markdown.slice(start, end === -1 ? undefined : start + 1 + end);
}

test("the write-up of Lab 2 done by hand: the CLI without then with credentials, the lock-out, AccessDenied, the endpoint route and the endpoint-policy deny, each with its picture and exact output, on the page and in the zip", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Endpoint writer"));
  const keys = await createAccessKey(page);
  await page.goto("/labs/vpc-endpoints");
  // The start of Lab 2 (a VPC, an instance, a bucket with objects) by Do it for me; the rest by hand.
  await doOpenStep(page, 1, 8);
  await expect((await connect(page, "lab2-instance")).getByRole("alert")).toContainText("No public IPv4 address assigned");
  const instance = await selectInstance(page, "lab2-instance");
  await instance.getByRole("button", { name: "Allocate an Elastic IP and associate it" }).click();
  await expect(instance.getByText(/^Elastic IP /)).toBeVisible();
  const terminal = (await connect(page, "lab2-instance")).getByTestId("terminal");
  await expect(terminal).toContainText(/\[ec2-user@ip-[\d-]+ ~\]\$/, { timeout: 20_000 });

  // The CLI without credentials, then configured with the key from the Access keys page.
  await run(terminal, "aws s3 ls");
  await expect(terminal).toContainText("Unable to locate credentials");
  await run(terminal, "aws configure");
  await expect(terminal).toContainText("AWS Access Key ID [None]:");
  for (const answer of [keys.accessKeyId, keys.secretAccessKey, "us-east-1", "json"]) await run(terminal, answer);
  await run(terminal, "aws sts get-caller-identity");
  await expect(terminal).toContainText(":user/lab-user");
  await page.getByRole("tab", { name: "Build" }).click();
  const bucket = (await resources(page).getByRole("button", { name: /^vpc-lab-endpoints-/ }).first().textContent())!.trim().split(" ")[0];
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("welcome.txt");
  await checkMyWork(page);

  // A gateway endpoint, no route table yet; the bucket locked to it: the console is locked out, and so is the instance.
  const vpc = await selectResource(page, /^lab2-vpc \(vpc-/);
  await vpc.getByRole("button", { name: "Create gateway endpoint for S3" }).click();
  const endpointId = (await inspector(page).getByText(/^vpce-[0-9a-f]+$/).first().textContent())!;
  const bucketPanel = await selectResource(page, /^vpc-lab-endpoints-/);
  await bucketPanel.getByRole("button", { name: `Deny unless through ${endpointId}` }).click();
  await bucketPanel.getByRole("button", { name: "Save policy" }).click();
  await expect(bucketPanel.getByRole("alert").filter({ hasText: "Insufficient permissions to list objects" })).toBeVisible();
  await checkMyWork(page);
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("explicit deny in a resource-based policy");

  // The endpoint's route (to S3's prefix list) in the subnet's route table: the instance lists the bucket again.
  const endpoint = await selectResource(page, new RegExp(`(^|\\()${endpointId}\\)?$`));
  await endpoint.getByRole("checkbox", { name: /lab2-vpc-rtb-public/ }).check();
  await endpoint.getByRole("button", { name: "Save route tables" }).click();
  await expect(endpoint.getByRole("status").filter({ hasText: `Updated the route tables of ${endpointId}.` })).toBeVisible();
  await checkMyWork(page);
  await run(terminal, "clear");
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("welcome.txt");

  // A deny-everything endpoint policy: the instance is denied by the endpoint this time.
  await selectResource(page, new RegExp(`(^|\\()${endpointId}\\)?$`));
  await endpoint.getByRole("button", { name: "Deny everything" }).click();
  await endpoint.getByRole("button", { name: "Save policy" }).click();
  await expect(endpoint.getByRole("status").filter({ hasText: `Saved the policy of ${endpointId}.` })).toBeVisible();
  await run(terminal, `aws s3 ls s3://${bucket}`);
  await expect(terminal).toContainText("explicit deny in a VPC endpoint policy");

  const denied = (policy: string) =>
    `An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:iam::${keys.accountId}:user/lab-user is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${bucket}" with an explicit deny in ${policy}`;
  const beforeEndpoint = { has: ["internet-route"], lacks: ["endpoint-service", "endpoint-route"] };
  const moments = [
    { title: "The CLI had no credentials yet", section: "Access keys", output: `$ aws s3 ls\nUnable to locate credentials. You can configure credentials by running "aws configure".`, edges: beforeEndpoint },
    { title: "The CLI answered with my access key", section: "Access keys", output: new RegExp(`^\\$ aws sts get-caller-identity\\n\\{[\\s\\S]*"Account": "${keys.accountId}",\\s*"Arn": "arn:aws:iam::${keys.accountId}:user/lab-user"\\s*\\}$`), edges: beforeEndpoint },
    { title: "Bucket policy saved: the console is locked out", section: "Bucket policies", output: `Listing ${bucket} from the console:\nAccessDenied`, edges: { has: ["internet-route", "endpoint-service"], lacks: ["endpoint-route"] } },
    { title: "AccessDenied from the instance", section: "Bucket policies", output: `$ aws s3 ls s3://${bucket}\n${denied("a resource-based policy")}`, edges: { has: ["internet-route", "endpoint-service"], lacks: [] } },
    { title: "The endpoint's route was added", section: "Route table updates", output: new RegExp(`^rtb-[0-9a-f]+: pl-63a5400a -> ${endpointId} \\(active\\)$`), edges: { has: ["internet-route", "endpoint-service", "endpoint-route"], lacks: [] } },
    { title: "The endpoint policy denied the instance", section: "Endpoint policies", output: `$ aws s3 ls s3://${bucket}\n${denied("a VPC endpoint policy")}`, edges: { has: ["internet-route", "endpoint-service", "endpoint-route"], lacks: [] } },
  ];
  const expectOutput = (text: string, output: string | RegExp) => (typeof output === "string" ? expect(withoutBlankLines(text)).toBe(output) : expect(withoutBlankLines(text)).toMatch(output));

  await page.goto("/labs/vpc-endpoints/writeup");
  await expect(page.getByRole("heading", { name: "VPC Endpoints — write-up" })).toBeVisible();
  await shootWholePage(page, "writeup-lab2-page");
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const moment of moments) {
    const figure = page.getByRole("region", { name: moment.section, exact: true }).getByRole("figure", { name: moment.title, exact: true });
    await expect(figure).toBeVisible();
    expectOutput((await figure.getByLabel(`Output: ${moment.title}`, { exact: true }).textContent())!, moment.output);
    const picture = await page.request.get((await figure.getByRole("img").getAttribute("src"))!);
    expectLab2Diagram(await picture.text(), moment.edges);
  }

  const zip = await download(page, "Download Markdown and images (.zip)");
  fs.writeFileSync("test-results/screens/writeup-lab2.zip", zip.bytes);
  const files = unzipSync(new Uint8Array(zip.bytes));
  const markdown = strFromU8(files["README.md"]);
  for (const moment of moments) {
    const part = momentMarkdown(markdown, moment.title);
    const section = markdown.slice(0, markdown.indexOf(part)).split("\n## ").at(-1)!;
    expect(section.split("\n")[0], moment.title).toBe(moment.section);
    const image = /!\[[^\]]*\]\((images\/[^)]+\.svg)\)/.exec(part)![1];
    expectLab2Diagram(strFromU8(files[image]), moment.edges);
    expectOutput(/```console\n([\s\S]*?)\n```/.exec(part)![1], moment.output);
  }
});
