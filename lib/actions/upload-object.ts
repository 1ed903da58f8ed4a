"use server";

import { PutObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure, awsErrorOf } from "@/lib/action-pipeline/result";
import { bucketName } from "@/lib/console/bucket-name";
import { uploadTooLarge } from "@/lib/console/upload-limit";

const input = z.object({
  bucket: bucketName,
  // A nameless part is no file chosen (the form sends only chosen files; an empty input's part became the key "undefined").
  files: z.array(z.instanceof(File)).transform((files) => files.filter((file) => typeof file.name === "string" && file.name !== "")).pipe(z.array(z.instanceof(File)).min(1, { error: "Choose a file to upload." })),
});

const listed = (names: readonly string[]) => new Intl.ListFormat("en", { type: "conjunction" }).format(names);

/**
 * Uploads the chosen files, one PutObject each, in the order chosen (the S3 console's Upload takes
 * several at once; the lab asks for a couple of objects). A failure names the files uploaded before it.
 */
export async function uploadObjectAction(form: FormData) {
  return awsAction(input, { bucket: form.get("bucket"), files: form.getAll("file") }, async ({ aws }, { bucket, files }) => {
    const tooLarge = uploadTooLarge(files);
    if (tooLarge) throw new ActionFailure(tooLarge.code, tooLarge.message);
    const uploaded: string[] = [];
    for (const file of files) {
      try {
        await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: file.name, Body: Buffer.from(await file.arrayBuffer()), ContentType: file.type || undefined }));
      } catch (error) {
        const known = awsErrorOf(error);
        if (!known || uploaded.length === 0) throw error;
        throw new ActionFailure(known.code, `${known.message} (${file.name} was not uploaded; ${listed(uploaded)} ${uploaded.length === 1 ? "was" : "were"}.)`);
      }
      uploaded.push(file.name);
    }
    return { data: { keys: uploaded }, message: `Uploaded ${listed(uploaded)} to ${bucket}.` };
  });
}
