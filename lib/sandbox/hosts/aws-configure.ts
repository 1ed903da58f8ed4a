import { CONFIG_FILE, CREDENTIALS_FILE, configSection, isCredentialKey, lookupCredentials, maskValue, resolveRegion, scopedConfig, updateIni } from "./aws-config";
import type { AwsInvocation } from "./aws-cli";
import { HOME } from "./shell";

/** The prompts `aws configure` asks, in order, with the setting each one fills. */
const PROMPTS: [key: string, text: string][] = [
  ["aws_access_key_id", "AWS Access Key ID"],
  ["aws_secret_access_key", "AWS Secret Access Key"],
  ["region", "Default region name"],
  ["output", "Default output format"],
];

const NOT_SET = "<not set>";

/** Keys go to ~/.aws/credentials, the rest to ~/.aws/config, which `aws configure` always (re)writes. */
function writeSettings(invocation: AwsInvocation, values: Record<string, string>, touchConfig: boolean): void {
  const { shell } = invocation.context;
  const credentials = Object.fromEntries(Object.entries(values).filter(([key]) => isCredentialKey(key)));
  const settings = Object.fromEntries(Object.entries(values).filter(([key]) => !isCredentialKey(key)));
  if (!shell.isDirectory(`${HOME}/.aws`)) shell.makeDirectory(`${HOME}/.aws`);
  const profile = invocation.globals.profile;
  if (Object.keys(credentials).length > 0) shell.writeFile(CREDENTIALS_FILE, updateIni(shell.readFile(CREDENTIALS_FILE), profile, credentials), false);
  if (touchConfig || Object.keys(settings).length > 0) shell.writeFile(CONFIG_FILE, updateIni(shell.readFile(CONFIG_FILE), configSection(profile), settings), false);
}

/** `aws configure`: four prompts showing current values (keys masked); Enter keeps a value. */
async function interactiveConfigure(invocation: AwsInvocation): Promise<number> {
  const { context, globals } = invocation;
  const current = scopedConfig(context.shell.files, globals.profile);
  const changes: Record<string, string> = {};
  for (const [key, text] of PROMPTS) {
    const value = current.get(key);
    const shown = key.startsWith("aws_") ? maskValue(value) : (value ?? "None");
    context.out(`${text} [${shown}]: `);
    const read = context.shell.terminal ? await context.shell.terminal.readLine() : ({ kind: "eof" } as const);
    if (read.kind === "interrupt") {
      // The CLI catches KeyboardInterrupt, prints a newline and exits 130.
      context.err("\n");
      return 130;
    }
    if (read.kind === "eof") {
      // Python's input() raises EOFError, which the CLI reports as an empty general error.
      context.err("\n\n");
      return 255;
    }
    if (read.text !== "" && read.text !== value) changes[key] = read.text;
  }
  if (Object.keys(changes).length > 0) writeSettings(invocation, changes, true);
  return 0;
}

function row(name: string, value: string, type: string, location: string): string {
  return `${name.padStart(10)} ${value.padStart(24)} ${type.padStart(16)}    ${location}\n`;
}

/** `aws configure list`: the CLI's four-column table of where each setting comes from. */
function configureList(invocation: AwsInvocation): number {
  const { context, globals } = invocation;
  const { env, shell } = context;
  let text = row("Name", "Value", "Type", "Location") + row("----", "-----", "----", "--------");
  if (globals.profileGiven) text += row("profile", globals.profile, "manual", "--profile");
  else if (env.AWS_PROFILE) text += row("profile", env.AWS_PROFILE, "env", "AWS_PROFILE");
  else text += row("profile", NOT_SET, "None", "None");
  const credentials = lookupCredentials(env, shell.files, globals.profile);
  if (credentials.kind === "found") {
    const { accessKeyId, secretAccessKey, source } = credentials.credentials;
    text += row("access_key", maskValue(accessKeyId), source, "") + row("secret_key", maskValue(secretAccessKey), source, "");
  } else text += row("access_key", NOT_SET, "None", "None") + row("secret_key", NOT_SET, "None", "None");
  const region = resolveRegion(globals.region, env, shell.files, globals.profile, invocation.instanceRegion);
  const location = region.type === "env" ? region.variable : region.type === "config-file" ? "~/.aws/config" : region.type === "manual" ? "--region" : "";
  text += row("region", region.value, region.type, location);
  context.out(text);
  return 0;
}

function settingName(name: string, profile: string): { key: string; profile: string } {
  const parts = name.split(".");
  if (parts.length === 2 && parts[0] === "default") return { key: parts[1], profile: "default" };
  if (parts.length === 3 && parts[0] === "profile") return { key: parts[2], profile: parts[1] };
  return { key: name, profile };
}

function configureGet(invocation: AwsInvocation, name: string): number {
  const { key, profile } = settingName(name, invocation.globals.profile);
  const value = scopedConfig(invocation.context.shell.files, profile).get(key);
  if (value === undefined) return 1;
  invocation.context.out(`${value}\n`);
  return 0;
}

function configureSet(invocation: AwsInvocation, name: string, value: string): number {
  const { key, profile } = settingName(name, invocation.globals.profile);
  writeSettings({ ...invocation, globals: { ...invocation.globals, profile } }, { [key]: value }, false);
  return 0;
}

export async function configure(invocation: AwsInvocation, args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined) return interactiveConfigure(invocation);
  if (subcommand === "list") return configureList(invocation);
  if (subcommand === "get" && rest.length === 1) return configureGet(invocation, rest[0]);
  if (subcommand === "set" && rest.length === 2) return configureSet(invocation, rest[0], rest[1]);
  if (subcommand === "get" || subcommand === "set") {
    const missing = subcommand === "get" ? "varname" : rest.length === 0 ? "varname, value" : "value";
    return invocation.usageError(`the following arguments are required: ${missing}`);
  }
  return invocation.usageError(`argument operation: Invalid choice, valid choices are: list | get | set (on this host)`);
}
