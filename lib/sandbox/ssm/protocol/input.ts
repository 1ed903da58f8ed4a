/**
 * Reading AWS JSON 1.1 input fields with the errors AWS's JSON services give: a value of the
 * wrong type is a SerializationException, a missing or out-of-range one a ValidationException
 * ("1 validation error detected: Value null at 'commandId' failed to satisfy constraint: …").
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import type { JsonInput } from "@/lib/sandbox/core/types";
import { invalidNextToken, serializationException, validationException } from "@/lib/sandbox/ssm/model/errors";

export function serializationError(): AwsError {
  return serializationException();
}

/** AWS names members in validation messages with a lower-case first letter (commandId, instanceIds). */
function memberName(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

export function validationError(field: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? "null" : `'${Array.isArray(value) ? `[${value.join(", ")}]` : String(value)}'`;
  return validationException(shown, memberName(field), constraint);
}

export function optionalString(input: JsonInput, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw serializationError();
  return value;
}

export function requiredString(input: JsonInput, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined) throw validationError(field, value, "Member must not be null");
  return value;
}

export function optionalInteger(input: JsonInput, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw serializationError();
  if (value < min) throw validationError(field, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(field, value, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalBoolean(input: JsonInput, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw serializationError();
  return value;
}

export function stringList(input: JsonInput, field: string): string[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw serializationError();
  return value as string[];
}

export function structList(input: JsonInput, field: string): JsonInput[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) throw serializationError();
  return value as JsonInput[];
}

/** A map of string lists (SendCommand's Parameters). */
export function stringListMap(input: JsonInput, field: string): Record<string, string[]> {
  const value = input[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw serializationError();
  const entries = Object.entries(value as Record<string, unknown>).map(([key, list]): [string, string[]] => {
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) throw serializationError();
    return [key, list as string[]];
  });
  // fromEntries defines own keys ("__proto__" included) without calling a setter.
  return Object.fromEntries(entries);
}

/** Opaque paging tokens: the offset of the next item. */
export function encodeNextToken(offset: number): string {
  return Buffer.from(`ssm-page:${offset}`).toString("base64url");
}

export function decodeNextToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = /^ssm-page:(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw invalidNextToken();
  return Number(match[1]);
}

export function page<T>(items: T[], maxResults: number, token: string | undefined): { items: T[]; nextToken?: string } {
  const start = decodeNextToken(token);
  const end = start + maxResults;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeNextToken(end) : undefined };
}
