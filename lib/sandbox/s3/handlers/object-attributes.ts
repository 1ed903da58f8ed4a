/**
 * GetObjectAttributes (?attributes) and RestoreObject (?restore). Every object the sandbox keeps
 * is in S3 Standard, so an attribute read answers as S3 does for one, and a restore meets S3's
 * InvalidObjectState: only archived objects (S3 Glacier Flexible Retrieval, Deep Archive, the
 * Intelligent-Tiering archive tiers) can be restored.
 */
import { invalidArgument, invalidRequest, noSuchKey, invalidObjectState } from "../model/errors";
import { findObject, type ObjectInfo } from "../model/storage";
import { versioningStatusOf } from "../model/versioning";
import type { S3Result, XmlFields } from "../protocol/response";
import { httpDate } from "../protocol/xml";
import { readableVersion, requestedVersionId, versionHeader } from "./objects";
import type { S3BucketCall, S3Operation } from "./operation";
import { OBJECT_ATTRIBUTE_INPUTS } from "../protocol/inputs";

const OBJECT_ATTRIBUTES = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"] as const;
type ObjectAttribute = (typeof OBJECT_ATTRIBUTES)[number];

/** x-amz-object-attributes: a comma-separated list of S3's attribute names, at least one. */
function requestedAttributes(header: string | undefined): Set<ObjectAttribute> {
  const names = (header ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) throw invalidRequest("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
  for (const name of names) {
    if (!(OBJECT_ATTRIBUTES as readonly string[]).includes(name)) throw invalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", name);
  }
  return new Set(names as ObjectAttribute[]);
}

/** The element name of a stored checksum ("crc32c" → ChecksumCRC32C). */
function checksumFields(checksum: NonNullable<ObjectInfo["checksum"]>): XmlFields {
  return { [`Checksum${checksum.algorithm.toUpperCase()}`]: checksum.value, ChecksumType: "FULL_OBJECT" };
}

/** A multipart object's ETag ends in "-<parts>"; S3 reports the count (parts are listed only for uploads made with checksums). */
function partsCountOf(object: ObjectInfo): number | undefined {
  const match = /-(\d+)"?$/.exec(object.etag);
  return match ? Number(match[1]) : undefined;
}

/** The attributes asked for, in S3's order. */
function attributeFields(object: ObjectInfo, wanted: Set<ObjectAttribute>): XmlFields {
  const parts = partsCountOf(object);
  return {
    ETag: wanted.has("ETag") ? object.etag.replace(/^"|"$/g, "") : undefined,
    Checksum: wanted.has("Checksum") && object.checksum ? checksumFields(object.checksum) : undefined,
    ObjectParts: wanted.has("ObjectParts") && parts !== undefined ? { PartsCount: parts } : undefined,
    StorageClass: wanted.has("StorageClass") ? "STANDARD" : undefined,
    ObjectSize: wanted.has("ObjectSize") ? object.size : undefined,
  };
}

async function getObjectAttributes(call: S3BucketCall): Promise<S3Result> {
  const { request } = call;
  const wanted = requestedAttributes(request.header("x-amz-object-attributes"));
  const status = await versioningStatusOf(call.bucket);
  const object = await readableVersion(call.bucket.name, request.key, requestedVersionId(request), "GET");
  const headers = { "Last-Modified": httpDate(object.lastModified), ...versionHeader(status, object.versionId) };
  return { headers, document: { root: "GetObjectAttributesResponse", content: attributeFields(object, wanted) } };
}

/** No object here is archived: S3's answer to restoring one in S3 Standard. */
async function restoreObject(call: S3BucketCall): Promise<never> {
  const versionId = requestedVersionId(call.request);
  const object = await findObject(call.bucket.name, call.request.key, versionId);
  if (!object || object.deleteMarker) throw noSuchKey(call.request.key);
  throw invalidObjectState();
}

export const objectAttributeOperations = {
  GetObjectAttributes: { scope: "object", action: "s3:GetObjectAttributes", input: OBJECT_ATTRIBUTE_INPUTS.GetObjectAttributes, run: getObjectAttributes },
  RestoreObject: { scope: "object", action: "s3:RestoreObject", input: OBJECT_ATTRIBUTE_INPUTS.RestoreObject, run: restoreObject },
} satisfies Record<string, S3Operation>;
