import jmespath from "jmespath";
import { type CredentialLookup, type Credentials, lookupCredentials, parseIni, CONFIG_FILE, configSection, resolveRegion } from "./aws-config";
import { between } from "./host-facts";
import { seededRandomFromText } from "@/lib/seeded-random";
import type { CommandContext } from "./shell";
import type { AccessKeyOwner, World } from "./types";

export interface AwsGlobals {
  region?: string;
  output?: string;
  /** --query: a JMESPath expression applied to the response before it is printed. */
  query?: string;
  profile: string;
  profileGiven: boolean;
}

/** One `aws …` run: its context, global options and the helpers every subcommand shares. */
export interface AwsInvocation {
  context: CommandContext;
  globals: AwsGlobals;
  instanceRegion: string;
  /** The CLI's argparse failure: usage lines, the error, exit 252. */
  usageError(message: string): number;
}

/** Exit codes of AWS CLI v2 (`aws help return-codes`). */
export const EXIT = { s3Failure: 1, usage: 252, configuration: 253, serviceError: 254, general: 255, interrupted: 130 } as const;

export const USAGE = `usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
To see help text, you can run:

  aws help
  aws <command> help
  aws <command> <subcommand> help
`;

const NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".';
/** Options that take a value, global or per command. */
const VALUE_OPTIONS = new Set(["--bucket", "--policy", "--region", "--output", "--profile", "--endpoint-url", "--query", "--color", "--cli-read-timeout", "--cli-connect-timeout"]);
/** botocore's connect timeout, and CLI v2's default ("standard") retry mode: three attempts. */
const CONNECT_TIMEOUT_MS = 60_000;
const ATTEMPTS = 3;
/** Any public address outside S3's prefix list routes the way STS's regional endpoint does. */

/** The CLI prints top-level errors with a blank line before them, to stderr. */
export function printError(context: CommandContext, message: string): void {
  context.err(`\n${message}\n`);
}

interface ParsedArgs {
  globals: AwsGlobals;
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(args: string[], env: Record<string, string>): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) positional.push(arg);
    else if (arg.includes("=")) flags.set(arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1));
    else if (VALUE_OPTIONS.has(arg) && i + 1 < args.length) flags.set(arg, args[++i]);
    else flags.set(arg, true);
  }
  const profile = flags.get("--profile");
  const globals: AwsGlobals = {
    region: typeof flags.get("--region") === "string" ? (flags.get("--region") as string) : undefined,
    output: typeof flags.get("--output") === "string" ? (flags.get("--output") as string) : undefined,
    query: typeof flags.get("--query") === "string" ? (flags.get("--query") as string) : undefined,
    profile: typeof profile === "string" ? profile : env.AWS_PROFILE || "default",
    profileGiven: typeof profile === "string",
  };
  return { globals, positional, flags };
}

export interface ApiCall {
  credentials: Credentials;
  /** Undefined when IAM knows no such access key. */
  owner?: AccessKeyOwner;
  region: string;
  world: World;
}

export type ApiFailure = { kind: "failure"; status: number };

/** Temporary credentials count only with their own session token and until they expire. */
export function sessionTokenProblem(call: ApiCall, now: number): "invalid" | "expired" | null {
  const session = call.owner?.session;
  if (!session) return null;
  if (call.credentials.sessionToken !== session.sessionToken) return "invalid";
  return now >= session.expiresAt ? "expired" : null;
}

/** The chain's last link: with nothing configured, the instance profile's role credentials from IMDS. */
async function withInstanceRole(context: CommandContext, lookup: CredentialLookup): Promise<CredentialLookup> {
  if (lookup.kind !== "none") return lookup;
  const role = await context.shell.services.instanceRoleCredentials?.(context.shell.instanceId);
  if (!role) return lookup;
  return { kind: "found", credentials: { accessKeyId: role.accessKeyId, secretAccessKey: role.secretAccessKey, sessionToken: role.sessionToken, source: "iam-role" } };
}

/** What every API call does first: find credentials (CLI exits 253 without), read the region. */
export async function prepareCall(invocation: AwsInvocation, reportMissing: (message: string, status: number) => void): Promise<ApiCall | ApiFailure> {
  const { context, globals } = invocation;
  const lookup = await withInstanceRole(context, lookupCredentials(context.env, context.shell.files, globals.profile));
  if (lookup.kind === "none") {
    reportMissing(NO_CREDENTIALS, EXIT.configuration);
    return { kind: "failure", status: EXIT.configuration };
  }
  if (lookup.kind === "partial") {
    reportMissing(lookup.message, EXIT.general);
    return { kind: "failure", status: EXIT.general };
  }
  const owner = (await context.shell.services.resolveAccessKey(lookup.credentials.accessKeyId)) ?? undefined;
  const region = resolveRegion(globals.region, context.env, context.shell.files, globals.profile, invocation.instanceRegion).value;
  return { credentials: lookup.credentials, owner, region, world: await context.shell.world() };
}

/** Waits out the connect timeouts of every attempt, as botocore does; false on Ctrl-C. */
export async function waitForConnectTimeouts(context: CommandContext, seed: string): Promise<boolean> {
  const random = seededRandomFromText(`${context.shell.instanceId}|${seed}|${context.shell.services.now()}`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const backoff = attempt === 0 ? 0 : between(random, 0, 1000 * 2 ** (attempt - 1));
    if (!(await context.shell.clock.sleep(CONNECT_TIMEOUT_MS + backoff))) return false;
  }
  return true;
}

export function outputFormat(invocation: AwsInvocation): string {
  const { globals, context } = invocation;
  return globals.output ?? context.env.AWS_DEFAULT_OUTPUT ?? parseIni(context.shell.files[CONFIG_FILE]).get(configSection(globals.profile))?.get("output") ?? "json";
}

const OUTPUT_FORMATS = ["json", "text", "yaml"];

/** One value as CLI v2's text output writes it: None for null, lists and objects (sorted keys) tab-separated. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (Array.isArray(value)) return value.map(textOf).join("\t");
  if (typeof value === "object") return Object.keys(value).sort().map((key) => textOf((value as Record<string, unknown>)[key])).join("\t");
  return String(value);
}

function yamlScalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  return typeof value === "string" && /^\d+$/.test(value) ? `'${value}'` : String(value);
}

/** A response (flat, or what --query left of it) printed the way CLI v2 formats it (json: 4-space indent). */
export function formatResponse(format: string, value: unknown): string {
  if (format === "json") return `${JSON.stringify(value ?? null, null, 4)}\n`;
  if (format === "text") return `${textOf(value)}\n`;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return Object.entries(value).map(([key, item]) => `${key}: ${yamlScalar(item)}\n`).join("");
  return `${yamlScalar(value)}\n`;
}

/** Applies --query and --output to a response and prints it, or answers the CLI's usage error. */
export function printResponse(invocation: AwsInvocation, response: Record<string, string>): number {
  const format = outputFormat(invocation);
  if (!OUTPUT_FORMATS.includes(format)) return invocation.usageError(`argument --output: Invalid choice on this host, valid choices are: json | text | yaml`);
  let value: unknown = response;
  const query = invocation.globals.query;
  if (query !== undefined) {
    try {
      value = jmespath.search(response, query);
    } catch (error) {
      return invocation.usageError(`argument --query: Bad value for --query ${query}: ${(error as Error).message}`);
    }
  }
  invocation.context.out(formatResponse(format, value));
  return 0;
}

/** The CLI's KeyboardInterrupt handling: a newline, exit 130. */
export function interrupted(context: CommandContext): number {
  context.err("\n");
  return EXIT.interrupted;
}
