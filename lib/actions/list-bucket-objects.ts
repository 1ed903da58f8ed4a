"use server";

import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { bucketName } from "./bucket-name";

const input = z.object({ bucket: bucketName });

export interface BucketObject {
  key: string;
  size: number;
  lastModified?: string;
}

/** The bucket's objects as the console's credentials see them (a bucket policy may lock the console out). */
export async function listBucketObjectsAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { bucket }) => {
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 200 }));
    const objects: BucketObject[] = (listed.Contents ?? []).map((object) => ({
      key: object.Key!,
      size: object.Size ?? 0,
      lastModified: object.LastModified?.toISOString(),
    }));
    return { data: { objects, truncated: Boolean(listed.IsTruncated) } };
    // The bucket view refreshes on its own: a read never resets the idle-teardown clock.
  }, { readOnly: true });
}
