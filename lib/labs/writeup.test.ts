import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { lab1 } from "./lab1";
import { lab2 } from "./lab2";
import type { StoredMoment } from "./moment-store";
import { buildWriteup, writeupMarkdown, writeupZip, type WriteupInput } from "./writeup";
import { writeupHtml } from "./writeup-html";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5ddb0a50000000049454e44ae426082", "hex");
const at = (minute: number) => new Date(Date.parse("2026-03-02T10:00:00Z") + minute * 60_000);
const SVG = (label: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>${label}</text></svg>`;
const LOST = "4 packets transmitted, 0 received, 100% packet loss, time 3069ms\n";
const REPLIED = "4 packets transmitted, 4 received, 0% packet loss, time 3050ms\n";

function moment(id: number, kind: string, sectionId: string, title: string, minute: number, output: string, command?: string): StoredMoment {
  return { id, runId: "run-1", key: kind, kind, sectionId, title, happenedAt: at(minute), position: id, detail: `detail of ${kind}`, command: command ?? null, output, diagramSvg: SVG(kind), pinned: kind === "pinned" };
}

function input(overrides: Partial<WriteupInput> = {}): WriteupInput {
  const snapshot = lab1Snapshot();
  const minutes = [4, 9, 12, 20, 31, 47];
  return {
    lab: lab1,
    studentName: "Ada",
    accountId: snapshot.accountId,
    region: snapshot.region,
    completedSteps: lab1.steps.map((step) => step.id),
    records: lab1.steps.map((step, index) => ({ stepId: step.id, completedAt: at(minutes[index]), ...step.evidence({ snapshot, facts: {} }), testCommand: null, testOutput: null, hasImage: true })),
    notes: { ping: "Both directions need a route: the reply travels back." },
    moments: [
      moment(1, "connect-refused", "troubleshooting-instance-connect", "EC2 Instance Connect refused", 22, "Failed to connect to your instance\nNo public IPv4 address assigned"),
      moment(2, "connected", "elastic-ip", "Connected with EC2 Instance Connect", 30, `Connected to ${LAB1.instance1}`),
      moment(3, "ping-failed", "troubleshooting-ping", "The ping got no answer (100% packet loss)", 35, LOST, `ping -c 4 ${LAB1.instance2PrivateIp}`),
      moment(4, "ping-succeeded", "troubleshooting-ping", "The ping got its replies", 46, REPLIED, `ping -c 4 ${LAB1.instance2PrivateIp}`),
    ],
    texts: { "vpc-peering": "In my own words: peering is a private bridge." },
    activity: [
      { stepId: "connect", checkAttempts: 3, hintsUsed: 1 },
      { stepId: "ping", checkAttempts: 4, hintsUsed: 2 },
    ],
    runStartedAt: at(0),
    generatedAt: at(50),
    ...overrides,
  };
}

describe("the write-up in the platform's shape", () => {
  it("has the title, summary, the four prompts, the steps, one section per idea and the reflection, in that order", () => {
    const markdown = writeupMarkdown(buildWriteup(input()));
    expect(markdown.startsWith("# VPC Peering\n\n*Connecting two VPCs with a peering connection")).toBe(true);
    expect(markdown.split("\n").filter((line) => /^#{2,3} /.test(line))).toEqual([
      "## Introducing today's project",
      "### What is Amazon VPC?",
      "### How I used Amazon VPC in this project",
      "### One thing I didn't expect in this project was…",
      "### This project took me…",
      "## In the first part of my project…",
      "## Multi-VPC architecture",
      "## VPC peering",
      "## Updating route tables",
      "## Troubleshooting Instance Connect",
      "## Elastic IP addresses",
      "## Troubleshooting ping issues",
      "## Reflection",
    ]);
    expect(markdown).toContain("1. Create two VPCs (completed 10:04 UTC)");
  });

  it("drafts each section from what happened: ids, CIDRs, what failed and what fixed it, the time the lab took", () => {
    const document = buildWriteup(input());
    const text = (id: string) => [...document.intro, ...document.sections].find((section) => section.id === id)!.text;
    expect(text("multi-vpc")).toContain(`VPC 1: ${LAB1.vpc1} (10.1.0.0/16), subnet ${LAB1.subnet1} (10.1.0.0/24)`);
    expect(text("route-tables")).toMatch(new RegExp(`I added 10\\.2\\.0\\.0/16 -> ${LAB1.pcx} and 10\\.1\\.0\\.0/16 -> ${LAB1.pcx}\\.`));
    expect(text("troubleshooting-instance-connect")).toContain('At 10:22 UTC EC2 Instance Connect refused to connect: "No public IPv4 address assigned".');
    expect(text("troubleshooting-instance-connect")).toContain("After the fix I connected at 10:30 UTC.");
    expect(text("elastic-ip")).toContain(`Elastic IP ${LAB1.instance1ElasticIp} (${LAB1.eipAllocation}) associated with ${LAB1.instance1}`);
    expect(text("troubleshooting-ping")).toContain(`At 10:35 UTC I ran \`ping -c 4 ${LAB1.instance2PrivateIp}\`: 4 packets transmitted, 0 received, 100% packet loss, time 3069ms`);
    expect(text("troubleshooting-ping")).toContain("allowing all ICMP from VPC 1's range");
    expect(text("troubleshooting-ping")).toContain("Pinging again at 10:46 UTC: 4 packets transmitted, 4 received, 0% packet loss");
    expect(text("unexpected")).toBe("EC2 Instance Connect refused: No public IPv4 address assigned");
    expect(text("took")).toBe("about 47 minutes (10:00 to 10:47 UTC), 6 of 6 steps completed.");
  });

  it("tells the ping's fix from a step record saved before the rules table had the console's columns", () => {
    const saved = input();
    const records = saved.records.map((record) =>
      record.stepId === "ping" ? { ...record, config: `Security group lab1-vpc2-sg (${LAB1.sg2}) inbound rules\nProto   Ports       Source\nicmp    all ICMP    10.1.0.0/16` } : record,
    );
    const ping = buildWriteup({ ...saved, records }).sections.find((section) => section.id === "troubleshooting-ping")!;
    expect(ping.text).toContain("allowing all ICMP from VPC 1's range");
  });

  it("says which steps Do it for me completed, in the steps, the time taken, the table and the HTML page, and never claims a session it did not open", () => {
    const saved = input({ moments: [] });
    const forMe = ["peering", "routes", "instances", "connect", "ping"];
    const document = buildWriteup({ ...saved, doneForMe: forMe });
    const markdown = writeupMarkdown(document);
    expect(markdown).toContain("1. Create two VPCs (completed 10:04 UTC)\n2. Create and accept a peering connection (completed 10:09 UTC with Do it for me)");
    expect(document.intro.find((section) => section.id === "took")!.text).toBe("about 47 minutes (10:00 to 10:47 UTC), 6 of 6 steps completed, 5 of them with Do it for me.");
    expect(markdown).toContain("| Step | Time | Check my work | Hints used | Do it for me |");
    expect(markdown).toContain("| Create two VPCs | 4 min | 0 | 0 | no |");
    expect(markdown).toContain("| Ping instance 2 from instance 1 | 16 min | 4 | 2 | yes |\n| **Whole lab** | 47 min | 7 | 3 | 5 |");
    expect(writeupHtml(document, new Map())).toContain("<td>Whole lab</td><td>47 min</td><td>7</td><td>3</td><td>5</td>");
    expect(writeupHtml(document, new Map())).toContain('Create and accept a peering connection <span class="at">completed 10:09 UTC with Do it for me</span>');
    const connect = document.sections.find((section) => section.id === "troubleshooting-instance-connect")!.text;
    expect(connect).toBe("Do it for me made instance 1 reachable for EC2 Instance Connect and ran a command on it; I have not opened a session on it myself yet.");

    const all = buildWriteup({ ...saved, doneForMe: saved.lab.steps.map((step) => step.id) });
    expect(all.intro.find((section) => section.id === "took")!.text).toBe("about 47 minutes (10:00 to 10:47 UTC), 6 of 6 steps completed, all with Do it for me.");
    const partDone = buildWriteup({ ...saved, completedSteps: ["vpcs"], doneForMe: saved.lab.steps.map((step) => step.id) });
    expect(writeupMarkdown(partDone)).toContain("2. Create and accept a peering connection (not completed yet)");
    expect(writeupMarkdown(partDone)).toContain("| Create and accept a peering connection | not completed | 0 | 0 |  |");
  });

  it("keeps the student's own words over the draft, and their step notes in the section", () => {
    const document = buildWriteup(input());
    const peering = document.sections.find((section) => section.id === "vpc-peering")!;
    expect(peering).toMatchObject({ text: "In my own words: peering is a private bridge.", edited: true });
    expect(peering.draft).toContain(LAB1.pcx);
    expect(document.sections.find((section) => section.id === "troubleshooting-ping")!.notes).toEqual(["Both directions need a route: the reply travels back."]);
  });

  it("shows each moment in its section with its picture and exact output, and the step's diagram where a section has no moment", () => {
    const markdown = writeupMarkdown(buildWriteup(input()));
    const ping = markdown.slice(markdown.indexOf("## Troubleshooting ping issues"), markdown.indexOf("## Reflection"));
    expect(ping).toContain("#### The ping got no answer (100% packet loss) (10:35 UTC)\n\n![Diagram: The ping got no answer (100% packet loss)](images/moment-3.svg)");
    expect(ping).toContain(`\`\`\`console\n$ ping -c 4 ${LAB1.instance2PrivateIp}\n${LOST.trim()}\n\`\`\``);
    expect(ping).toContain("![Diagram: The ping got its replies](images/moment-4.svg)");
    expect(markdown).toContain("## VPC peering\n\nIn my own words: peering is a private bridge.\n\n![Diagram after step 2](images/step-2.png)");
  });

  it("reports the time per step, Check my work attempts and hints used", () => {
    const { reflection } = buildWriteup(input());
    expect(reflection.rows.map((row) => [row.stepId, row.minutes, row.checkAttempts, row.hintsUsed])).toEqual([
      ["vpcs", 4, 0, 0],
      ["peering", 5, 0, 0],
      ["routes", 3, 0, 0],
      ["instances", 8, 0, 0],
      ["connect", 11, 3, 1],
      ["ping", 16, 4, 2],
    ]);
    expect(reflection).toMatchObject({ totalMinutes: 47, checkAttempts: 7, hintsUsed: 3 });
    expect(writeupMarkdown(buildWriteup(input()))).toContain("| Ping instance 2 from instance 1 | 16 min | 4 | 2 | no |\n| **Whole lab** | 47 min | 7 | 3 | 0 |");
  });

  it("says a lab built in seconds took under a minute, and a long one its hours, in the text, the table and the HTML page", () => {
    const seconds = (second: number) => new Date(Date.parse("2026-03-02T10:00:00Z") + second * 1000);
    const quick = input({ runStartedAt: seconds(0) });
    quick.records = quick.records.map((record, index) => ({ ...record, completedAt: seconds(2 + index * 3) }));
    const document = buildWriteup(quick);
    const took = document.intro.find((section) => section.id === "took")!.text;
    expect(took).toBe("under a minute (10:00 to 10:00 UTC), 6 of 6 steps completed.");
    expect(writeupMarkdown(document)).toContain("| Ping instance 2 from instance 1 | under 1 min | 4 | 2 | no |\n| **Whole lab** | under 1 min | 7 | 3 | 0 |");
    expect(writeupHtml(document, new Map())).toContain("<td>Whole lab</td><td>under 1 min</td>");

    const long = input();
    long.records = long.records.map((record, index) => ({ ...record, completedAt: at([4, 9, 12, 20, 31, 95][index]) }));
    const hours = buildWriteup(long);
    expect(hours.intro.find((section) => section.id === "took")!.text).toBe("about 1 h 35 min (10:00 to 11:35 UTC), 6 of 6 steps completed.");
    expect(writeupMarkdown(hours)).toContain("| **Whole lab** | 1 h 35 min | 7 | 3 | 0 |");
  });

  it("zips README.md with every image it names, which Python's zipfile reads back byte for byte", () => {
    const document = buildWriteup(input());
    const zip = writeupZip(document, new Map(lab1.steps.map((step) => [step.id, PNG])), new Date(2026, 2, 2, 10, 15, 0));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "writeup-"));
    try {
      const file = path.join(dir, "w.zip");
      fs.writeFileSync(file, zip);
      // Python's zipfile (the AWS CLI's interpreter is always there) is a reader independent of the writer.
      execFileSync("python3", ["-m", "zipfile", "-e", file, dir]);
      expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toBe(writeupMarkdown(document));
      expect(fs.readFileSync(path.join(dir, "images/step-4.png")).equals(PNG)).toBe(true);
      expect(fs.readFileSync(path.join(dir, "images/moment-3.svg"), "utf8")).toBe(SVG("ping-failed"));
      const listing = execFileSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist()))", file]).toString().trim().split("\n");
      expect(listing).toEqual(["README.md", "images/step-4.png", "images/step-2.png", "images/step-3.png", "images/moment-1.svg", "images/moment-2.svg", "images/moment-3.svg", "images/moment-4.svg"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is one self-contained HTML page: images inlined, the student's text escaped", () => {
    const html = writeupHtml(buildWriteup(input({ texts: { "vpc-peering": "<script>alert(1)</script>" } })), new Map([["instances", PNG]]));
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/<script|src="(?!data:)|href=/);
    const images = [...html.matchAll(/<img src="data:([^;]+);base64,([^"]+)" alt="([^"]+)">/g)];
    expect(images.map((match) => match[3])).toEqual(["Diagram after step 4", "Diagram: EC2 Instance Connect refused", "Diagram: Connected with EC2 Instance Connect", "Diagram: The ping got no answer (100% packet loss)", "Diagram: The ping got its replies"]);
    expect(Buffer.from(images[3][2], "base64").toString("utf8")).toBe(SVG("ping-failed"));
  });
});

