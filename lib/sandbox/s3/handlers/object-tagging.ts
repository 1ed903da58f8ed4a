/** GetObjectTagging, PutObjectTagging, DeleteObjectTagging: an object's tag set (an untagged object has an empty one). */
import { validateTagSet } from "../model/bucket-settings";
import { noSuchKey } from "../model/errors";
import { findObject, setObjectTags } from "../model/storage";
import type { S3Result } from "../protocol/response";
import { parseTagging, taggingFields } from "../protocol/settings-xml";
import type { S3BucketCall, S3Operation } from "./operation";
import { TAGGING_INPUTS } from "../protocol/inputs";

async function getObjectTagging(call: S3BucketCall): Promise<S3Result> {
  const object = await findObject(call.bucket.name, call.request.key);
  if (!object) throw noSuchKey(call.request.key);
  return { document: { root: "Tagging", content: taggingFields(object.tags) } };
}

async function putObjectTagging(call: S3BucketCall): Promise<S3Result> {
  const tags = parseTagging(call.request.body);
  validateTagSet(tags, "object");
  if (!(await setObjectTags(call.bucket.name, call.request.key, tags))) throw noSuchKey(call.request.key);
  return {};
}

async function deleteObjectTagging(call: S3BucketCall): Promise<S3Result> {
  if (!(await setObjectTags(call.bucket.name, call.request.key, []))) throw noSuchKey(call.request.key);
  return { status: 204 };
}

export const objectTaggingOperations = {
  GetObjectTagging: { scope: "object", action: "s3:GetObjectTagging", input: TAGGING_INPUTS.GetObjectTagging, run: getObjectTagging },
  PutObjectTagging: { scope: "object", action: "s3:PutObjectTagging", input: TAGGING_INPUTS.PutObjectTagging, run: putObjectTagging },
  DeleteObjectTagging: { scope: "object", action: "s3:DeleteObjectTagging", input: TAGGING_INPUTS.DeleteObjectTagging, run: deleteObjectTagging },
} satisfies Record<string, S3Operation>;
