/**
 * The write-up as a student gets it: Lab 1 by hand as far as the silent ping and its fix, a section
 * rewritten in their own words, a terminal output pinned; then the three exports opened and read —
 * every section, every picture (its SVG parsed: edges and Name-tag labels), every output.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import zlib from "node:zlib";
import { newAccount, signUp } from "./fixtures";

const SECTIONS = ["Multi-VPC architecture", "VPC peering", "Updating route tables", "Troubleshooting Instance Connect", "Elastic IP addresses", "Troubleshooting ping issues"];
const PROMPTS = ["What is Amazon VPC?", "How I used Amazon VPC in this project", "One thing I didn't expect in this project was…", "This project took me…"];
const OWN_WORDS = "My own words: the security group of instance 2 dropped the echo without a word.";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const rail = (page: Page) => page.getByRole("navigation", { name: "Lab steps" });

async function doOpenStep(page: Page, doneAfter: number) {
  await rail(page).getByRole("button", { name: "Do it for me" }).click();
  await expect(rail(page).getByText(`${doneAfter} of 6 done`)).toBeVisible({ timeout: 30_000 });
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

  // Markdown and images.
  const zip = await download(page, "Download Markdown and images (.zip)");
  expect(zip.name).toMatch(/^vpc-lab-vpc-peering-writeup-\d{4}-\d{2}-\d{2}\.zip$/);
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

  // The PDF, printed by Chromium from that page: outline, image alt texts, and the text itself.
  const pdf = await download(page, "Download as PDF");
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
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