describe("a write-up of a lab not finished claims only what was done", () => {
  const partDone = (lab: typeof lab1, snapshot: ReturnType<typeof lab1Snapshot>, done: number): WriteupInput => {
    const steps = lab.steps.slice(0, done);
    return {
      ...input({ lab, moments: [], texts: {}, activity: [] }),
      accountId: snapshot.accountId,
      completedSteps: steps.map((step) => step.id),
      records: steps.map((step, index) => ({ stepId: step.id, completedAt: at(5 * (index + 1)), ...step.evidence({ snapshot, facts: {} }), testCommand: null, testOutput: null, hasImage: false })),
      current: { snapshot, facts: {} },
    };
  };
  const textsOf = (document: ReturnType<typeof buildWriteup>) => (id: string) => [...document.intro, ...document.sections].find((section) => section.id === id)!.text;

  it("Lab 2 after its first two steps: no endpoint, bucket policy or surprise it never met (the drafts said the whole lab was done)", () => {
    const text = textsOf(buildWriteup(partDone(lab2, lab2Snapshot(), 2)));
    expect(text("how-used")).toMatch(/^So far I built a VPC with one public instance and an S3 bucket and connected to the instance\. \(/);
    expect(text("unexpected")).toBe("Nothing has surprised me yet.");
    expect(text("connecting-s3")).toBe("I have not listed the bucket from the instance yet.");
    expect(text("bucket-policies")).toContain("I have not added one yet.");
    expect(text("bucket-policies")).not.toContain("I added");
    expect(text("uploading")).not.toContain("from the console");
    // What the bucket held is not known here: the draft does not say it held nothing.
    expect(text("uploading")).toBe("I have not uploaded an object from the instance yet.");
  });

  it("Lab 2: the objects the bucket held are those listed when the lab was set up, and said so (it may hold more now, and a locked bucket cannot be listed)", () => {
    const done = partDone(lab2, lab2Snapshot(), 2);
    const facts = { objects: { bucket: lab2Snapshot().buckets[0].name, keys: ["a.txt", "b.txt"] } };
    const records = done.records.map((record) => (record.stepId === "architecture" ? { ...record, ...lab2.steps[0].evidence({ snapshot: lab2Snapshot(), facts }) } : record));
    expect(textsOf(buildWriteup({ ...done, records }))("uploading")).toBe("When I set up the lab, the bucket held a.txt, b.txt. I have not uploaded an object from the instance yet.");
  });

  it("Lab 1 before any step: nothing built, nothing learned yet", () => {
    const document = buildWriteup(partDone(lab1, lab1Snapshot(), 0));
    const text = textsOf(document);
    expect(text("how-used")).toBe("I have not completed a step yet.");
    // The reflection's whole-lab time says why it has none (the cell was blank).
    expect(writeupMarkdown(document)).toContain("| **Whole lab** | no step completed yet | 0 | 0 |");
    expect(text("unexpected")).toBe("Nothing has surprised me yet.");
    expect(text("multi-vpc")).toBe("I have not created the two VPCs yet.");
  });

  it("Lab 2 finished: the whole lab's sentence and the lesson of the endpoint route", () => {
    const text = textsOf(buildWriteup(partDone(lab2, lab2Snapshot(), lab2.steps.length)));
    expect(text("how-used")).toMatch(/^I used a VPC with one public instance to reach my S3 bucket, first over the internet gateway/);
    expect(text("unexpected")).toBe("that a gateway endpoint does nothing until a route table uses it.");
    expect(text("bucket-policies")).toMatch(/^I added a bucket policy/);
  });
});
