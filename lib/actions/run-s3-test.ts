"use server";

import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { z } from "zod";
import { analyzeS3Request, indexSnapshot, type S3Verdict } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { accountIdOf } from "@/lib/aws/account-id";
import { readAccountSnapshot } from "@/lib/aws/shared-snapshot";
import { readLockedPolicies } from "@/lib/labs/locked-policy";
import { runTestOnInstance, shellQuote, type ShellResult } from "@/lib/labs/shell-on-instance";
import { s3Verdict, recordTestOfLatestLab } from "@/lib/classroom/recording";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { instanceId } from "@/lib/console/schemas";

const S3_ACTIONS = {
  list: { iamAction: "s3:ListBucket", operation: "ListObjectsV2" },
  get: { iamAction: "s3:GetObject", operation: "GetObject" },
  put: { iamAction: "s3:PutObject", operation: "PutObject" },
} as const;

const input = z.object({
  /** An instance id, or "console" for a call from this console (outside AWS). */
  from: z.union([instanceId, z.literal("console")]),
  request: z.enum(["list", "get", "put"]),
  bucket: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "Choose a bucket."),
  key: z.string().trim().max(1024).optional().default(""),
});

type Input = z.output<typeof input>;

export interface S3TestResult {
  command: string;
  shell?: ShellResult;
  shellError?: { code: string; message: string };
  /** When SSM cannot reach the instance: EC2 Instance Connect in the AWS console, to run the command there. */
  instanceConnectUrl?: string;
  verdict: S3Verdict;
}

/** The AWS CLI line a student would type on the instance for this request. */
function cliCommand({ request, bucket, key }: Input): string {
  const object = shellQuote(`s3://${bucket}/${key}`);
  if (request === "list") return `aws s3 ls ${shellQuote(`s3://${bucket}/${key}`)}`;
  if (request === "get") return `aws s3 cp ${object} ./${shellQuote(key.split("/").pop() || "object")}`;
  return `echo "written by the VPC Lab console" > vpc-lab-test.txt && aws s3 cp vpc-lab-test.txt ${object}`;
}

/** The same request made by the console itself, from outside AWS, printed like the CLI would. */
async function runFromConsole(aws: AwsClients, { request, bucket, key }: Input): Promise<ShellResult> {
  try {
    if (request === "list") {
      const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key || undefined }));
      const lines = (listed.Contents ?? []).map((object) => `${object.LastModified?.toISOString().replace("T", " ").slice(0, 19)} ${String(object.Size).padStart(10)} ${object.Key}`);
      return { stdout: lines.join("\n") + (lines.length ? "\n" : ""), stderr: "", exitCode: 0, status: "Success" };
    }
    if (request === "get") {
      const object = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { stdout: `download: s3://${bucket}/${key} (${object.ContentLength} bytes)\n`, stderr: "", exitCode: 0, status: "Success" };
    }
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key || "vpc-lab-test.txt", Body: "written by the VPC Lab console\n" }));
    return { stdout: `upload: vpc-lab-test.txt to s3://${bucket}/${key || "vpc-lab-test.txt"}\n`, stderr: "", exitCode: 0, status: "Success" };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    const operation = S3_ACTIONS[request].operation;
    return { stdout: "", stderr: `An error occurred (${e.name}) when calling the ${operation} operation: ${e.message}\n`, exitCode: 254, status: "Failed" };
  }
}

/**
 * The console's calls come from outside AWS. In the sandbox they arrive from loopback, which is
 * the address the sandbox's own policy check sees; on real AWS the server's public address is
 * not known here, so aws:SourceIp conditions are evaluated against an address no policy names.
 */
function consoleSourceIp(aws: AwsClients): string {
  return aws.mode === "sandbox" ? "127.0.0.1" : "192.0.2.1";
}

/** An S3 request from an instance (through SSM) or from the console, with the analysis verdict beside it. */
export async function runS3TestAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, data) => {
    const [snapshot, identity] = await Promise.all([
      // Shared with the console's live view of the same state, as the ping test.
      accountIdOf(aws).then((accountId) => readAccountSnapshot(aws, accountId, { identities: true, s3: true })),
      aws.sts.send(new GetCallerIdentityCommand({})),
    ]);
    // The verdict beside the output must know a bucket policy that locks this console out.
    await readLockedPolicies(aws, snapshot);
    const { iamAction, operation } = S3_ACTIONS[data.request];
    const verdict = await analyzeS3Request(indexSnapshot(snapshot), {
      from: data.from === "console" ? { outside: { sourceIp: consoleSourceIp(aws) } } : { instanceId: data.from },
      principalArn: identity.Arn!,
      action: iamAction,
      operation,
      bucket: data.bucket,
      key: data.key || undefined,
    });
    const command = cliCommand(data);
    const result: S3TestResult = { command, verdict };
    if (data.from === "console") {
      result.shell = await runFromConsole(aws, data);
    } else {
      Object.assign(result, await runTestOnInstance(aws, data.from, [command]));
    }
    await recordTestOfLatestLab(user.id, s3Verdict(verdict));
    return { data: result };
  });
}
