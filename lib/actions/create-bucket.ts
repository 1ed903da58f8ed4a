"use server";

import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { bucketName } from "@/lib/console/bucket-name";

const input = z.object({ bucket: bucketName });

export async function createBucketAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { bucket }) => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return { data: { bucket }, message: `Created bucket ${bucket}.` };
  }, { createsBucket: true });
}
