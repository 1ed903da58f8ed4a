/**
 * Declared inputs of S3 operations: the headers and query parameters the sandbox reads for each
 * operation, by the model's member name, where they travel on the wire, and their type and
 * limits (core/inputs.ts shapes, from S3's model). The bucket and key travel in the path and are
 * not listed. S3 ignores headers and query parameters it does not know (no UnknownParameter), and
 * each operation words its own answer to a bad value (InvalidArgument naming the argument), so
 * these declarations document what the handlers check rather than feed one validator;
 * docs/sandbox-coverage.md lists them (scripts/gen-coverage.ts).
 */
import { boolean, enumOf, integer, string, timestamp, type InputShape } from "@/lib/sandbox/core/inputs";

export interface S3Input {
  /** Where the parameter travels. */
  in: "header" | "query";
  /** Its name on the wire (header names in lower case). */
  wire: string;
  shape: InputShape;
}

/** An operation's parameters by the model's member name, in the model's order. */
export type S3Inputs = Readonly<Record<string, S3Input>>;

const header = (wire: string, shape: InputShape): S3Input => ({ in: "header", wire, shape });
const query = (wire: string, shape: InputShape): S3Input => ({ in: "query", wire, shape });

const CANNED_OBJECT_ACLS = ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control"];
const CHECKSUM_ALGORITHMS = ["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"];

/** ACL headers of an object write (refused unless they grant the owner alone while ACLs are off). */
const OBJECT_ACL: S3Inputs = {
  ACL: header("x-amz-acl", enumOf(CANNED_OBJECT_ACLS)),
  GrantFullControl: header("x-amz-grant-full-control", string()),
  GrantRead: header("x-amz-grant-read", string()),
  GrantReadACP: header("x-amz-grant-read-acp", string()),
  GrantWriteACP: header("x-amz-grant-write-acp", string()),
};

/** What an object write stores with the bytes (returned by GetObject / HeadObject). */
const OBJECT_ATTRIBUTES: S3Inputs = {
  CacheControl: header("cache-control", string()),
  ContentDisposition: header("content-disposition", string()),
  ContentEncoding: header("content-encoding", string()),
  ContentLanguage: header("content-language", string()),
  ContentType: header("content-type", string()),
  Expires: header("expires", timestamp()),
  Metadata: header("x-amz-meta-*", string()),
  Tagging: header("x-amz-tagging", string()),
};

const CONDITIONS: S3Inputs = {
  IfMatch: header("if-match", string()),
  IfModifiedSince: header("if-modified-since", timestamp()),
  IfNoneMatch: header("if-none-match", string()),
  IfUnmodifiedSince: header("if-unmodified-since", timestamp()),
};

const CHECKSUMS: S3Inputs = {
  ChecksumAlgorithm: header("x-amz-sdk-checksum-algorithm", enumOf(CHECKSUM_ALGORITHMS)),
  ChecksumCRC32: header("x-amz-checksum-crc32", string()),
  ChecksumCRC32C: header("x-amz-checksum-crc32c", string()),
  ChecksumSHA1: header("x-amz-checksum-sha1", string()),
  ChecksumSHA256: header("x-amz-checksum-sha256", string()),
  ContentMD5: header("content-md5", string()),
};

const VERSION_ID: S3Inputs = { VersionId: query("versionId", string()) };
const ENCODING_TYPE = query("encoding-type", enumOf(["url"]));
const MAX_KEYS = query("max-keys", integer({ min: 0, max: 2147483647 }));

export const OBJECT_INPUTS = {
  PutObject: { ...OBJECT_ACL, ...OBJECT_ATTRIBUTES, ...CHECKSUMS, ContentLength: header("content-length", integer({ min: 0 })) },
  GetObject: { ...CONDITIONS, Range: header("range", string()), ...VERSION_ID, ChecksumMode: header("x-amz-checksum-mode", enumOf(["ENABLED"])) },
  HeadObject: { ...CONDITIONS, Range: header("range", string()), ...VERSION_ID, ChecksumMode: header("x-amz-checksum-mode", enumOf(["ENABLED"])) },
  DeleteObject: { ...VERSION_ID },
  CopyObject: {
    ...OBJECT_ACL,
    ...OBJECT_ATTRIBUTES,
    CopySource: { ...header("x-amz-copy-source", string()), shape: { ...string(), required: true } },
    MetadataDirective: header("x-amz-metadata-directive", enumOf(["COPY", "REPLACE"])),
    TaggingDirective: header("x-amz-tagging-directive", enumOf(["COPY", "REPLACE"])),
  },
} satisfies Record<string, S3Inputs>;

