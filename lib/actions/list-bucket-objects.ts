"use server";

import { z } from "zod";
import { listBucketObjects } from "@/lib/aws/bucket-objects";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { bucketName } from "@/lib/console/bucket-name";

const input = z.object({ bucket: bucketName });

/** The bucket's objects as the console's credentials see them (a bucket policy may lock the console out). */
export async function listBucketObjectsAction(values: z.input<typeof input>) {
  // The bucket view refreshes on its own: a read never resets the idle-teardown clock.
  return awsAction(input, values, async ({ aws }, { bucket }) => ({ data: await listBucketObjects(aws.s3, bucket) }), { readOnly: true });
}
