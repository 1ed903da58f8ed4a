/**
 * Multipart uploads as the AWS CLI drives them for large files: CreateMultipartUpload (?uploads),
 * UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.
 */
import crypto from "node:crypto";
import { malformedXml, noSuchUpload, entityTooSmall, invalidPart, invalidPartOrder } from "../model/errors";
import { completeUpload, deleteUpload, findUpload, insertUpload, partsOf, putPart, uploadsOf, type PartInfo, type UploadRow } from "../model/storage";
import { encryptionHeaders, integerParam, objectAttributesOf, queryParam } from "../protocol/headers";
import type { S3Result, XmlFields } from "../protocol/response";
import { isoSeconds, parseXmlBody } from "../protocol/xml";
import { versioningStatusOf } from "../model/versioning";
import { checkKeyLength, versionHeader } from "./objects";
import { canonicalUserId, type S3BucketCall, type S3Operation } from "./operation";
import { keepOrDiscard, payloadOf, receivePayload } from "./payload";
import { MULTIPART_INPUTS } from "../protocol/inputs";

/** Every part but the last must be at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

function newUploadId(): string {
  return crypto.randomBytes(48).toString("base64url");
}

async function uploadOrThrow(call: S3BucketCall): Promise<UploadRow> {
  const uploadId = queryParam(call.request, "uploadId") ?? "";
  const upload = await findUpload(uploadId, call.bucket.name, call.request.key);
  if (!upload) throw noSuchUpload(uploadId);
  return upload;
}

async function createMultipartUpload(call: S3BucketCall): Promise<S3Result> {
  const { request, bucket, ctx } = call;
  checkKeyLength(request.key);
  const { contentType, headers, metadata, tags } = objectAttributesOf(request, false);
  const uploadId = newUploadId();
  await insertUpload({ uploadId, bucket: bucket.name, key: request.key, contentType, headers, metadata, tags, initiatorArn: ctx.caller.arn, initiated: new Date(ctx.now) });
  return { document: { root: "InitiateMultipartUploadResult", content: { Bucket: bucket.name, Key: request.key, UploadId: uploadId } } };
}

async function uploadPart(call: S3BucketCall): Promise<S3Result> {
  const { request, bucket, ctx } = call;
  const partNumber = integerParam(request, "partNumber", 0, 1, MAX_PART_NUMBER, "Part number must be an integer between 1 and 10000, inclusive");
  const upload = await uploadOrThrow(call);
  const received = await receivePayload(payloadOf(request), bucket.ownerAccountId, { uploadId: upload.uploadId, partNumber });
  const part = { uploadId: upload.uploadId, partNumber, etag: received.etag, lastModified: new Date(ctx.now) };
  await keepOrDiscard(received, async () => {
    if (!(await putPart(bucket.ownerAccountId, part, received.blob))) throw noSuchUpload(upload.uploadId);
  });
  const checksum = received.checksum ? { [`x-amz-checksum-${received.checksum.algorithm}`]: received.checksum.value } : {};
  return { headers: { ETag: received.etag, ...encryptionHeaders(call.bucket), ...checksum } };
}

interface RequestedPart {
  partNumber: number;
  etag: string;
}

function requestedParts(call: S3BucketCall): RequestedPart[] {
  const parts = parseXmlBody(call.request.body, "CompleteMultipartUpload").Part;
  if (!Array.isArray(parts) || parts.length === 0) throw malformedXml();
  return parts.map((part) => {
    const fields = part as Record<string, unknown>;
    const partNumber = Number(fields?.PartNumber);
    if (!Number.isInteger(partNumber) || typeof fields?.ETag !== "string") throw malformedXml();
    return { partNumber, etag: fields.ETag.trim() };
  });
}

function unquoted(etag: string): string {
  return etag.replace(/^"|"$/g, "");
}

/** Checks the list against the stored parts in S3's order: ascending numbers, existing parts with their ETags, minimum sizes. */
function checkParts(uploadId: string, requested: RequestedPart[], stored: PartInfo[]): PartInfo[] {
  for (let i = 1; i < requested.length; i++) {
    if (requested[i].partNumber <= requested[i - 1].partNumber) {
      throw invalidPartOrder(uploadId);
    }
  }
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const chosen = requested.map((wanted) => {
    const part = byNumber.get(wanted.partNumber);
    if (!part || unquoted(part.etag) !== unquoted(wanted.etag)) {
      throw invalidPart(uploadId, wanted.partNumber, wanted.etag);
    }
    return part;
  });
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_BYTES) {
      throw entityTooSmall(part.size, MIN_PART_BYTES, part.partNumber, part.etag);
    }
  });
  return chosen;
}

/** A multipart object's ETag: the MD5 of the parts' binary MD5s, then "-" and the part count. */
function multipartEtag(parts: PartInfo[]): string {
  const digests = Buffer.concat(parts.map((part) => Buffer.from(unquoted(part.etag), "hex")));
  return `"${crypto.createHash("md5").update(digests).digest("hex")}-${parts.length}"`;
}

