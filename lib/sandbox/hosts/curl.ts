import { createHash } from "node:crypto";
import { analyzePacketPath } from "@/lib/analysis";
import { between, type HostFacts } from "./host-facts";
import { seededRandomFromText } from "@/lib/seeded-random";
import { resolveName } from "./names";
import type { Command, CommandContext } from "./shell";

const IMDS_ADDRESS = "169.254.169.254";
const MAX_TOKEN_TTL = 21600;

interface CurlOptions {
  url?: string;
  method: string;
  headers: Map<string, string>;
  silent: boolean;
  showError: boolean;
  fail: boolean;
  outputFile?: string;
}

interface HttpResponse {
  status: number;
  body: string;
}

/** The error page IMDS serves (its exact markup, no trailing newline). */
function imdsErrorPage(status: string): string {
  return `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
         "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>${status}</title>
 </head>
 <body>
  <h1>${status}</h1>
 </body>
</html>`;
}

const NOT_FOUND: HttpResponse = { status: 404, body: imdsErrorPage("404 - Not Found") };
const UNAUTHORIZED: HttpResponse = { status: 401, body: imdsErrorPage("401 - Unauthorized") };
const BAD_REQUEST: HttpResponse = { status: 400, body: imdsErrorPage("400 - Bad Request") };

/** IMDSv2 session tokens: the expiry, sealed with a digest only this instance's IMDS can recompute. */
function issueToken(instanceId: string, expiresAt: number): string {
  const seal = createHash("sha256").update(`${instanceId}|${expiresAt}`).digest("base64url").slice(0, 40);
  return `AQAEA${Buffer.from(String(expiresAt)).toString("base64url")}.${seal}`;
}

