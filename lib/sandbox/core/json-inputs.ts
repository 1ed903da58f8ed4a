/**
 * Declared inputs of JSON 1.1 operations (SSM, EC2 Instance Connect), checked against the request
 * body before the handler runs, with the same declarations as the Query services (core/inputs.ts).
 * As AWS's JSON services answer: a value of the wrong JSON type is a SerializationException at
 * once; members the operation does not know are ignored; every constraint a value breaks
 * (required, length, pattern, enum, range, list size) is collected, in the model's member order,
 * and the service's dialect words them (core/validation-errors.ts).
 */
import { AwsError, serializationException } from "./errors";
import { stringProblem, type InputDialect, type InputMembers, type InputPath, type InputProblem, type InputShape } from "./inputs";

function serializationError(): AwsError {
  return serializationException();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkValue(problems: InputProblem[], path: InputPath, name: string, value: unknown, shape: InputShape): void {
  switch (shape.type) {
    case "string":
    case "enum": {
      if (typeof value !== "string") throw serializationError();
      const problem = stringProblem(path, name, value, shape);
      if (problem) problems.push(problem);
      return;
    }
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) throw serializationError();
      if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) problems.push({ kind: "range", path, name, value, shape });
      return;
    case "boolean":
      if (typeof value !== "boolean") throw serializationError();
      return;
    case "timestamp":
      // JSON 1.1 sends epoch seconds; an ISO string is read too.
      if (typeof value !== "number" && typeof value !== "string") throw serializationError();
      return;
    case "list": {
      if (!Array.isArray(value)) throw serializationError();
      if ((shape.minItems !== undefined && value.length < shape.minItems) || (shape.maxItems !== undefined && value.length > shape.maxItems)) {
        problems.push({ kind: "items", path, name, count: value.length, shape });
      }
      const scalarMembers = shape.member.type === "string" || shape.member.type === "enum" || shape.member.type === "integer";
      const entryProblems: InputProblem[] = [];
      value.forEach((entry, index) => {
        if (entry !== null) checkValue(scalarMembers ? entryProblems : problems, [...path, index + 1], name, entry, shape.member);
      });
      // AWS quotes the whole list: "Value '[web-1]' at 'instanceIds' … Member must satisfy constraint: [Member must …]".
      if (entryProblems.length > 0) problems.push({ kind: "members", path, name, value: `[${value.join(", ")}]`, problems: entryProblems });
      return;
    }
    case "map":
      if (!isObject(value)) throw serializationError();
      for (const [key, entry] of Object.entries(value)) if (entry !== null) checkValue(problems, [...path, key], key, entry, shape.value);
      return;
    case "structure":
      if (!isObject(value)) throw serializationError();
      return checkMembers(problems, path, value, shape.members);
  }
}

function checkMembers(problems: InputProblem[], prefix: InputPath, values: Record<string, unknown>, members: InputMembers): void {
  for (const [name, shape] of Object.entries(members)) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) {
      if (shape.required) problems.push({ kind: "missing", path: [...prefix, name], name });
    } else {
      checkValue(problems, [...prefix, name], name, value, shape);
    }
  }
}

/** Checks a JSON request body against its operation's declaration; throws the service's own error. */
export function validateJsonInput(input: Record<string, unknown>, members: InputMembers, dialect: InputDialect): void {
  const problems: InputProblem[] = [];
  checkMembers(problems, [], input, members);
  if (problems.length === 0) return;
  const error = dialect.report(problems);
  if (error) throw error;
}
