/**
 * S3 for the simulated instances' shell, over the same storage as the REST API. The shell calls
 * it only after the analysis allowed the request, so nothing here checks policies; sizes and the
 * owner's quota still apply.
 */
import path from "node:path";
import type { S3DataPlane } from "@/lib/sandbox/hosts/types";
import { DEFAULT_CONTENT_TYPE } from "./protocol/headers";
import { checkKeyLength, objectBytes } from "./handlers/objects";
import { keepOrDiscard, payloadOfBytes, receivePayload } from "./handlers/payload";
import { noSuchBucket } from "./model/errors";
import { notifyChange } from "@/lib/sandbox/core/state-store";
import { validateBucketPolicy } from "./model/bucket-policy";
import { bucketsOwnedBy, deleteObject, findBucket, findCurrentObject, listObjectsAfter, putObject, replacedBy, setBucketPolicy } from "./model/storage";
import { versioningStatusOf } from "./model/versioning";

/** The types the AWS CLI guesses from a file's extension for the files a lab shell writes. */
const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".csv": "text/csv",
  ".json": "application/json",
  ".js": "text/javascript",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".pdf": "application/pdf",
};

function contentTypeFor(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

const PAGE = 1000;

/** A policy changed from an instance redraws the console like one changed through the REST API. */
function announce(accountId: string, action: string): void {
  notifyChange({ accountId, service: "s3", action });
}

export const sandboxS3DataPlane: S3DataPlane = {
  async listBuckets(accountId) {
    const buckets = await bucketsOwnedBy(accountId);
    return buckets.map((bucket) => ({ name: bucket.name, creationDate: bucket.createdAt.getTime() }));
  },

  async listObjects(bucket, prefix) {
    const entries = [];
    for (let after = ""; ; ) {
      const page = await listObjectsAfter(bucket, prefix, after, PAGE);
      entries.push(...page.map((object) => ({ key: object.key, size: object.size, lastModified: object.lastModified.getTime() })));
      if (page.length < PAGE) return entries;
      after = page[page.length - 1].key;
    }
  },

  async getObject(bucket, key) {
    const object = await findCurrentObject(bucket, key);
    if (!object) return undefined;
    const pieces: Buffer[] = [];
    if (object.size > 0) for await (const piece of objectBytes(object, { start: 0, end: object.size - 1 })) pieces.push(piece);
    return { body: Buffer.concat(pieces).toString("utf8"), lastModified: object.lastModified.getTime() };
  },

  async putObject(bucket, key, text) {
    checkKeyLength(key);
    const owner = await findBucket(bucket);
    if (!owner) throw noSuchBucket(bucket);
    const status = await versioningStatusOf(owner);
    const received = await receivePayload(payloadOfBytes(Buffer.from(text, "utf8")), owner.ownerAccountId, replacedBy({ bucket, key }, status));
    const object = { bucket, key, etag: received.etag, lastModified: new Date(), contentType: contentTypeFor(key), headers: {}, metadata: {}, checksum: null, tags: [] };
    await keepOrDiscard(received, () => putObject(owner.ownerAccountId, object, received.blob, status));
  },

  async deleteObject(bucket, key) {
    const owner = await findBucket(bucket);
    if (!owner) return;
    await deleteObject(bucket, key, await versioningStatusOf(owner), new Date());
  },

  async getBucketPolicy(bucket) {
    return (await findBucket(bucket))?.policy;
  },

  async putBucketPolicy(bucket, policy) {
    const owner = await findBucket(bucket);
    if (!owner) throw noSuchBucket(bucket);
    validateBucketPolicy(policy, bucket);
    await setBucketPolicy(bucket, policy);
    announce(owner.ownerAccountId, "PutBucketPolicy");
  },

  async deleteBucketPolicy(bucket) {
    const owner = await findBucket(bucket);
    if (!owner) throw noSuchBucket(bucket);
    await setBucketPolicy(bucket, null);
    announce(owner.ownerAccountId, "DeleteBucketPolicy");
  },
};
