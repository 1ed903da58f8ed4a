/**
 * How EC2 answers a request that does not match an operation's declared inputs: the first
 * problem only, as EC2 does — UnknownParameter for a name it does not know (the innermost name:
 * "Ebs.VolumeType" is reported as VolumeType), MissingParameter, then InvalidParameterValue worded
 * as EC2 words it ("Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.").
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import type { InputDialect, InputProblem, IntegerInput } from "@/lib/sandbox/core/inputs";
import { invalidParameterValue, missingParameter, unknownParameter } from "../model/errors";
import { wireName } from "./params";

function expectedRange(shape: IntegerInput): string {
  if (shape.min !== undefined && shape.max !== undefined) return `Expecting a value between ${shape.min} and ${shape.max}.`;
  return shape.min !== undefined ? `Expecting a value greater than ${shape.min}.` : `Expecting a value less than ${shape.max}.`;
}

const MALFORMED_EXPECTATION: Record<string, string> = {
  integer: "Expected an integer.",
  boolean: "Expected: 'true' or 'false'.",
  timestamp: "Expected a timestamp.",
};

function ec2InputError(problem: InputProblem): AwsError {
  const parameter = wireName(problem.name);
  switch (problem.kind) {
    case "unknown":
      return unknownParameter(problem.name);
    case "missing":
      return missingParameter(problem.name);
    case "malformed": {
      const expectation = MALFORMED_EXPECTATION[problem.expected];
      return invalidParameterValue(expectation && problem.value !== "" ? `Value (${problem.value}) for parameter ${parameter} is invalid. ${expectation}` : `Invalid value for parameter ${parameter}`);
    }
    case "range":
      return invalidParameterValue(`Value ( ${problem.value} ) for parameter ${parameter} is invalid. ${expectedRange(problem.shape)}`);
    case "items":
      return invalidParameterValue(`Invalid value for parameter ${parameter}`);
    default:
      return invalidParameterValue(`Value (${problem.value}) for parameter ${parameter} is invalid.`);
  }
}

export const ec2InputDialect: InputDialect = {
  report: (problems) => ec2InputError(problems[0]),
};
