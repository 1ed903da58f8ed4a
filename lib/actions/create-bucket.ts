"use server";

import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { bucketName } from "./bucket-name";

const input = z.object({ bucket: bucketName });

export async function createBucketAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { bucket }) => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return { data: { bucket }, message: `Created bucket ${bucket}.` };
  }, { createsBucket: true });
}
