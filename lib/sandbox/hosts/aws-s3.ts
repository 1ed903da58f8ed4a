import path from "node:path";
import { analyzeS3Request, connectTimeoutUrl, type SnapshotIndex } from "@/lib/analysis";
import { type ApiCall, type AwsInvocation, EXIT, interrupted, prepareCall, printError, sessionTokenProblem, waitForConnectTimeouts } from "./aws-cli";
import { HOME } from "./shell";
import type { S3ObjectEntry } from "./types";

interface S3Request {
  action: string;
  operation: string;
  bucket?: string;
  key?: string;
}

/** How an S3 request ended, with the CLI's text for the failure. */
export type S3Result =
  | { kind: "allowed" }
  | { kind: "denied" | "no-such-bucket" | "auth"; text: string }
  | { kind: "timeout"; text: string }
  | { kind: "interrupted" };

export function apiError(operation: string, code: string, message: string): string {
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}

/** The world's index, knowing a role session's identity too (the world lists IAM users only). */
function indexWithCaller(call: ApiCall): SnapshotIndex {
  const identity = call.owner?.session?.identity;
  if (!identity) return call.world.index;
  return { ...call.world.index, identities: new Map(call.world.index.identities).set(identity.arn, identity) };
}

/**
 * One S3 request from the instance. The analysis decides the path and the policies; S3
 * authenticates the key before it authorizes, but only once the request has arrived.
 */
