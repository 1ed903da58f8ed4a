/** PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy. */
import { validateBucketPolicy } from "../model/bucket-policy";
import { noSuchBucketPolicy } from "../model/errors";
import { setBucketPolicy } from "../model/storage";
import { emptyResponse, s3Headers } from "../protocol/xml";
import type { S3BucketCall, S3Operation } from "./operation";

async function putBucketPolicy(call: S3BucketCall) {
  const text = call.request.body.toString("utf8");
  validateBucketPolicy(text, call.bucket.name);
  await setBucketPolicy(call.bucket.name, text);
  return emptyResponse(call.ctx.requestId, 204);
}

/** S3 returns the policy exactly as it was put. */
async function getBucketPolicy(call: S3BucketCall) {
  if (call.bucket.policy === null) throw noSuchBucketPolicy(call.bucket.name);
  return { status: 200, headers: s3Headers(call.ctx.requestId, { "Content-Type": "application/json" }), body: call.bucket.policy };
}

/** Deleting a policy that is not there succeeds, as on S3. */
async function deleteBucketPolicy(call: S3BucketCall) {
  await setBucketPolicy(call.bucket.name, null);
  return emptyResponse(call.ctx.requestId, 204);
}

export const bucketPolicyOperations = {
  PutBucketPolicy: { scope: "bucket", action: "s3:PutBucketPolicy", run: putBucketPolicy },
  GetBucketPolicy: { scope: "bucket", action: "s3:GetBucketPolicy", run: getBucketPolicy },
  DeleteBucketPolicy: { scope: "bucket", action: "s3:DeleteBucketPolicy", run: deleteBucketPolicy },
} satisfies Record<string, S3Operation>;
