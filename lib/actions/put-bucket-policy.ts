"use server";

import { DeleteBucketPolicyCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { bucketName, policyDocument } from "@/lib/console/bucket-name";

const input = z.object({ bucket: bucketName, policy: policyDocument.optional() });

/** Sets the bucket policy, or deletes it when no policy is given. */
export async function putBucketPolicyAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { bucket, policy }) => {
    if (policy === undefined) {
      await aws.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      return { data: undefined, message: `Deleted the policy of ${bucket}.` };
    }
    await aws.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    return { data: undefined, message: `Saved the policy of ${bucket}.` };
  });
}
