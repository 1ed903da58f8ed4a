"use server";

import { DeleteBucketPolicyCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";
import { bucketName } from "@/lib/console/bucket-name";

const input = z.object({ bucket: bucketName });

/**
 * S3's lock-out safeguard: the bucket owner's root user may always delete the bucket policy, even one
 * that denies everyone. The sandbox console does it as the sandbox account's root user; on a real
 * account it holds no root credentials, so it says how the student does it.
 */
export async function deleteBucketPolicyAsRootAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { bucket }) => {
    if (!aws.accountRootS3) {
      throw new ActionFailure(
        "RootUserRequired",
        `Only the account's root user can delete this policy now. Sign in to the AWS console as the root user and delete it under S3 → ${bucket} → Permissions → Bucket policy (VPC Lab never holds root credentials), or remove it from an instance whose requests go through the endpoint.`,
      );
    }
    await (await aws.accountRootS3()).send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    return { data: undefined, message: `Deleted the policy of ${bucket} as the account's root user.` };
  });
}
