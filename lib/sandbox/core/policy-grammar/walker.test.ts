import { describe, expect, it } from "vitest";
import { AwsError } from "@/lib/sandbox/core/errors";
import { firstPolicyError, refuse } from "./rules";
import { walkPolicyDocument, walkPolicyText, type Finding } from "./walker";

/** The findings without the "statement" observations and per-value findings, as "kind@statement:field". */
function summary(findings: Finding[]): string[] {
  return findings
    .filter((finding) => finding.kind !== "statement")
    .map((finding) => `${finding.kind}${finding.statement === undefined ? "" : `@${finding.statement}`}${finding.field ? `:${finding.field}` : ""}`);
}

describe("policy grammar walker", () => {
  it("reports a valid identity policy's actions and resources, and that it names no principal", () => {
    const findings = walkPolicyDocument({
      Version: "2012-10-17",
      Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "arn:aws:s3:::b/*" }],
    });
    expect(summary(findings)).toEqual([
      "principal-missing@0",
      "action-value@0:Action",
      "action-value@0:Action",
      "has-resource@0:Resource",
      "resource-value@0:Resource",
    ]);
    expect(findings.filter((finding) => finding.kind === "action-value").map((finding) => finding.value)).toEqual(["s3:GetObject", "s3:ListBucket"]);
  });

  it("reports a resource policy's principals by type, and an old or missing Version", () => {
    const findings = walkPolicyDocument({ Statement: { Effect: "Deny", Principal: { AWS: ["111122223333"], Service: "ec2.amazonaws.com" }, NotAction: "s3:*", Resource: "*" } });
    expect(summary(findings)).toEqual([
      "version-not-2012",
      "has-principal@0:Principal",
      "principal-value@0:AWS",
      "principal-value@0:Service",
      "action-value@0:NotAction",
      "has-resource@0:Resource",
      "resource-value@0:Resource",
    ]);
  });

  it("reports every break of the grammar, each where it is", () => {
    const findings = walkPolicyDocument({
      Version: "2020-01-01",
      Id: 7,
      Colour: "red",
      Statement: [
        { Sid: "A", Effect: "allow", Action: [], NotAction: "x", Resource: 5, Condition: { Foo: { k: "v" }, StringEquals: "x" } },
        { Sid: "A", Effect: "Maybe", Principal: "*", Extra: 1 },
        "text",
      ],
    });
    expect(summary(findings)).toEqual([
      "unknown-top-field:Colour",
      "version-invalid",
      "version-not-2012",
      "id-not-string",
      "effect-case@0",
      "principal-missing@0",
      "both-action-fields@0",
      "action-empty@0:Action",
      "action-value@0:NotAction",
      "has-resource@0:Resource",
      "resource-not-strings@0:Resource",
      "condition-operator-unknown@0:Foo",
      "condition-block-not-object@0:StringEquals",
      "unknown-statement-field@1:Extra",
      "effect-invalid@1",
      "has-principal@1:Principal",
      "principal-wildcard@1",
      "action-missing@1",
      "resource-missing@1",
      "sid-duplicate@1",
      "statement-not-object@2",
    ]);
  });

  it("reports a missing or empty Statement and a document that is not an object", () => {
    expect(summary(walkPolicyDocument({ Version: "2012-10-17" }))).toEqual(["statement-missing"]);
    expect(summary(walkPolicyDocument({ Version: "2012-10-17", Statement: [] }))).toEqual(["statement-empty"]);
    expect(summary(walkPolicyDocument([]))).toEqual(["not-object"]);
  });

  it("reports text that is not JSON once, with where it goes wrong", () => {
    expect(walkPolicyText('{\n  "Statement": [\n    }')).toEqual([{ kind: "json-invalid", position: { line: 3, column: 5 } }]);
  });
});

describe("a service's table of rules", () => {
  const error = (message: string) => () => new AwsError("Refused", message);
  const findings = walkPolicyDocument({
    Statement: [
      { Effect: "Allow", Action: "*" },
      { Effect: "allow", Resource: "*" },
    ],
  });

  it("answers the first refused finding phase by phase, checking every statement for one rule before the next", () => {
    const table = [[refuse("effect-case", error("case"))], [refuse("resource-missing", error("resource"))], [refuse("action-missing", error("action"))]];
    expect(firstPolicyError(findings, table)?.message).toBe("case");
  });

  it("answers statement by statement within a phase, in the order of its rules", () => {
    const table = [[refuse("action-missing", error("action")), refuse("resource-missing", error("resource")), refuse("effect-case", error("case"))]];
    expect(firstPolicyError(findings, table)?.message).toBe("resource");
  });

  it("passes over findings whose rule finds nothing wrong, and over findings the table does not name", () => {
    expect(firstPolicyError(findings, [[refuse("action-value", () => null)]])).toBeNull();
    expect(firstPolicyError(findings, [])).toBeNull();
  });
});
