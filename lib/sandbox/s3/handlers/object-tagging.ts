/** GetObjectTagging, PutObjectTagging, DeleteObjectTagging: an object's tag set (an untagged object has an empty one). */
import { validateTagSet } from "../model/bucket-settings";
import { noSuchKey } from "../model/errors";
import { findObject, setObjectTags } from "../model/storage";
import { parseTagging, taggingXml } from "../protocol/settings-xml";
import { emptyResponse, xmlDocument } from "../protocol/xml";
import type { S3BucketCall, S3Operation } from "./operation";
import { TAGGING_INPUTS } from "../protocol/inputs";

async function getObjectTagging(call: S3BucketCall) {
  const object = await findObject(call.bucket.name, call.request.key);
  if (!object) throw noSuchKey(call.request.key);
  return xmlDocument(call.ctx.requestId, "Tagging", taggingXml(object.tags));
}

async function putObjectTagging(call: S3BucketCall) {
  const tags = parseTagging(call.request.body);
  validateTagSet(tags, "object");
  if (!(await setObjectTags(call.bucket.name, call.request.key, tags))) throw noSuchKey(call.request.key);
  return emptyResponse(call.ctx.requestId, 200);
}

async function deleteObjectTagging(call: S3BucketCall) {
  if (!(await setObjectTags(call.bucket.name, call.request.key, []))) throw noSuchKey(call.request.key);
  return emptyResponse(call.ctx.requestId, 204);
}

export const objectTaggingOperations = {
  GetObjectTagging: { scope: "object", action: "s3:GetObjectTagging", input: TAGGING_INPUTS.GetObjectTagging, run: getObjectTagging },
  PutObjectTagging: { scope: "object", action: "s3:PutObjectTagging", input: TAGGING_INPUTS.PutObjectTagging, run: putObjectTagging },
  DeleteObjectTagging: { scope: "object", action: "s3:DeleteObjectTagging", input: TAGGING_INPUTS.DeleteObjectTagging, run: deleteObjectTagging },
} satisfies Record<string, S3Operation>;
