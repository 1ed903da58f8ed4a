/**
 * Reading EC2 Query parameters ("VpcId", "VpcId.1", "Filter.1.Value.2", ...) out of the core's
 * parsed tree, with AWS's errors for missing or ill-typed values.
 */
import type { QueryParams, QueryValue } from "@/lib/sandbox/core/types";
import { invalidParameterValue, missingParameter } from "../model/errors";

export type Struct = { [key: string]: QueryValue };

function isStruct(value: QueryValue | undefined): value is Struct {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** AWS names parameters in messages with a lower-case first letter (cidrBlock, groupId). */
export function wireName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A scalar parameter, or undefined when absent. A nested value where a scalar belongs is invalid. */
export function str(params: Struct, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidParameterValue(`Invalid value for parameter ${wireName(name)}`);
  return value;
}

export function requiredStr(params: Struct, name: string): string {
  const value = str(params, name);
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

/** "Name.1", "Name.2"... as strings (gaps from the client's numbering are skipped). */
export function list(params: Struct, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParameterValue(`Invalid value for parameter ${wireName(name)}`);
  return value.filter((item) => item !== undefined).map((item) => {
    if (typeof item !== "string") throw invalidParameterValue(`Invalid value for parameter ${wireName(name)}`);
    return item;
  });
}

/** "Name.1.Field", ... as objects. */
export function structList(params: Struct, name: string): Struct[] {
  const value = params[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParameterValue(`Invalid value for parameter ${wireName(name)}`);
  return value.filter((item) => item !== undefined).map((item) => {
    if (!isStruct(item)) throw invalidParameterValue(`Invalid value for parameter ${wireName(name)}`);
    return item;
  });
}

/** "Name.Field" as an object, or undefined. */
export function struct(params: Struct, name: string): Struct | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!isStruct(value)) throw invalidParameterValue(`Invalid value for parameter ${wireName(name)}`);
  return value;
}

export function bool(params: Struct, name: string): boolean | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw invalidParameterValue(`Value (${value}) for parameter ${wireName(name)} is invalid. Expected: 'true' or 'false'.`);
}

export function int(params: Struct, name: string): number | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d{1,10}$/.test(value.trim())) throw invalidParameterValue(`Value (${value}) for parameter ${wireName(name)} is invalid. Expected an integer.`);
  return Number(value.trim());
}

export function requiredInt(params: Struct, name: string): number {
  const value = int(params, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

/** `Name.Value=true` (ModifyVpcAttribute, ModifySubnetAttribute). */
export function attributeBool(params: Struct, name: string): boolean | undefined {
  const attribute = struct(params, name);
  return attribute ? bool(attribute, "Value") : undefined;
}

export function dryRun(params: QueryParams): boolean {
  return bool(params, "DryRun") === true;
}
