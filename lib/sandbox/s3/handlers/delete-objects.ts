/** DeleteObjects: up to 1000 keys, each authorized on its own (a denied key is an <Error>, not a failed call). */
import { AwsError } from "@/lib/sandbox/core/errors";
import { element } from "@/lib/sandbox/core/xml";
import { invalidRequest, malformedXml } from "../model/errors";
import { deleteObjects } from "../model/storage";
import { parseXmlBody, xmlDocument } from "../protocol/xml";
import type { S3BucketCall, S3Operation } from "./operation";

const MAX_KEYS = 1000;

function keysOf(document: Record<string, unknown>): string[] {
  const objects = document.Object;
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
  return objects.map((object) => {
    const key = (object as Record<string, unknown> | undefined)?.Key;
    if (typeof key !== "string" || key === "") throw malformedXml();
    return key;
  });
}

function hasIntegrityHeader(call: S3BucketCall): boolean {
  if (call.request.header("content-md5") !== undefined) return true;
  return [...call.request.headers.keys()].some((name) => name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-algorithm") ||
    (call.request.header("x-amz-trailer") ?? "").startsWith("x-amz-checksum-");
}

async function deleteObjectsHandler(call: S3BucketCall) {
  if (!hasIntegrityHeader(call)) throw invalidRequest("Missing required header for this request: Content-MD5");
  const document = parseXmlBody(call.request.body, "Delete");
  const keys = keysOf(document);
  const quiet = String(document.Quiet ?? "false").trim() === "true";
  const allowed: string[] = [];
  const errors: string[] = [];
  for (const key of [...new Set(keys)]) {
    try {
      await call.authorize("s3:DeleteObject", { bucket: call.bucket, key });
      allowed.push(key);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push(`<Error>${element("Key", key)}${element("Code", error.code)}${element("Message", error.message)}</Error>`);
    }
  }
  await deleteObjects(call.bucket.name, allowed);
  const deleted = quiet ? "" : allowed.map((key) => `<Deleted>${element("Key", key)}</Deleted>`).join("");
  return xmlDocument(call.ctx.requestId, "DeleteResult", deleted + errors.join(""));
}

export const deleteObjectsOperations = {
  DeleteObjects: { scope: "bucket", action: null, run: deleteObjectsHandler },
} satisfies Record<string, S3Operation>;