function objectLocation(call: S3BucketCall): string {
  const host = call.request.header("host") ?? "localhost";
  const key = call.request.key.split("/").map(encodeURIComponent).join("/");
  return `http://${host}/aws/${call.bucket.name}/${key}`;
}

async function completeMultipartUpload(call: S3BucketCall): Promise<S3Result> {
  const upload = await uploadOrThrow(call);
  const chosen = checkParts(upload.uploadId, requestedParts(call), await partsOf(upload.uploadId));
  const etag = multipartEtag(chosen);
  const status = await versioningStatusOf(call.bucket);
  const versionId = await completeUpload(upload, chosen.map((part) => part.partNumber), etag, new Date(call.ctx.now), status);
  if (versionId === null) throw noSuchUpload(upload.uploadId);
  const content = { Location: objectLocation(call), Bucket: call.bucket.name, Key: call.request.key, ETag: etag };
  return { headers: { ...encryptionHeaders(call.bucket), ...versionHeader(status, versionId) }, document: { root: "CompleteMultipartUploadResult", content } };
}

async function abortMultipartUpload(call: S3BucketCall): Promise<S3Result> {
  const upload = await uploadOrThrow(call);
  await deleteUpload(upload.uploadId);
  return { status: 204 };
}

/** An upload's Initiator (the caller's ARN) and Owner (the bucket owner's canonical id). */
function principalsOf(initiatorArn: string, ownerAccountId: string): XmlFields {
  return { Initiator: { ID: initiatorArn }, Owner: { ID: canonicalUserId(ownerAccountId) } };
}

async function listParts(call: S3BucketCall): Promise<S3Result> {
  const upload = await uploadOrThrow(call);
  const maxParts = integerParam(call.request, "max-parts", 1000, 0, 1000, "Argument max-parts must be an integer between 0 and 1000");
  const marker = integerParam(call.request, "part-number-marker", 0, 0, MAX_PART_NUMBER, "Argument part-number-marker must be an integer between 0 and 10000");
  const after = (await partsOf(upload.uploadId)).filter((part) => part.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const content = {
    Bucket: call.bucket.name,
    Key: upload.key,
    UploadId: upload.uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.partNumber ?? 0,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((part) => ({ PartNumber: part.partNumber, LastModified: isoSeconds(part.lastModified), ETag: part.etag, Size: part.size })),
    ...principalsOf(upload.initiatorArn, call.bucket.ownerAccountId),
    StorageClass: "STANDARD",
  };
  return { document: { root: "ListPartsResult", content } };
}

async function listMultipartUploads(call: S3BucketCall): Promise<S3Result> {
  const prefix = queryParam(call.request, "prefix") ?? "";
  const maxUploads = integerParam(call.request, "max-uploads", 1000, 0, 1000, "Argument max-uploads must be an integer between 0 and 1000");
  const matching = (await uploadsOf(call.bucket.name)).filter((upload) => upload.key.startsWith(prefix));
  const page = matching.slice(0, maxUploads);
  const uploads = page.map((upload) => ({
    Key: upload.key,
    UploadId: upload.uploadId,
    ...principalsOf(upload.initiatorArn, call.bucket.ownerAccountId),
    StorageClass: "STANDARD",
    Initiated: isoSeconds(upload.initiated),
  }));
  const content = {
    Bucket: call.bucket.name,
    KeyMarker: "",
    UploadIdMarker: "",
    NextKeyMarker: page.at(-1)?.key ?? "",
    NextUploadIdMarker: page.at(-1)?.uploadId ?? "",
    Prefix: prefix,
    MaxUploads: maxUploads,
    IsTruncated: matching.length > page.length,
    Upload: uploads,
  };
  return { document: { root: "ListMultipartUploadsResult", content } };
}

export const multipartOperations = {
  CreateMultipartUpload: { scope: "object", action: "s3:PutObject", input: MULTIPART_INPUTS.CreateMultipartUpload, run: createMultipartUpload },
  UploadPart: { scope: "object", action: "s3:PutObject", input: MULTIPART_INPUTS.UploadPart, run: uploadPart },
  CompleteMultipartUpload: { scope: "object", action: "s3:PutObject", input: MULTIPART_INPUTS.CompleteMultipartUpload, run: completeMultipartUpload },
  AbortMultipartUpload: { scope: "object", action: "s3:AbortMultipartUpload", input: MULTIPART_INPUTS.AbortMultipartUpload, run: abortMultipartUpload },
  ListParts: { scope: "object", action: "s3:ListMultipartUploadParts", input: MULTIPART_INPUTS.ListParts, run: listParts },
  ListMultipartUploads: { scope: "bucket", action: "s3:ListBucketMultipartUploads", input: MULTIPART_INPUTS.ListMultipartUploads, run: listMultipartUploads },
} satisfies Record<string, S3Operation>;
