/**
 * Lab 2 step 4 ("Use S3 from the instance") is done by a call that reaches the lab's bucket, as
 * its Done means says (aws s3 ls s3://BUCKET): listing all buckets proves nothing about the bucket.
 */
import { describe, expect, it } from "vitest";
import { LAB2, lab2Snapshot } from "@/lib/analysis/fixtures";
import type { StudentRun } from "@/lib/labs/evidence";
import { lab2 } from ".";

const step = lab2.steps.find((candidate) => candidate.id === "s3-over-internet")!;

function run(command: string, exitCode = 0): StudentRun {
  return { via: "terminal", instanceId: LAB2.instance, at: Date.parse("2026-12-02T14:02:00Z"), command, output: "", exitCode };
}

function evidenceFor(...runs: StudentRun[]) {
  return step.doing!.evidence({ snapshot: lab2Snapshot(), facts: {}, records: { sessions: [], refusals: [], runs } });
}

describe("Lab 2 step 4's evidence", () => {
  it("is not met by listing all buckets, a failed listing, or another bucket", () => {
    expect(evidenceFor(run("aws s3 ls"))).toBeUndefined();
    expect(evidenceFor(run(`aws s3 ls s3://${LAB2.bucket}`, 254))).toBeUndefined();
    expect(evidenceFor(run(`aws s3 ls s3://${LAB2.bucket}-old`))).toBeUndefined();
    expect(evidenceFor(run("aws s3api list-buckets"))).toBeUndefined();
  });

  it.each([`aws s3 ls s3://${LAB2.bucket}`, `aws s3 ls s3://${LAB2.bucket}/`, `aws s3 cp notes.txt s3://${LAB2.bucket}/notes.txt`, `aws s3api list-objects-v2 --bucket ${LAB2.bucket}`, `aws --region us-east-1 s3 ls s3://${LAB2.bucket}`])(
    "is met by %s",
    (command) => {
      expect(evidenceFor(run(command))?.summary).toBe(`You ran \`${command}\` on ${LAB2.instance} at 14:02 UTC: it succeeded`);
    },
  );
});

describe("Lab 2 step 4's failure met", () => {
  const at = (minute: number, command: string, exitCode: number, output = ""): StudentRun => ({ ...run(command, exitCode), at: Date.parse(`2026-12-02T14:${String(minute).padStart(2, "0")}:00Z`), output });
  const metFor = (...runs: StudentRun[]) => step.doing!.metFailure!({ snapshot: lab2Snapshot(), facts: {}, records: { sessions: [], refusals: [], runs } });

  it("is the last aws call when it failed", () => {
    expect(metFor(at(1, `aws s3 ls s3://${LAB2.bucket}-typo`, 254, "An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist"))?.summary).toBe(
      `You ran \`aws s3 ls s3://${LAB2.bucket}-typo\` on ${LAB2.instance} at 14:01 UTC: An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist`,
    );
  });

  it("is not a failure the student got past: step 3's missing credentials, then a working aws s3 ls", () => {
    // Seen by hand: step 4 said "Not done yet: … Unable to locate credentials" after the CLI worked.
    expect(metFor(at(1, "aws s3 ls", 253, "Unable to locate credentials. You can configure credentials by running \"aws configure\"."), at(5, "aws s3 ls", 0))).toBeUndefined();
  });
});