export const LISTING_INPUTS = {
  ListObjectsV2: {
    Delimiter: query("delimiter", string()),
    EncodingType: ENCODING_TYPE,
    MaxKeys: MAX_KEYS,
    Prefix: query("prefix", string()),
    ContinuationToken: query("continuation-token", string()),
    FetchOwner: query("fetch-owner", boolean()),
    StartAfter: query("start-after", string()),
  },
  ListObjects: { Delimiter: query("delimiter", string()), EncodingType: ENCODING_TYPE, Marker: query("marker", string()), MaxKeys: MAX_KEYS, Prefix: query("prefix", string()) },
  ListObjectVersions: {
    Delimiter: query("delimiter", string()),
    EncodingType: ENCODING_TYPE,
    KeyMarker: query("key-marker", string()),
    MaxKeys: MAX_KEYS,
    Prefix: query("prefix", string()),
    VersionIdMarker: query("version-id-marker", string()),
  },
  ListBuckets: {
    MaxBuckets: query("max-buckets", integer({ min: 1, max: 10000 })),
    ContinuationToken: query("continuation-token", string()),
    Prefix: query("prefix", string()),
    BucketRegion: query("bucket-region", string()),
  },
} satisfies Record<string, S3Inputs>;

const UPLOAD_ID = { UploadId: { ...query("uploadId", string()), shape: { ...string(), required: true } } };

export const MULTIPART_INPUTS = {
  CreateMultipartUpload: { ...OBJECT_ACL, ...OBJECT_ATTRIBUTES, ChecksumAlgorithm: CHECKSUMS.ChecksumAlgorithm },
  UploadPart: { ...CHECKSUMS, PartNumber: { ...query("partNumber", integer({ min: 1, max: 10000 })), shape: { ...integer({ min: 1, max: 10000 }), required: true } }, ...UPLOAD_ID },
  CompleteMultipartUpload: { ...UPLOAD_ID },
  AbortMultipartUpload: { ...UPLOAD_ID },
  ListParts: { MaxParts: query("max-parts", integer({ min: 0, max: 2147483647 })), PartNumberMarker: query("part-number-marker", integer({ min: 0 })), ...UPLOAD_ID },
  ListMultipartUploads: { Prefix: query("prefix", string()), MaxUploads: query("max-uploads", integer({ min: 0, max: 2147483647 })) },
} satisfies Record<string, S3Inputs>;

export const TAGGING_INPUTS = {
  GetObjectTagging: { ...VERSION_ID },
  PutObjectTagging: { ...VERSION_ID, ContentMD5: CHECKSUMS.ContentMD5 },
  DeleteObjectTagging: { ...VERSION_ID },
  DeleteObjects: { ContentMD5: CHECKSUMS.ContentMD5, ChecksumAlgorithm: CHECKSUMS.ChecksumAlgorithm },
  PutBucketAcl: { ACL: header("x-amz-acl", enumOf(["private", "public-read", "public-read-write", "authenticated-read"])), GrantRead: OBJECT_ACL.GrantRead, GrantFullControl: OBJECT_ACL.GrantFullControl },
  PutObjectAcl: { ...OBJECT_ACL, ...VERSION_ID },
} satisfies Record<string, S3Inputs>;

const CONFIGURATION_ID = { Id: { ...query("id", string({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._-]+$" })), shape: { ...string({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._-]+$" }), required: true } } };
const CONTINUATION = { ContinuationToken: query("continuation-token", string()) };

/** Analytics, metrics, inventory and Intelligent-Tiering configurations: by id, or a page of them. */
export const NAMED_CONFIGURATION_INPUTS = { byId: CONFIGURATION_ID, list: CONTINUATION } satisfies Record<string, S3Inputs>;

export const OBJECT_ATTRIBUTE_INPUTS = {
  GetObjectAttributes: {
    ObjectAttributes: { ...header("x-amz-object-attributes", string()), shape: { ...string(), required: true } },
    ...VERSION_ID,
    MaxParts: header("x-amz-max-parts", integer()),
    PartNumberMarker: header("x-amz-part-number-marker", integer()),
  },
  RestoreObject: { ...VERSION_ID },
} satisfies Record<string, S3Inputs>;
