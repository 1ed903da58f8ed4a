/**
 * Writes docs/sandbox-coverage.md: for every service the sandbox knows, the operations it
 * implements, read from the registry (the single source of truth of what the sandbox serves),
 * and for the Query services each operation's declared parameters (core/inputs.ts); and
 * docs/real-tools.md, the audit of the calls real tools make (scripts/real-tools-audit.ts).
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
import { auditRealToolCalls, type AuditedCall } from "./real-tools-audit";

const SIGNING_NAMES = ["ec2", "iam", "sts", "s3", "ssm", "ec2-instance-connect"];
const OUTPUT = path.join(process.cwd(), "docs", "sandbox-coverage.md");
const REAL_TOOLS_OUTPUT = path.join(process.cwd(), "docs", "real-tools.md");

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
    "Answered with S3's `501 NotImplemented` (S3 Select is closed to new customers, as every sandbox account is;",
    "see [limits.md](limits.md#s3-libsandboxs3)):",
    "",
    ...unservedRequests().map((request) => `- \`${request}\``),
    "- `PUT bucket?versioning` with `MfaDelete` Enabled (the sandbox has no MFA devices)",
    "- `PUT bucket?acl`, `PUT object?acl` and `x-amz-acl`/`x-amz-grant-*` on writes granting anyone but the owner, once",
    "  ObjectOwnership is no longer BucketOwnerEnforced and the grant is not public (the sandbox keeps no ACL grants;",
    "  while ACLs are off, S3's `AccessControlListNotSupported` answers them, and BlockPublicAcls refuses a public one)",
    "",
    "Stored and returned as put, but not acted on: CORS, website, lifecycle, logging, Transfer Acceleration,",
    "request payment, notifications (EventBridge only) and replication configurations, and analytics, metrics,",
    "inventory and Intelligent-Tiering configurations (by id). RestoreObject answers S3's InvalidObjectState:",
    "every object is in S3 Standard.",
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

function isServed(call: AuditedCall): boolean {
  const implementation = sandboxRegistry.implementation(call.service);
  return implementation !== undefined && Object.hasOwn(implementation.service.operations, call.call);
}

const SHOWN_TESTS = 4;

function testsCell(call: AuditedCall): string {
  if (call.tests.length === 0) return "**none**";
  const shown = call.tests.slice(0, SHOWN_TESTS).map((test) => `[${path.basename(test.file)}](../${test.file}) (${test.via.join(", ")})`);
  const more = call.tests.length > SHOWN_TESTS ? ` and ${call.tests.length - SHOWN_TESTS} more` : "";
  return shown.join("; ") + more;
}

/** docs/real-tools.md: each call the real tools make, who makes it, whether the sandbox serves it, and the tests through a real client. */
export function realToolsMarkdown(): string {
  const calls = auditRealToolCalls();
  const gaps = calls.filter((call) => !isServed(call) || call.tests.length === 0);
  const sections = (["ec2", "s3", "iam", "sts"] as const).flatMap((service) => [
    `## ${service}`,
    "",
    "| Call | Made by | Served | Tested through a real client |",
    "| --- | --- | --- | --- |",
    ...calls
      .filter((call) => call.service === service)
      .sort((a, b) => a.call.localeCompare(b.call))
      .map((call) => `| ${call.call} | ${call.by.join("; ")} | ${isServed(call) ? "yes" : "**no**"} | ${testsCell(call)} |`),
    "",
  ]);
  return [
    "# Real tools against the sandbox, call by call",
    "",
    "Generated by `npx tsx scripts/gen-coverage.ts` (`scripts/real-tools-audit.ts`); do not edit by hand.",
    "Each AWS call that Terraform's AWS provider (v5 resources and data sources) and Ansible's amazon.aws /",
    "community.aws 5.5 modules make for the labs' resources (create, refresh, update, delete; read from their",
    "public source), whether the sandbox serves it, and the test files that drive it through a real client:",
    "the JS SDK (`SDK`: `new <Call>Command`), the AWS CLI v2 (`CLI`), boto3 (`boto3`, `clients/boto3/suite.py`)",
    "or a signed request on the wire (`wire`). Those tests assert AWS's fields, codes and messages. The",
    "Ansible suite (`clients/ansible-lab1.test.ts`, `ansible-lab2.test.ts`) runs the modules end to end on both labs on top of these.",
    "What the audit found and fixed is in [clients.md](clients.md#what-the-call-by-call-audit-found).",
    "",
    `${calls.length} calls: ${calls.filter(isServed).length} served, ${calls.filter((call) => call.tests.length > 0).length} with a test through a real client.`,
    gaps.length === 0 ? "Every call is served and tested." : `Not served or not tested: ${gaps.map((call) => `${call.call} (${call.service})`).join(", ")}.`,
    "",
    ...sections,
  ].join("\n");
}

fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
fs.writeFileSync(OUTPUT, coverageMarkdown());
console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
fs.writeFileSync(REAL_TOOLS_OUTPUT, realToolsMarkdown());
console.log(`wrote ${path.relative(process.cwd(), REAL_TOOLS_OUTPUT)}`);
