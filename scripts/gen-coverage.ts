/**
 * Writes docs/sandbox-coverage.md: for every service the sandbox knows, the operations it
 * implements, read from the registry (the single source of truth of what the sandbox serves),
 * and for the Query services each operation's declared parameters (core/inputs.ts).
 * Run: npx tsx scripts/gen-coverage.ts
 */
import fs from "node:fs";
import path from "node:path";
import type { InputMembers, InputShape } from "@/lib/sandbox/core/inputs";
import { EC2_OPERATION_FAMILIES } from "@/lib/sandbox/ec2/service";
import { IAM_OPERATION_FAMILIES } from "@/lib/sandbox/iam/service";
import type { ServiceImplementation } from "@/lib/sandbox/registry";
import type { S3Inputs } from "@/lib/sandbox/s3/protocol/inputs";
import { unservedRequests } from "@/lib/sandbox/s3/protocol/routes";
import { S3_OPERATION_FAMILIES } from "@/lib/sandbox/s3/service";
import { sandboxRegistry } from "@/lib/sandbox/registry";

const SIGNING_NAMES = ["ec2", "iam", "sts", "s3", "ssm", "ec2-instance-connect"];
const OUTPUT = path.join(process.cwd(), "docs", "sandbox-coverage.md");

const FAMILIES: Record<string, Record<string, Record<string, unknown>>> = { ec2: EC2_OPERATION_FAMILIES, iam: IAM_OPERATION_FAMILIES, s3: S3_OPERATION_FAMILIES };

function familyOf(signingName: string, action: string): string {
  const family = Object.entries(FAMILIES[signingName] ?? {}).find(([, operations]) => Object.hasOwn(operations, action));
  return family?.[0] ?? "";
}

/**
 * Whether an operation changes anything, by AWS's naming (Describe/Get/List read), from the IAM action
 * for REST ones. Not `mutates`: some writes go to tables of their own (SendCommand, CreateAccessKey).
 */
function kindOf(implementation: ServiceImplementation, name: string): "read" | "write" {
  if (implementation.protocol === "rest") {
    return /^s3:(Get|List|Head)/.test(implementation.service.operations[name].action ?? "") ? "read" : "write";
  }
  return /^(Describe|Get|List)/.test(name) ? "read" : "write";
}

function operationRows(signingName: string, implementation: ServiceImplementation): string[] {
  return Object.keys(implementation.service.operations)
    .sort()
    .map((name) => `| ${name} | ${familyOf(signingName, name)} | ${kindOf(implementation, name)} |`);
}

/** S3 requests the sandbox answers with S3's 501 NotImplemented (sub-resources it does not model). */
function s3NotImplementedSection(): string[] {
  return [
    "Answered with S3's `501 NotImplemented` (configurations the sandbox does not model; reading each of them",
    "answers as S3 does for a bucket that has none):",
    "",
    ...unservedRequests().map((request) => `- \`${request}\``),
    "- `PUT bucket?versioning` with `MfaDelete` Enabled (the sandbox has no MFA devices)",
    "- `PUT bucket?acl`, `PUT object?acl` and `x-amz-acl`/`x-amz-grant-*` on writes granting anyone but the owner, once",
    "  ObjectOwnership is no longer BucketOwnerEnforced and the grant is not public (the sandbox keeps no ACL grants;",
    "  while ACLs are off, S3's `AccessControlListNotSupported` answers them, and BlockPublicAcls refuses a public one)",
    "",
    "Stored and returned as put, but not acted on: CORS, website, lifecycle, logging, Transfer Acceleration,",
    "request payment, notifications (EventBridge only) and replication configurations.",
    "",
    "### s3 parameters",
    "",
    "Headers and query parameters each operation reads (the bucket and key travel in the path). S3 ignores",
    "ones it does not know; a bad value gets the operation's own S3 error.",
    "",
    ...s3ParameterSections(),
  ];
}

function s3ParameterSections(): string[] {
  return Object.values(S3_OPERATION_FAMILIES)
    .flatMap((operations) => Object.entries(operations as Record<string, { input?: S3Inputs }>))
    .filter(([, operation]) => operation.input !== undefined && Object.keys(operation.input).length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, operation]) => {
      const rows = Object.entries(operation.input!).map(
        ([member, input]) => `| ${member} | \`${input.wire}\` (${input.in}) | ${typeName(input.shape)} | ${input.shape.required ? "yes" : ""} | ${limitsOf(input.shape).join("; ")} |`,
      );
      return [`#### ${name}`, "", "| Parameter | On the wire | Type | Required | Limits |", "| --- | --- | --- | --- | --- |", ...rows, ""];
    });
}