function tokenIsValid(token: string, instanceId: string, now: number): boolean {
  const match = /^AQAEA([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return false;
  const expiresAt = Number(Buffer.from(match[1], "base64url").toString());
  return Number.isFinite(expiresAt) && expiresAt > now && issueToken(instanceId, expiresAt) === token;
}

function metadataTree(facts: HostFacts): Map<string, string> {
  const entries: [string, string][] = [
    ["ami-id", facts.imageId],
    ["hostname", facts.fqdn],
    ["instance-id", facts.instanceId],
    ["instance-type", facts.instanceType],
    ["local-hostname", facts.fqdn],
    ["local-ipv4", facts.privateIp],
    ["mac", facts.mac],
    ["placement/availability-zone", facts.availabilityZone],
    ["placement/region", facts.region],
    ["security-groups", facts.securityGroupNames.join("\n")],
  ];
  if (facts.publicIp) entries.push(["public-ipv4", facts.publicIp]);
  return new Map(entries);
}

/** A directory listing: children one per line, sub-directories with a trailing slash. */
function directoryListing(tree: Map<string, string>, directory: string): string | undefined {
  const children = new Set<string>();
  for (const key of tree.keys()) {
    if (!key.startsWith(directory)) continue;
    const rest = key.slice(directory.length).split("/");
    children.add(rest.length > 1 ? `${rest[0]}/` : rest[0]);
  }
  return children.size > 0 ? [...children].sort().join("\n") : undefined;
}

/** The instance metadata service as an AL2023 instance sees it (no instance profile, so no iam/). */
function metadataResponse(facts: HostFacts, options: CurlOptions, path: string, now: number): HttpResponse {
  if (path === "/latest/api/token") {
    if (options.method !== "PUT") return { status: 405, body: imdsErrorPage("405 - Method Not Allowed") };
    const ttl = Number(options.headers.get("x-aws-ec2-metadata-token-ttl-seconds"));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL) return BAD_REQUEST;
    return { status: 200, body: issueToken(facts.instanceId, now + ttl * 1000) };
  }
  const token = options.headers.get("x-aws-ec2-metadata-token");
  if (token !== undefined ? !tokenIsValid(token, facts.instanceId, now) : facts.httpTokens === "required") return UNAUTHORIZED;
  if (path === "/latest/meta-data" || path === "/latest/meta-data/") return { status: 200, body: directoryListing(metadataTree(facts), "") ?? "" };
  if (!path.startsWith("/latest/meta-data/")) return NOT_FOUND;
  const tree = metadataTree(facts);
  const key = path.slice("/latest/meta-data/".length);
  const value = key.endsWith("/") ? directoryListing(tree, key) : tree.get(key);
  return value === undefined ? NOT_FOUND : { status: 200, body: value };
}

type ParsedCurl = { kind: "ok"; options: CurlOptions } | { kind: "error"; message: string; status: number };

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

export function parseCurlArgs(args: string[]): ParsedCurl {
  const options: CurlOptions = { method: "GET", headers: new Map(), silent: false, showError: false, fail: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = () => args[++i];
    if (arg === "-X" || arg === "--request") options.method = next() ?? "GET";
    else if (arg === "-H" || arg === "--header") {
      const header = next() ?? "";
      const colon = header.indexOf(":");
      if (colon > 0) options.headers.set(header.slice(0, colon).trim().toLowerCase(), header.slice(colon + 1).trim());
    } else if (arg === "-o" || arg === "--output") options.outputFile = next();
    else if (/^-[sSfL]+$/.test(arg)) {
      options.silent ||= arg.includes("s");
      options.showError ||= arg.includes("S");
      options.fail ||= arg.includes("f");
    } else if (["--silent", "--show-error", "--fail", "--location"].includes(arg)) {
      options.silent ||= arg === "--silent";
      options.showError ||= arg === "--show-error";
      options.fail ||= arg === "--fail";
    } else if (arg.startsWith("-")) return { kind: "error", message: `curl: option ${arg}: is unknown\n${TRY_HELP}`, status: 2 };
    else options.url = arg;
  }
  if (!options.url) return { kind: "error", message: `curl: no URL specified!\n${TRY_HELP}`, status: 2 };
  return { kind: "ok", options };
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw.includes("://") ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

/** curl's own error line; -s hides it unless -S brings it back. */
function curlError(context: CommandContext, options: CurlOptions, code: number, message: string): number {
  if (!options.silent || options.showError) context.err(`curl: (${code}) ${message}\n`);
  return code;
}

/** Linux gives up on an unanswered SYN after six retries: about 130 seconds. */
async function connectToHost(context: CommandContext, options: CurlOptions, host: string, port: number): Promise<number> {
  const world = await context.shell.world();
  const lookup = resolveName(world, context.shell.instanceId, host);
  if (!lookup) return curlError(context, options, 6, `Could not resolve host: ${host}`);
  const reachable = lookup.local || analyzePacketPath(world.index, { from: { instanceId: context.shell.instanceId }, to: { address: lookup.address }, protocol: "tcp", port }).reachable;
  // Nothing listens on the simulated hosts, so a reachable host refuses the connection at once.
  if (reachable) return curlError(context, options, 7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
  const random = seededRandomFromText(`${context.shell.instanceId}|${host}|${port}|${context.shell.services.now()}`);
  const waited = between(random, 129_500, 134_500);
  if (!(await context.shell.clock.sleep(waited))) {
    context.err("\n");
    return 130;
  }
  return curlError(context, options, 28, `Failed to connect to ${host} port ${port} after ${waited} ms: Couldn't connect to server`);
}

function deliver(context: CommandContext, options: CurlOptions, response: HttpResponse): number {
  if (options.fail && response.status >= 400) return curlError(context, options, 22, `The requested URL returned error: ${response.status}`);
  if (options.outputFile) {
    const problem = context.shell.writeFile(options.outputFile, response.body, false, context.asRoot);
    if (problem) return curlError(context, options, 23, `Failure writing output to destination`);
    return 0;
  }
  context.out(response.body);
  return 0;
}

export const curl: Command = async (context) => {
  const parsed = parseCurlArgs(context.args);
  if (parsed.kind === "error") {
    context.err(parsed.message);
    return parsed.status;
  }
  const { options } = parsed;
  const url = parseUrl(options.url as string);
  if (!url || !["http:", "https:"].includes(url.protocol)) return curlError(context, options, 3, `URL rejected: Malformed input to a URL function`);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (url.hostname === IMDS_ADDRESS && url.protocol === "http:" && port === 80) {
    const facts = await context.shell.facts();
    return deliver(context, options, metadataResponse(facts, options, url.pathname, context.shell.services.now()));
  }
  return connectToHost(context, options, url.hostname, port);
};
