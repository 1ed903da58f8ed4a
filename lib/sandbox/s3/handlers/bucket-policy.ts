/** PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy. */
import { validateBucketPolicy } from "../model/bucket-policy";
import { accessDenied, noSuchBucketPolicy } from "../model/errors";
import { isPublicPolicy, publicAccessBlockOf } from "../model/public-access";
import { setBucketPolicy } from "../model/storage";
import type { S3Result } from "../protocol/response";
import type { S3BucketCall, S3Operation } from "./operation";

/** BlockPublicPolicy: a valid policy that grants public access is refused, with S3's AccessDenied naming the setting. */
function checkBlockPublicPolicy(call: S3BucketCall, text: string): void {
  if (!publicAccessBlockOf(call.bucket).blockPublicPolicy || !isPublicPolicy(text)) return;
  throw accessDenied(
    `User: ${call.ctx.caller.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${call.bucket.name}" ` +
      "because public policies are blocked by the BlockPublicPolicy block public access setting.",
  );
}

async function putBucketPolicy(call: S3BucketCall): Promise<S3Result> {
  const text = call.request.body.toString("utf8");
  validateBucketPolicy(text, call.bucket.name);
  checkBlockPublicPolicy(call, text);
  await setBucketPolicy(call.bucket.name, text);
  return { status: 204 };
}

/** S3 returns the policy exactly as it was put. */
async function getBucketPolicy(call: S3BucketCall): Promise<S3Result> {
  if (call.bucket.policy === null) throw noSuchBucketPolicy(call.bucket.name);
  return { headers: { "Content-Type": "application/json" }, body: call.bucket.policy };
}

/** Deleting a policy that is not there succeeds, as on S3. */
async function deleteBucketPolicy(call: S3BucketCall): Promise<S3Result> {
  await setBucketPolicy(call.bucket.name, null);
  return { status: 204 };
}

export const bucketPolicyOperations = {
  PutBucketPolicy: { scope: "bucket", action: "s3:PutBucketPolicy", run: putBucketPolicy },
  GetBucketPolicy: { scope: "bucket", action: "s3:GetBucketPolicy", run: getBucketPolicy },
  DeleteBucketPolicy: { scope: "bucket", action: "s3:DeleteBucketPolicy", run: deleteBucketPolicy },
} satisfies Record<string, S3Operation>;