const SERVICE_NOTES: Record<string, () => string[]> = { s3: s3NotImplementedSection };

function typeName(shape: InputShape): string {
  if (shape.type === "list") return `list of ${typeName(shape.member)}`;
  if (shape.type === "map") return `map of ${typeName(shape.key)} to ${typeName(shape.value)}`;
  return shape.type;
}

/** A shape's limits as a reader checks them: "5–1000", "length 1–64", "one of: Active, Inactive", "at most 50". */
function limitsOf(shape: InputShape): string[] {
  const range = (low?: number, high?: number) => (low !== undefined && high !== undefined ? `${low}–${high}` : low !== undefined ? `≥ ${low}` : high !== undefined ? `≤ ${high}` : undefined);
  switch (shape.type) {
    case "integer":
      return [range(shape.min, shape.max)].filter((text): text is string => text !== undefined);
    case "string": {
      const length = range(shape.minLength, shape.maxLength);
      return [length && `length ${length}`, shape.pattern && `pattern \`${shape.pattern.replace(/\|/g, "\\|")}\``].filter((text): text is string => Boolean(text));
    }
    case "enum":
      return [`one of: ${shape.values.join(", ")}`];
    case "list": {
      const items = range(shape.minItems, shape.maxItems);
      return [...(items ? [`${items} items`] : []), ...limitsOf(shape.member)];
    }
    default:
      return [];
  }
}

function parameterRows(input: InputMembers): string[] {
  return Object.entries(input).map(([name, shape]) => `| ${name} | ${typeName(shape)} | ${shape.required ? "yes" : ""} | ${limitsOf(shape).join("; ")} |`);
}

/** Each Query and JSON operation's parameters by wire name ("VpcId" for VpcId.N), from the declarations the validator checks. */
function parameterSections(implementation: ServiceImplementation): string[] {
  if (implementation.protocol === "rest") return [];
  return Object.entries(implementation.service.operations)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, operation]) => {
      const rows = parameterRows(operation.input);
      const table = rows.length > 0 ? ["| Parameter | Type | Required | Limits |", "| --- | --- | --- | --- |", ...rows] : ["No parameters."];
      return [`#### ${name}`, "", ...table, ""];
    });
}

function serviceSection(signingName: string): string {
  const implementation = sandboxRegistry.implementation(signingName);
  if (!implementation) return `## ${signingName}\n\nNot implemented yet: every call answers \`NotImplemented\` in the service's own error format.\n`;
  const rows = operationRows(signingName, implementation);
  const api = { query: "Query API", json: "JSON 1.1 API", rest: "REST-XML API" }[implementation.protocol];
  return [
    `## ${signingName} (${api}, ${rows.length} operations)`,
    "",
    "| Operation | Family | Kind |",
    "| --- | --- | --- |",
    ...rows,
    "",
    ...(SERVICE_NOTES[signingName]?.() ?? []),
    ...(implementation.protocol !== "rest" ? [`### ${signingName} parameters`, "", ...parameterSections(implementation)] : []),
  ].join("\n");
}

export function coverageMarkdown(): string {
  const header = [
    "# Sandbox coverage",
    "",
    "Generated by `npx tsx scripts/gen-coverage.ts` from the sandbox registry; do not edit by hand.",
    "Any other action answers `InvalidAction` (Query services) as AWS does for an unknown action.",
    "Query operations list their parameters by wire name (a list `VpcId` is sent as `VpcId.1`, `VpcId.2`; IAM's",
    "`Tags` as `Tags.member.1`); a request with a parameter outside its operation's list is refused by EC2",
    "(`UnknownParameter`) and ignored by IAM and STS, as AWS does. JSON operations (SSM, EC2 Instance Connect) list",
    "their body's members the same way; a value of the wrong JSON type is a `SerializationException`, a broken",
    "limit SSM's `ValidationException` or EC2 Instance Connect's `InvalidArgsException`, unknown members are ignored.",
    "",
  ].join("\n");
  return `${header}\n${SIGNING_NAMES.map(serviceSection).join("\n")}`;
}

fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
fs.writeFileSync(OUTPUT, coverageMarkdown());
console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
