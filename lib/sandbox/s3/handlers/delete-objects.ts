/**
 * DeleteObjects: up to 1000 keys (each maybe with a VersionId), each authorized on its own (a
 * denied key is an <Error>, not a failed call), each deleted as DeleteObject would.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { invalidArgument, invalidRequest, malformedXml } from "../model/errors";
import { deleteObject, deleteObjectVersion, NULL_VERSION } from "../model/storage";
import { versioningStatusOf } from "../model/versioning";
import type { S3Result, XmlFields } from "../protocol/response";
import { parseXmlBody } from "../protocol/xml";
import { VERSION_ID_FORM } from "./objects";
import type { S3BucketCall, S3Operation } from "./operation";
import { TAGGING_INPUTS } from "../protocol/inputs";

const MAX_KEYS = 1000;

interface Target {
  key: string;
  versionId?: string;
}

function targetsOf(document: Record<string, unknown>): Target[] {
  const objects = document.Object;
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
  return objects.map((object) => {
    const fields = object as Record<string, unknown> | undefined;
    const key = fields?.Key;
    const versionId = fields?.VersionId;
    if (typeof key !== "string" || key === "") throw malformedXml();
    if (versionId !== undefined && typeof versionId !== "string") throw malformedXml();
    return versionId === undefined ? { key } : { key, versionId };
  });
}

/** The same key and version named twice is deleted (and reported) once. */
function distinct(targets: Target[]): Target[] {
  const seen = new Map<string, Target>();
  for (const target of targets) seen.set(`${target.key}\n${target.versionId ?? ""}`, target);
  return [...seen.values()];
}

function hasIntegrityHeader(call: S3BucketCall): boolean {
  if (call.request.header("content-md5") !== undefined) return true;
  return [...call.request.headers.keys()].some((name) => name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-algorithm") ||
    (call.request.header("x-amz-trailer") ?? "").startsWith("x-amz-checksum-");
}

function errorEntry(target: Target, error: AwsError): XmlFields {
  return { Key: target.key, VersionId: target.versionId, Code: error.code, Message: error.message };
}

/** Deletes one target as DeleteObject would; the <Deleted> entry S3 reports for it. */
async function deleteTarget(call: S3BucketCall, target: Target): Promise<XmlFields> {
  const bucket = call.bucket.name;
  if (target.versionId !== undefined) {
    if (target.versionId !== NULL_VERSION && !VERSION_ID_FORM.test(target.versionId)) {
      throw invalidArgument("Invalid version id specified", "versionId", target.versionId);
    }
    const removed = await deleteObjectVersion(bucket, target.key, target.versionId);
    const marker = removed?.deleteMarker ? { DeleteMarker: "true", DeleteMarkerVersionId: target.versionId } : {};
    return { Key: target.key, VersionId: target.versionId, ...marker };
  }
  const outcome = await deleteObject(bucket, target.key, await versioningStatusOf(call.bucket), new Date(call.ctx.now));
  const marker = outcome.deleteMarker ? { DeleteMarker: "true", DeleteMarkerVersionId: outcome.versionId } : {};
  return { Key: target.key, ...marker };
}

async function deleteObjectsHandler(call: S3BucketCall): Promise<S3Result> {
  if (!hasIntegrityHeader(call)) throw invalidRequest("Missing required header for this request: Content-MD5");
  const document = parseXmlBody(call.request.body, "Delete");
  const targets = distinct(targetsOf(document));
  const quiet = String(document.Quiet ?? "false").trim() === "true";
  const deleted: XmlFields[] = [];
  const errors: XmlFields[] = [];
  for (const target of targets) {
    try {
      await call.authorize(target.versionId === undefined ? "s3:DeleteObject" : "s3:DeleteObjectVersion", { bucket: call.bucket, key: target.key });
      deleted.push(await deleteTarget(call, target));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push(errorEntry(target, error));
    }
  }
  return { document: { root: "DeleteResult", content: { Deleted: quiet ? [] : deleted, Error: errors } } };
}

export const deleteObjectsOperations = {
  DeleteObjects: { scope: "bucket", action: null, input: TAGGING_INPUTS.DeleteObjects, run: deleteObjectsHandler },
} satisfies Record<string, S3Operation>;
