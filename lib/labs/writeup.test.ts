import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lab1Snapshot } from "@/lib/analysis/fixtures";
import { lab1 } from "./lab1";
import { buildWriteupMarkdown, writeupZip } from "./writeup";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5ddb0a50000000049454e44ae426082", "hex");

function writeup() {
  const snapshot = lab1Snapshot();
  const completedAt = new Date("2026-03-02T10:15:00Z");
  return buildWriteupMarkdown({
    lab: lab1,
    studentName: "Ada",
    accountId: snapshot.accountId,
    region: snapshot.region,
    completedSteps: lab1.steps.map((step) => step.id),
    records: lab1.steps.map((step, index) => ({
      stepId: step.id,
      completedAt,
      ...step.evidence({ snapshot, facts: {} }),
      testCommand: step.id === "ping" ? "ping -c 4 10.2.0.25" : null,
      testOutput: step.id === "ping" ? "4 packets transmitted, 4 received, 0% packet loss, time 3050ms\n" : null,
      hasImage: index !== 1,
    })),
    notes: { routes: "Both directions need a route: the reply travels back." },
    generatedAt: completedAt,
  });
}

describe("the write-up", () => {
  it("has a section per step with its diagram, configuration, test output and notes", () => {
    const markdown = writeup();
    expect(markdown.startsWith("# VPC Peering — lab write-up\n\nAda · AWS account 111122223333 · us-east-1 · generated 2026-03-02 10:15 UTC\n\n6 of 6 steps completed.")).toBe(true);
    const headings = markdown.split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual([
      "## Step 1 — Create two VPCs",
      "## Step 2 — Create and accept a peering connection",
      "## Step 3 — Route each VPC to the other",
      "## Step 4 — Launch an instance in each VPC",
      "## Step 5 — Connect to instance 1 with EC2 Instance Connect",
      "## Step 6 — Ping instance 2 from instance 1",
    ]);
    expect(markdown).toContain("![Diagram after step 1](images/step-1.png)");
    expect(markdown).not.toContain("images/step-2.png");
    expect(markdown).toContain("```console\n$ ping -c 4 10.2.0.25\n4 packets transmitted, 4 received, 0% packet loss, time 3050ms\n```");
    expect(markdown).toContain("10.2.0.0/16         pcx-0123456789abcdef0     active");
    expect(markdown).toContain("### Notes\n\nBoth directions need a route: the reply travels back.");
  });

  it("zips README.md with images/step-N.png that Python's zipfile reads back byte for byte", () => {
    const markdown = writeup();
    const zip = writeupZip(markdown, new Map([[1, PNG], [6, PNG]]), new Date(2026, 2, 2, 10, 15, 0));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "writeup-"));
    try {
      const file = path.join(dir, "w.zip");
      fs.writeFileSync(file, zip);
      // Python's zipfile (the AWS CLI's interpreter is always there) is a reader independent of the writer.
      execFileSync("python3", ["-m", "zipfile", "-e", file, dir]);
      expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toBe(markdown);
      expect(fs.readFileSync(path.join(dir, "images/step-6.png")).equals(PNG)).toBe(true);
      const listing = execFileSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist()))", file]).toString().trim().split("\n");
      expect(listing).toEqual(["README.md", "images/step-1.png", "images/step-6.png"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

});
