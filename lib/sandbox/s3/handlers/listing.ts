/** ListObjectsV2 and ListObjects: prefix, delimiter (common prefixes), pagination, URL encoding. */
import { invalidArgument } from "../model/errors";
import { listObjectsAfter, type ListedObject } from "../model/storage";
import { integerParam, queryParam } from "../protocol/headers";
import type { S3Result, XmlFields } from "../protocol/response";
import { isoSeconds } from "../protocol/xml";
import { canonicalUserId, type S3BucketCall, type S3Operation } from "./operation";
import { LISTING_INPUTS } from "../protocol/inputs";

const BATCH = 1000;
const MAX_KEYS_LIMIT = 1000;

interface ListPage {
  contents: ListedObject[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix of the page: where the next page starts after. */
  last?: string;
}

interface ListQuery {
  bucket: string;
  prefix: string;
  delimiter: string;
  after: string;
  maxKeys: number;
}

/** Walks keys after `after` in byte order, folding keys that share a delimiter-ended prefix into one entry. */
async function listPage(query: ListQuery): Promise<ListPage> {
  const page: ListPage = { contents: [], commonPrefixes: [], truncated: false };
  // A page that ended on a common prefix continues after every key under it.
  let previousRollup = commonPrefixOf(query.after, query.prefix, query.delimiter) === query.after ? query.after : undefined;
  let cursor = query.after;
  for (;;) {
    const batch = await listObjectsAfter(query.bucket, query.prefix, cursor, BATCH);
    for (const object of batch) {
      const rollup = commonPrefixOf(object.key, query.prefix, query.delimiter);
      if (rollup !== undefined && rollup === previousRollup) continue;
      previousRollup = rollup ?? previousRollup;
      if (page.contents.length + page.commonPrefixes.length >= query.maxKeys) {
        page.truncated = true;
        return page;
      }
      if (rollup !== undefined) page.commonPrefixes.push(rollup);
      else page.contents.push(object);
      page.last = rollup ?? object.key;
    }
    if (batch.length < BATCH) return page;
    cursor = batch[batch.length - 1].key;
  }
}

export function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === "") return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** encoding-type=url: S3 percent-encodes names in the response (slashes kept) so any key survives XML. */
export function encoder(call: S3BucketCall): (text: string) => string {
  const type = queryParam(call.request, "encoding-type");
  if (type === undefined) return (text) => text;
  if (type !== "url") throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", type);
  return (text) => encodeURIComponent(text).replace(/%2F/g, "/");
}

function readListQuery(call: S3BucketCall, after: string): ListQuery {
  return {
    bucket: call.bucket.name,
    prefix: queryParam(call.request, "prefix") ?? "",
    delimiter: queryParam(call.request, "delimiter") ?? "",
    after,
    maxKeys: Math.min(integerParam(call.request, "max-keys", MAX_KEYS_LIMIT, 0, 2 ** 31 - 1, "Provided max-keys not an integer or within integer range"), MAX_KEYS_LIMIT),
  };
}

export function ownerOf(accountId: string): XmlFields {
  return { ID: canonicalUserId(accountId) };
}

function contentsOf(objects: ListedObject[], encode: (text: string) => string, owner?: XmlFields): XmlFields[] {
  return objects.map((object) => ({
    Key: encode(object.key),
    LastModified: isoSeconds(object.lastModified),
    ETag: object.etag,
    Size: object.size,
    Owner: owner,
    StorageClass: "STANDARD",
  }));
}

export function commonPrefixesOf(prefixes: string[], encode: (text: string) => string): XmlFields[] {
  return prefixes.map((prefix) => ({ Prefix: encode(prefix) }));
}

function decodeContinuationToken(token: string): string {
  const decoded = Buffer.from(token, "base64url").toString("utf8");
  if (!decoded.startsWith("1:")) throw invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
  return decoded.slice(2);
}

async function listObjectsV2(call: S3BucketCall): Promise<S3Result> {
  const token = queryParam(call.request, "continuation-token");
  const startAfter = queryParam(call.request, "start-after");
  const after = token !== undefined ? decodeContinuationToken(token) : (startAfter ?? "");
  const query = readListQuery(call, after);
  const encode = encoder(call);
  const page = await listPage(query);
  const nextToken = page.truncated && page.last !== undefined ? Buffer.from(`1:${page.last}`).toString("base64url") : undefined;
  const owner = queryParam(call.request, "fetch-owner") === "true" ? ownerOf(call.bucket.ownerAccountId) : undefined;
  const content = {
    Name: call.bucket.name,
    Prefix: encode(query.prefix),
    StartAfter: startAfter === undefined ? undefined : encode(startAfter),
    ContinuationToken: token,
    NextContinuationToken: nextToken,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    MaxKeys: query.maxKeys,
    Delimiter: query.delimiter === "" ? undefined : encode(query.delimiter),
    EncodingType: queryParam(call.request, "encoding-type"),
    IsTruncated: page.truncated,
    Contents: contentsOf(page.contents, encode, owner),
    CommonPrefixes: commonPrefixesOf(page.commonPrefixes, encode),
  };
  return { document: { root: "ListBucketResult", content } };
}

async function listObjectsV1(call: S3BucketCall): Promise<S3Result> {
  const marker = queryParam(call.request, "marker") ?? "";
  const query = readListQuery(call, marker);
  const encode = encoder(call);
  const page = await listPage(query);
  // V1 names NextMarker only with a delimiter; without one the client continues from the last key.
  const nextMarker = page.truncated && query.delimiter !== "" ? page.last : undefined;
  const content = {
    Name: call.bucket.name,
    Prefix: encode(query.prefix),
    Marker: encode(marker),
    NextMarker: nextMarker === undefined ? undefined : encode(nextMarker),
    MaxKeys: query.maxKeys,
    Delimiter: query.delimiter === "" ? undefined : encode(query.delimiter),
    EncodingType: queryParam(call.request, "encoding-type"),
    IsTruncated: page.truncated,
    Contents: contentsOf(page.contents, encode, ownerOf(call.bucket.ownerAccountId)),
    CommonPrefixes: commonPrefixesOf(page.commonPrefixes, encode),
  };
  return { document: { root: "ListBucketResult", content } };
}

export const listingOperations = {
  ListObjectsV2: { scope: "bucket", action: "s3:ListBucket", input: LISTING_INPUTS.ListObjectsV2, run: listObjectsV2 },
  ListObjects: { scope: "bucket", action: "s3:ListBucket", input: LISTING_INPUTS.ListObjects, run: listObjectsV1 },
} satisfies Record<string, S3Operation>;
