/**
 * How IAM and STS (AWS's Coral services) answer a request that does not match an operation's
 * declared inputs: every problem in one ValidationError, in the model's member order —
 * "2 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member
 * must not be null; Value 'x' at 'maxSessionDuration' …". Parameters they do not know are
 * ignored, as they are by IAM and STS. Lists nest as "Tags.member.1.Key", quoted "tags.1.member.key".
 * SSM and EC2 Instance Connect (JSON 1.1) answer in the same words (coralJsonDialect).
 */
import { AwsError, validationErrorsDetected } from "./errors";
import type { InputDialect, InputPath, InputProblem } from "./inputs";

function memberPath(path: InputPath): string {
  return path.map((segment) => (typeof segment === "number" ? `${segment}.member` : segment.charAt(0).toLowerCase() + segment.slice(1))).join(".");
}

const MALFORMED_CONSTRAINT: Record<string, string> = {
  integer: "Member must be an integer",
  boolean: "Member must be a boolean",
  timestamp: "Member must be a timestamp",
  string: "Member must be a string",
  enum: "Member must be a string",
  list: "Member must be a list",
  structure: "Member must be a structure",
};

function constraintOf(problem: Exclude<InputProblem, { kind: "unknown" | "missing" }>): string {
  switch (problem.kind) {
    case "members": {
      const constraints = problem.problems.flatMap((entry) => (entry.kind === "unknown" || entry.kind === "missing" ? [] : [constraintOf(entry)]));
      return `Member must satisfy constraint: [${[...new Set(constraints)].join(", ")}]`;
    }
    case "malformed":
      return MALFORMED_CONSTRAINT[problem.expected];
    case "range":
      return problem.shape.min !== undefined && problem.value < problem.shape.min
        ? `Member must have value greater than or equal to ${problem.shape.min}`
        : `Member must have value less than or equal to ${problem.shape.max}`;
    case "length":
      return problem.tooLong ? `Member must have length less than or equal to ${problem.shape.maxLength}` : `Member must have length greater than or equal to ${problem.shape.minLength}`;
    case "items":
      return problem.shape.minItems !== undefined && problem.count < problem.shape.minItems
        ? `Member must have length greater than or equal to ${problem.shape.minItems}`
        : `Member must have length less than or equal to ${problem.shape.maxItems}`;
    case "pattern":
      return `Member must satisfy regular expression pattern: ${problem.shape.pattern}`;
    case "enum":
      return `Member must satisfy enum value set: [${problem.shape.values.join(", ")}]`;
  }
}

function detail(problem: Exclude<InputProblem, { kind: "unknown" }>, quoteNested: boolean): string {
  const at = memberPath(problem.path);
  if (problem.kind === "missing") return `Value null at '${at}' failed to satisfy constraint: Member must not be null`;
  // IAM quotes the value of a top-level parameter only ("Value at 'tags.1.member.key'", "Value at 'tags'");
  // SSM quotes nested ones too ("Value 'x' at 'instanceInformationFilterList.1.member.key'").
  const quoted = problem.kind !== "items" && !(problem.kind === "malformed" && problem.value === "") && (quoteNested || problem.path.length === 1);
  const value = quoted ? ` '${problem.value}'` : "";
  return `Value${value} at '${at}' failed to satisfy constraint: ${constraintOf(problem)}`;
}

/** "N validation errors detected: …; …" under the service's own error code; undefined when only unknown names were found. */
function coralError(problems: InputProblem[], code: string, quoteNested = false): AwsError | undefined {
  const details = problems.flatMap((problem) => (problem.kind === "unknown" ? [] : [detail(problem, quoteNested)]));
  if (details.length === 0) return undefined;
  return validationErrorsDetected(code, details);
}

export const coralInputDialect: InputDialect = {
  listWrapper: "member",
  report: (problems) => coralError(problems, "ValidationError"),
};

/**
 * AWS's JSON services word the same messages under their own code: SSM's ValidationException,
 * EC2 Instance Connect's InvalidArgsException (core/json-inputs.ts checks the body).
 */
export function coralJsonDialect(code: string): InputDialect {
  return { report: (problems) => coralError(problems, code, true) };
}
