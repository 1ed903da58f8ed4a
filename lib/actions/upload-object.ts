"use server";

import { PutObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";
import { bucketName } from "@/lib/console/bucket-name";

/** Uploads from the console go through a server action, whose body Next limits; larger files belong to the CLI. */
const MAX_UPLOAD_BYTES = 900 * 1024;

const input = z.object({ bucket: bucketName, file: z.instanceof(File, { error: "Choose a file to upload." }) });

export async function uploadObjectAction(form: FormData) {
  return awsAction(input, { bucket: form.get("bucket"), file: form.get("file") }, async ({ aws }, { bucket, file }) => {
    if (file.size > MAX_UPLOAD_BYTES) {
      throw new ActionFailure("EntityTooLarge", `The console uploads files up to 900 KB; use \`aws s3 cp\` for ${file.name}.`);
    }
    const key = file.name;
    await aws.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(await file.arrayBuffer()), ContentType: file.type || undefined }),
    );
    return { data: { key }, message: `Uploaded ${key} to ${bucket}.` };
  });
}
