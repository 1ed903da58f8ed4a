import { HOME } from "./shell";
import type { HostFiles } from "./types";

export const CREDENTIALS_FILE = `${HOME}/.aws/credentials`;
export const CONFIG_FILE = `${HOME}/.aws/config`;

type Ini = Map<string, Map<string, string>>;

export function parseIni(content: string | undefined): Ini {
  const sections: Ini = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of (content ?? "").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]) ?? new Map();
      sections.set(header[1], current);
      continue;
    }
    const equals = line.indexOf("=");
    if (current && equals > 0) current.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  return sections;
}

/**
 * Sets `key = value` in a section the way the CLI's ConfigFileWriter does: replace the line if
 * the key is there, else add it at the end of the section, else append a new section.
 */
export function updateIni(content: string | undefined, section: string, values: Record<string, string>): string {
  const lines = content ? content.replace(/\n$/, "").split("\n") : [];
  const pending = new Map(Object.entries(values));
  let start = lines.findIndex((line) => line.trim().replace(/^\[\s*|\s*\]$/g, "") === section && line.trim().startsWith("["));
  if (start === -1) {
    lines.push(`[${section}]`);
    start = lines.length - 1;
  }
  let end = start + 1;
  while (end < lines.length && !lines[end].trim().startsWith("[")) {
    const key = lines[end].split("=")[0].trim();
    if (pending.has(key)) {
      lines[end] = `${key} = ${pending.get(key)}`;
      pending.delete(key);
    }
    end++;
  }
  while (end > start + 1 && lines[end - 1].trim() === "") end--;
  lines.splice(end, 0, ...[...pending].map(([key, value]) => `${key} = ${value}`));
  return `${lines.join("\n")}\n`;
}

/** Credentials-file sections are named after the profile; config-file ones are "profile NAME" (except default). */
export function configSection(profile: string): string {
  return profile === "default" ? "default" : `profile ${profile}`;
}

/** "iam-role": the instance profile's role, from IMDS (the last link of the chain). */
export type CredentialSource = "env" | "shared-credentials-file" | "config-file" | "iam-role";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** AWS_SESSION_TOKEN / aws_session_token, sent with temporary credentials. */
  sessionToken?: string;
  source: CredentialSource;
}

export type CredentialLookup = { kind: "found"; credentials: Credentials } | { kind: "none" } | { kind: "partial"; message: string };

const CREDENTIAL_KEYS = ["aws_access_key_id", "aws_secret_access_key"] as const;

function fromSection(section: Map<string, string> | undefined, source: CredentialSource): Credentials | undefined {
  const accessKeyId = section?.get("aws_access_key_id");
  const secretAccessKey = section?.get("aws_secret_access_key");
  const sessionToken = section?.get("aws_session_token");
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), source } : undefined;
}

/**
 * botocore's credential chain up to IMDS: environment variables, then the shared credentials
 * file, then the config file. IMDS's role credentials, the last link, are asked for by the caller
 * (prepareCall in aws-cli.ts) when these find none.
 */
export function lookupCredentials(env: Record<string, string>, files: HostFiles, profile: string): CredentialLookup {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const sessionToken = env.AWS_SESSION_TOKEN;
  if (accessKeyId && secretAccessKey) return { kind: "found", credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), source: "env" } };
  if (accessKeyId) return { kind: "partial", message: "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY" };
  if (secretAccessKey) return { kind: "partial", message: "Partial credentials found in env, missing: AWS_ACCESS_KEY_ID" };
  const shared = fromSection(parseIni(files[CREDENTIALS_FILE]).get(profile), "shared-credentials-file");
  const config = fromSection(parseIni(files[CONFIG_FILE]).get(configSection(profile)), "config-file");
  const found = shared ?? config;
  return found ? { kind: "found", credentials: found } : { kind: "none" };
}

/** The profile's settings as `aws configure` sees them: config file, overlaid by the credentials file. */
export function scopedConfig(files: HostFiles, profile: string): Map<string, string> {
  const merged = new Map(parseIni(files[CONFIG_FILE]).get(configSection(profile)) ?? []);
  for (const [key, value] of parseIni(files[CREDENTIALS_FILE]).get(profile) ?? []) merged.set(key, value);
  return merged;
}

export function isCredentialKey(key: string): boolean {
  return (CREDENTIAL_KEYS as readonly string[]).includes(key) || key === "aws_session_token";
}

export type RegionSource = { value: string; type: "env"; variable: string } | { value: string; type: "config-file" } | { value: string; type: "imds" } | { value: string; type: "manual" };

/** Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the config file, then IMDS (CLI v2 asks it on EC2). */
export function resolveRegion(cliRegion: string | undefined, env: Record<string, string>, files: HostFiles, profile: string, instanceRegion: string): RegionSource {
  if (cliRegion) return { value: cliRegion, type: "manual" };
  if (env.AWS_REGION) return { value: env.AWS_REGION, type: "env", variable: "AWS_REGION" };
  if (env.AWS_DEFAULT_REGION) return { value: env.AWS_DEFAULT_REGION, type: "env", variable: "AWS_DEFAULT_REGION" };
  const configured = parseIni(files[CONFIG_FILE]).get(configSection(profile))?.get("region");
  if (configured) return { value: configured, type: "config-file" };
  return { value: instanceRegion, type: "imds" };
}

/** The CLI's masking of secrets in prompts and `configure list`. */
export function maskValue(value: string | undefined): string {
  return value === undefined ? "None" : `${"*".repeat(16)}${value.slice(-4)}`;
}
