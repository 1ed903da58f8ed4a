/**
 * ListObjectVersions: every version and delete marker, by key in UTF-8 byte order and newest
 * first within a key, with prefix, delimiter (common prefixes) and key / version-id markers. An
 * unversioned bucket lists each object once, as its "null" version (what Ansible's
 * `s3_bucket state=absent force=true` reads before deleting by version).
 */
import { invalidArgument } from "../model/errors";
import { findObject, listVersionsAfter, type ListedVersion, type VersionCursor } from "../model/storage";
import { integerParam, queryParam } from "../protocol/headers";
import type { S3Result, XmlFields } from "../protocol/response";
import { isoSeconds } from "../protocol/xml";
import { commonPrefixesOf, commonPrefixOf, encoder, ownerOf } from "./listing";
import type { S3BucketCall, S3Operation } from "./operation";
import { LISTING_INPUTS } from "../protocol/inputs";

const BATCH = 1000;
const MAX_KEYS_LIMIT = 1000;

interface VersionPage {
  entries: ListedVersion[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last entry: a version, or a common prefix. */
  last?: ListedVersion | string;
}

interface VersionQuery {
  bucket: string;
  prefix: string;
  delimiter: string;
  cursor: VersionCursor | null;
  maxKeys: number;
}

/** Walks versions after the cursor, folding keys that share a delimiter-ended prefix into one entry. */
async function versionPage(query: VersionQuery): Promise<VersionPage> {
  const page: VersionPage = { entries: [], commonPrefixes: [], truncated: false };
  const startKey = query.cursor?.key ?? "";
  // A page that ended on a common prefix continues after every key under it.
  let previousRollup = startKey !== "" && commonPrefixOf(startKey, query.prefix, query.delimiter) === startKey ? startKey : undefined;
  let cursor = query.cursor;
  for (;;) {
    const batch = await listVersionsAfter(query.bucket, query.prefix, cursor, BATCH);
    for (const version of batch) {
      const rollup = commonPrefixOf(version.key, query.prefix, query.delimiter);
      if (rollup !== undefined && rollup === previousRollup) continue;
      previousRollup = rollup ?? previousRollup;
      if (page.entries.length + page.commonPrefixes.length >= query.maxKeys) {
        page.truncated = true;
        return page;
      }
      if (rollup !== undefined) page.commonPrefixes.push(rollup);
      else page.entries.push(version);
      page.last = rollup ?? version;
    }
    if (batch.length < BATCH) return page;
    const last = batch[batch.length - 1];
    cursor = { key: last.key, seq: last.seq };
  }
}

/** key-marker and version-id-marker as a cursor: after every version of the key, or after the version named. */
async function cursorOf(call: S3BucketCall): Promise<VersionCursor | null> {
  const keyMarker = queryParam(call.request, "key-marker") ?? "";
  const versionIdMarker = queryParam(call.request, "version-id-marker");
  if (versionIdMarker === undefined || versionIdMarker === "") return keyMarker === "" ? null : { key: keyMarker };
  if (keyMarker === "") throw invalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker", versionIdMarker);
  const marker = await findObject(call.bucket.name, keyMarker, versionIdMarker);
  if (!marker) throw invalidArgument("Invalid version id specified", "version-id-marker", versionIdMarker);
  return { key: keyMarker, seq: marker.seq };
}

/** Versions and delete markers, each under its own element name, in the order listed. */
function entriesOf(versions: ListedVersion[], encode: (text: string) => string, owner: XmlFields): XmlFields[] {
  return versions.map((version) => {
    const common = { Key: encode(version.key), VersionId: version.versionId, IsLatest: version.isLatest, LastModified: isoSeconds(version.lastModified) };
    if (version.deleteMarker) return { DeleteMarker: { ...common, Owner: owner } };
    return { Version: { ...common, ETag: version.etag, Size: version.size, StorageClass: "STANDARD", Owner: owner } };
  });
}

async function listObjectVersions(call: S3BucketCall): Promise<S3Result> {
  const query: VersionQuery = {
    bucket: call.bucket.name,
    prefix: queryParam(call.request, "prefix") ?? "",
    delimiter: queryParam(call.request, "delimiter") ?? "",
    cursor: await cursorOf(call),
    maxKeys: Math.min(integerParam(call.request, "max-keys", MAX_KEYS_LIMIT, 0, 2 ** 31 - 1, "Provided max-keys not an integer or within integer range"), MAX_KEYS_LIMIT),
  };
  const encode = encoder(call);
  const page = await versionPage(query);
  const last = page.truncated ? page.last : undefined;
  const head = {
    Name: call.bucket.name,
    Prefix: encode(query.prefix),
    KeyMarker: encode(queryParam(call.request, "key-marker") ?? ""),
    VersionIdMarker: queryParam(call.request, "version-id-marker") ?? "",
    NextKeyMarker: last === undefined ? undefined : encode(typeof last === "string" ? last : last.key),
    NextVersionIdMarker: last === undefined || typeof last === "string" ? undefined : last.versionId,
    MaxKeys: query.maxKeys,
    Delimiter: query.delimiter === "" ? undefined : encode(query.delimiter),
    EncodingType: queryParam(call.request, "encoding-type"),
    IsTruncated: page.truncated,
  };
  const entries = entriesOf(page.entries, encode, ownerOf(call.bucket.ownerAccountId));
  return { document: { root: "ListVersionsResult", content: [head, ...entries, { CommonPrefixes: commonPrefixesOf(page.commonPrefixes, encode) }] } };
}

export const versionListingOperations = {
  ListObjectVersions: { scope: "bucket", action: "s3:ListBucketVersions", input: LISTING_INPUTS.ListObjectVersions, run: listObjectVersions },
} satisfies Record<string, S3Operation>;
