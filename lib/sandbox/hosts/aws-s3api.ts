/**
 * `aws s3api get-bucket-policy | put-bucket-policy | delete-bucket-policy` on the simulated host: what a
 * student (or the console's teardown on a real account) runs on the instance to change a bucket policy
 * that only requests through the endpoint may touch.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { type AwsInvocation, EXIT, prepareCall, printError, printResponse } from "./aws-cli";
import { apiError, reportFailure, sendS3Request } from "./aws-s3";

type Flags = Map<string, string | true>;

const OPERATIONS = {
  "get-bucket-policy": { operation: "GetBucketPolicy", action: "s3:GetBucketPolicy" },
  "put-bucket-policy": { operation: "PutBucketPolicy", action: "s3:PutBucketPolicy" },
  "delete-bucket-policy": { operation: "DeleteBucketPolicy", action: "s3:DeleteBucketPolicy" },
} as const;

type Subcommand = keyof typeof OPERATIONS;

function stringFlag(flags: Flags, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === "string" ? value : undefined;
}

/** `--policy file://p.json` reads the file as the CLI does; anything else is the document itself. */
function policyArgument(invocation: AwsInvocation, value: string): { text: string } | { error: string } {
  if (!value.startsWith("file://")) return { text: value };
  const file = value.slice("file://".length);
  const text = invocation.context.shell.readFile(file);
  if (text === undefined) return { error: `Error parsing parameter '--policy': Unable to load paramfile ${value}: [Errno 2] No such file or directory: '${file}'` };
  return { text };
}

async function runOperation(invocation: AwsInvocation, subcommand: Subcommand, bucket: string, policy: string | undefined): Promise<number> {
  const { context } = invocation;
  const { operation, action } = OPERATIONS[subcommand];
  const call = await prepareCall(invocation, (message) => printError(context, message));
  if ("kind" in call) return call.status;
  const result = await sendS3Request(invocation, call, { action, operation, bucket });
  if (result.kind !== "allowed") return reportFailure(invocation, result);
  const s3 = context.shell.services.s3;
  try {
    if (subcommand === "delete-bucket-policy") await s3.deleteBucketPolicy(bucket);
    if (subcommand === "put-bucket-policy") await s3.putBucketPolicy(bucket, policy!);
    if (subcommand === "get-bucket-policy") return printPolicy(invocation, operation, await s3.getBucketPolicy(bucket));
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    printError(context, apiError(operation, error.code, error.message));
    return EXIT.serviceError;
  }
  return 0;
}

function printPolicy(invocation: AwsInvocation, operation: string, policy: string | null | undefined): number {
  if (typeof policy !== "string") {
    printError(invocation.context, apiError(operation, "NoSuchBucketPolicy", "The bucket policy does not exist"));
    return EXIT.serviceError;
  }
  return printResponse(invocation, { Policy: policy });
}

export async function s3apiCommand(invocation: AwsInvocation, operation: string | undefined, flags: Flags): Promise<number> {
  if (operation === undefined) return invocation.usageError("the following arguments are required: operation");
  if (!(operation in OPERATIONS)) {
    return invocation.usageError(`argument operation: this simulated host runs aws s3api ${Object.keys(OPERATIONS).join(", ")}`);
  }
  const subcommand = operation as Subcommand;
  const bucket = stringFlag(flags, "--bucket");
  const policyValue = stringFlag(flags, "--policy");
  const missing = [bucket === undefined && "--bucket", subcommand === "put-bucket-policy" && policyValue === undefined && "--policy"].filter(Boolean);
  if (missing.length) return invocation.usageError(`the following arguments are required: ${missing.join(", ")}`);
  if (subcommand !== "put-bucket-policy") return runOperation(invocation, subcommand, bucket!, undefined);
  const policy = policyArgument(invocation, policyValue!);
  if ("error" in policy) {
    printError(invocation.context, policy.error);
    return EXIT.usage;
  }
  return runOperation(invocation, subcommand, bucket!, policy.text);
}