export async function sendS3Request(invocation: AwsInvocation, call: ApiCall, request: S3Request): Promise<S3Result> {
  const { context } = invocation;
  const principalArn = call.owner?.arn ?? `arn:aws:iam::${call.world.snapshot.accountId}:root`;
  const verdict = await analyzeS3Request(indexWithCaller(call), { from: { instanceId: context.shell.instanceId }, principalArn, ...request });
  if (verdict.outcome === "timeout") {
    if (!(await waitForConnectTimeouts(context, `s3|${request.operation}`))) return { kind: "interrupted" };
    return { kind: "timeout", text: `Connect timeout on endpoint URL: "${connectTimeoutUrl(call.region, request.operation, request.bucket, request.key ?? "")}"` };
  }
  if (!call.owner) return { kind: "auth", text: apiError(request.operation, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.") };
  const result = authorizedResult(call, request, verdict, context.shell.services.now());
  logS3Call(invocation, call, request, result);
  return result;
}

type ArrivedResult = Exclude<S3Result, { kind: "timeout" | "interrupted" }>;

function authorizedResult(call: ApiCall, request: S3Request, verdict: Awaited<ReturnType<typeof analyzeS3Request>>, now: number): ArrivedResult {
  const tokenProblem = sessionTokenProblem(call, now);
  if (tokenProblem === "invalid") return { kind: "auth", text: apiError(request.operation, "InvalidToken", "The provided token is malformed or otherwise invalid.") };
  if (tokenProblem === "expired") return { kind: "auth", text: apiError(request.operation, "ExpiredToken", "The provided token has expired.") };
  if (call.owner!.secretAccessKey !== call.credentials.secretAccessKey) {
    return { kind: "auth", text: apiError(request.operation, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.") };
  }
  if (verdict.outcome === "allowed") return { kind: "allowed" };
  if (verdict.outcome === "unknown" || verdict.outcome === "timeout") throw new Error(`S3 access for ${request.action} on ${request.bucket} is undecidable: ${verdict.explanation}`);
  return { kind: verdict.outcome, text: verdict.cliOutput ?? apiError(request.operation, verdict.errorCode ?? "AccessDenied", verdict.errorMessage ?? "Access Denied") };
}

const HTTP_STATUS: Record<ArrivedResult["kind"], number> = { allowed: 200, denied: 403, auth: 403, "no-such-bucket": 404 };

/** A request that reached S3 with a key IAM knows is in the key owner's activity, with the error code the CLI printed. */
function logS3Call(invocation: AwsInvocation, call: ApiCall, request: S3Request, result: ArrivedResult): void {
  const errorCode = result.kind === "allowed" ? null : (/An error occurred \((\w+)\)/.exec(result.text)?.[1] ?? "AccessDenied");
  invocation.context.shell.services.recordApiCall?.({
    instanceId: invocation.context.shell.instanceId,
    caller: call.owner!,
    accessKeyId: call.credentials.accessKeyId,
    service: "s3",
    action: request.operation,
    summary: [request.bucket && `Bucket=${request.bucket}`, request.key && `Key=${request.key}`].filter(Boolean).join(", "),
    errorCode,
    httpStatus: HTTP_STATUS[result.kind],
  });
}

function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  if (!uri.startsWith("s3://")) return undefined;
  const rest = uri.slice(5);
  const slash = rest.indexOf("/");
  return slash === -1 ? { bucket: rest, key: "" } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/** The CLI's timestamp: local time (UTC on EC2), YYYY-MM-DD HH:MM:SS. */
function timestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

function listingLines(objects: S3ObjectEntry[], prefix: string): string {
  const prefixes = new Set<string>();
  const contents: S3ObjectEntry[] = [];
  for (const object of objects) {
    const slash = object.key.indexOf("/", prefix.length);
    if (slash === -1) contents.push(object);
    else prefixes.add(object.key.slice(0, slash + 1));
  }
  const pre = [...prefixes].sort().map((common) => `${"PRE".padStart(30)} ${common.split("/").at(-2)}/\n`);
  const files = contents.map((object) => `${timestamp(object.lastModified)} ${String(object.size).padStart(10)} ${object.key.split("/").at(-1)}\n`);
  return pre.join("") + files.join("");
}

/** Fails an `aws s3` call the way the CLI does: service errors exit 254, connection errors 255. */
export function reportFailure(invocation: AwsInvocation, result: Exclude<S3Result, { kind: "allowed" }>): number {
  if (result.kind === "interrupted") return interrupted(invocation.context);
  printError(invocation.context, result.text);
  return result.kind === "timeout" ? EXIT.general : EXIT.serviceError;
}

async function listBuckets(invocation: AwsInvocation, call: ApiCall): Promise<number> {
  const result = await sendS3Request(invocation, call, { action: "s3:ListAllMyBuckets", operation: "ListBuckets" });
  if (result.kind !== "allowed") return reportFailure(invocation, result);
  const buckets = await invocation.context.shell.services.s3.listBuckets(call.owner?.accountId ?? "");
  invocation.context.out(buckets.map((bucket) => `${timestamp(bucket.creationDate)} ${bucket.name}\n`).join(""));
  return 0;
}

async function ls(invocation: AwsInvocation, target: string | undefined): Promise<number> {
  const call = await prepareCall(invocation, (message) => printError(invocation.context, message));
  if ("kind" in call) return call.status;
  const uri = target === undefined ? undefined : parseS3Uri(target.startsWith("s3://") ? target : `s3://${target}`);
  if (!uri?.bucket) return listBuckets(invocation, call);
  const result = await sendS3Request(invocation, call, { action: "s3:ListBucket", operation: "ListObjectsV2", bucket: uri.bucket, key: uri.key });
  if (result.kind !== "allowed") return reportFailure(invocation, result);
  const objects = await invocation.context.shell.services.s3.listObjects(uri.bucket, uri.key);
  invocation.context.out(listingLines(objects, uri.key));
  // With a prefix typed, finding nothing is a failure (exit 1); a whole empty bucket is not.
  return uri.key && objects.length === 0 ? 1 : 0;
}

/** How the CLI names a local file in its messages: relative to the working directory, ./file.txt. */
function displayPath(absolute: string): string {
  const directory = path.posix.relative(HOME, path.posix.dirname(absolute)) || ".";
  return `${directory}/${path.posix.basename(absolute)}`;
}

interface Transfer {
  invocation: AwsInvocation;
  source: string;
  destination: string;
}

async function upload({ invocation, source, destination }: Transfer): Promise<number> {
  const { context } = invocation;
  const content = context.shell.readFile(source);
  if (content === undefined) {
    printError(context, `The user-provided path ${source} does not exist.`);
    return EXIT.general;
  }
  const uri = parseS3Uri(destination) as { bucket: string; key: string };
  const key = uri.key === "" || uri.key.endsWith("/") ? `${uri.key}${path.posix.basename(source)}` : uri.key;
  const shown = `${displayPath(context.shell.resolvePath(source))} to s3://${uri.bucket}/${key}`;
  const call = await prepareCall(invocation, (message) => context.err(`upload failed: ${shown} ${message.split(". ")[0]}\n`));
  if ("kind" in call) return EXIT.s3Failure;
  const result = await sendS3Request(invocation, call, { action: "s3:PutObject", operation: "PutObject", bucket: uri.bucket, key });
  if (result.kind === "interrupted") return interrupted(context);
  if (result.kind !== "allowed") {
    context.err(`upload failed: ${shown} ${result.text}\n`);
    return EXIT.s3Failure;
  }
  await context.shell.services.s3.putObject(uri.bucket, key, content);
  context.out(`upload: ${shown}\n`);
  return 0;
}

/** The CLI's HeadObject before a download: HEAD errors carry no body, so only the status shows. */
function headObjectFailure(result: Exclude<S3Result, { kind: "allowed" | "interrupted" }>, key: string): string {
  if (result.kind === "timeout") return result.text;
  if (result.kind === "no-such-bucket") return apiError("HeadObject", "404", `Key "${key}" does not exist`);
  return apiError("HeadObject", "403", "Forbidden");
}

async function download({ invocation, source, destination }: Transfer): Promise<number> {
  const { context } = invocation;
  const uri = parseS3Uri(source) as { bucket: string; key: string };
  const call = await prepareCall(invocation, (message) => context.err(`fatal error: ${message.split(". ")[0]}\n`));
  if ("kind" in call) return EXIT.s3Failure;
  const result = await sendS3Request(invocation, call, { action: "s3:GetObject", operation: "HeadObject", bucket: uri.bucket, key: uri.key });
  if (result.kind === "interrupted") return interrupted(context);
  if (result.kind !== "allowed") {
    context.err(`fatal error: ${headObjectFailure(result, uri.key)}\n`);
    return EXIT.s3Failure;
  }
  const object = await context.shell.services.s3.getObject(uri.bucket, uri.key);
  if (!object) {
    context.err(`fatal error: ${apiError("HeadObject", "404", `Key "${uri.key}" does not exist`)}\n`);
    return EXIT.s3Failure;
  }
  const target = context.shell.isDirectory(destination) ? path.posix.join(context.shell.resolvePath(destination), path.posix.basename(uri.key)) : context.shell.resolvePath(destination);
  const shown = `s3://${uri.bucket}/${uri.key} to ${displayPath(target)}`;
  const problem = context.shell.writeFile(target, object.body, false, context.asRoot);
  if (problem) {
    context.err(`download failed: ${shown} [Errno 13] Permission denied: '${target}'\n`);
    return EXIT.s3Failure;
  }
  context.out(`download: ${shown}\n`);
  return 0;
}

async function copyBetweenBuckets({ invocation, source, destination }: Transfer): Promise<number> {
  const { context } = invocation;
  const from = parseS3Uri(source) as { bucket: string; key: string };
  const to = parseS3Uri(destination) as { bucket: string; key: string };
  const key = to.key === "" || to.key.endsWith("/") ? `${to.key}${path.posix.basename(from.key)}` : to.key;
  const shown = `${source} to s3://${to.bucket}/${key}`;
  const call = await prepareCall(invocation, (message) => context.err(`fatal error: ${message.split(". ")[0]}\n`));
  if ("kind" in call) return EXIT.s3Failure;
  const head = await sendS3Request(invocation, call, { action: "s3:GetObject", operation: "HeadObject", bucket: from.bucket, key: from.key });
  if (head.kind === "interrupted") return interrupted(context);
  const object = head.kind === "allowed" ? await context.shell.services.s3.getObject(from.bucket, from.key) : undefined;
  if (head.kind !== "allowed" || !object) {
    context.err(`fatal error: ${head.kind === "allowed" ? apiError("HeadObject", "404", `Key "${from.key}" does not exist`) : headObjectFailure(head, from.key)}\n`);
    return EXIT.s3Failure;
  }
  const put = await sendS3Request(invocation, call, { action: "s3:PutObject", operation: "CopyObject", bucket: to.bucket, key });
  if (put.kind === "interrupted") return interrupted(context);
  if (put.kind !== "allowed") {
    context.err(`copy failed: ${shown} ${put.text}\n`);
    return EXIT.s3Failure;
  }
  await context.shell.services.s3.putObject(to.bucket, key, object.body);
  context.out(`copy: ${shown}\n`);
  return 0;
}

const CP_USAGE = "usage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>";

async function cp(invocation: AwsInvocation, args: string[]): Promise<number> {
  if (args.length < 2) return invocation.usageError("the following arguments are required: paths");
  const [source, destination] = args;
  const transfer = { invocation, source, destination };
  const fromS3 = source.startsWith("s3://");
  const toS3 = destination.startsWith("s3://");
  if (!fromS3 && toS3) return upload(transfer);
  if (fromS3 && !toS3) return download(transfer);
  if (fromS3 && toS3) return copyBetweenBuckets(transfer);
  printError(invocation.context, `${CP_USAGE}\nError: Invalid argument type`);
  return EXIT.usage;
}

async function rm(invocation: AwsInvocation, args: string[]): Promise<number> {
  const { context } = invocation;
  const uri = args[0] === undefined ? undefined : parseS3Uri(args[0]);
  if (!uri) {
    if (args[0] === undefined) return invocation.usageError("the following arguments are required: paths");
    printError(context, `usage: aws s3 rm <S3Uri>\nError: Invalid argument type`);
    return EXIT.usage;
  }
  const shown = `s3://${uri.bucket}/${uri.key}`;
  const call = await prepareCall(invocation, (message) => context.err(`delete failed: ${shown} ${message.split(". ")[0]}\n`));
  if ("kind" in call) return EXIT.s3Failure;
  const result = await sendS3Request(invocation, call, { action: "s3:DeleteObject", operation: "DeleteObject", bucket: uri.bucket, key: uri.key });
  if (result.kind === "interrupted") return interrupted(context);
  if (result.kind !== "allowed") {
    context.err(`delete failed: ${shown} ${result.text}\n`);
    return EXIT.s3Failure;
  }
  // S3 answers 204 for a key that was never there, so the CLI reports the delete either way.
  await context.shell.services.s3.deleteObject(uri.bucket, uri.key);
  context.out(`delete: ${shown}\n`);
  return 0;
}

export async function s3Command(invocation: AwsInvocation, operation: string | undefined, args: string[], flags: Map<string, string | true>): Promise<number> {
  if (flags.has("--recursive")) return invocation.usageError("--recursive is not available on this simulated host");
  if (operation === "ls") return ls(invocation, args[0]);
  if (operation === "cp") return cp(invocation, args);
  if (operation === "rm") return rm(invocation, args);
  return invocation.usageError(`argument subcommand: this simulated host runs aws s3 ls, cp and rm`);
}
