/**
 * The XML of a bucket's sub-resources (tagging, versioning, encryption, public access block,
 * ownership controls, ACLs): reading request bodies into the model's shapes, and the documents of
 * S3's answers as data (response.ts writes them).
 */
import { ownValue } from "@/lib/sandbox/core/untrusted-input";
import {
  OBJECT_OWNERSHIPS,
  VERSIONING_STATUSES,
  type ObjectOwnership,
  type S3EncryptionRule,
  type S3PublicAccessBlock,
  type S3Tag,
  type VersioningStatus,
} from "../model/bucket-settings";
import { invalidArgument, malformedXml } from "../model/errors";
import { WithAttributes, type XmlFields } from "./response";
import { parseXmlBody } from "./xml";

type XmlNode = Record<string, unknown>;

function child(node: unknown, name: string): unknown {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? ownValue(node as XmlNode, name) : undefined;
}

/** An element that must hold text (an empty element is ""); MalformedXML otherwise. */
function text(node: unknown, name: string): string {
  const value = child(node, name);
  if (typeof value !== "string") throw malformedXml();
  return value;
}

function optionalText(node: unknown, name: string): string | undefined {
  return child(node, name) === undefined ? undefined : text(node, name);
}

/** The repeated elements `name` under `node` (the parser makes Tag, Rule and Grant arrays). */
function list(node: unknown, name: string): unknown[] {
  const value = child(node, name);
  if (value === undefined || value === "") return [];
  if (!Array.isArray(value)) throw malformedXml();
  return value;
}

function xmlBoolean(node: unknown, name: string): boolean | undefined {
  const value = optionalText(node, name);
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if (lower !== "true" && lower !== "false") throw malformedXml();
  return lower === "true";
}

// ---------------------------------------------------------------- tagging

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`, in order. */
export function parseTagging(body: Buffer): S3Tag[] {
  const tagSet = child(parseXmlBody(body, "Tagging"), "TagSet");
  if (tagSet === undefined) throw malformedXml();
  return list(tagSet, "Tag").map((tag) => ({ key: text(tag, "Key"), value: text(tag, "Value") }));
}

export function taggingFields(tags: readonly S3Tag[]): XmlFields {
  return { TagSet: { Tag: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) } };
}

const TAGGING_HEADER_MESSAGE = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

/** The x-amz-tagging header ("k1=v1&k2=v2", form-URL-encoded) of PutObject, CopyObject and CreateMultipartUpload. */
export function parseTaggingHeader(header: string | undefined): S3Tag[] {
  if (header === undefined || header === "") return [];
  const tags: S3Tag[] = [];
  const seen = new Set<string>();
  const refuse = () => invalidArgument(TAGGING_HEADER_MESSAGE, "x-amz-tagging", header);
  for (const pair of header.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    let tag: S3Tag;
    try {
      const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
      tag = equals < 0 ? { key: decode(pair), value: "" } : { key: decode(pair.slice(0, equals)), value: decode(pair.slice(equals + 1)) };
    } catch {
      throw refuse();
    }
    if (seen.has(tag.key)) throw refuse();
    seen.add(tag.key);
    tags.push(tag);
  }
  return tags;
}

// ---------------------------------------------------------------- versioning

/** The Status of a PutBucketVersioning body; undefined when it names none (nothing changes). */
export function parseVersioning(body: Buffer): { status: VersioningStatus | undefined; mfaDelete: string | undefined } {
  const document = parseXmlBody(body, "VersioningConfiguration");
  const status = optionalText(document, "Status");
  const mfaDelete = optionalText(document, "MfaDelete");
  if (status !== undefined && !VERSIONING_STATUSES.includes(status as VersioningStatus)) throw malformedXml();
  if (mfaDelete !== undefined && mfaDelete !== "Enabled" && mfaDelete !== "Disabled") throw malformedXml();
  return { status: status as VersioningStatus | undefined, mfaDelete };
}

export function versioningFields(status: VersioningStatus | null): XmlFields {
  return status === null ? {} : { Status: status, MfaDelete: "Disabled" };
}

// ---------------------------------------------------------------- encryption

const SSE_ALGORITHMS: readonly string[] = ["AES256", "aws:kms", "aws:kms:dsse"];

/** One Rule with ApplyServerSideEncryptionByDefault, as S3 takes it. */
export function parseEncryption(body: Buffer): S3EncryptionRule {
  const rules = list(parseXmlBody(body, "ServerSideEncryptionConfiguration"), "Rule");
  if (rules.length !== 1) throw malformedXml();
  const byDefault = child(rules[0], "ApplyServerSideEncryptionByDefault");
  if (byDefault === undefined) throw malformedXml();
  const algorithm = text(byDefault, "SSEAlgorithm");
  if (!SSE_ALGORITHMS.includes(algorithm)) throw malformedXml();
  const kmsKeyId = optionalText(byDefault, "KMSMasterKeyID");
  if (kmsKeyId !== undefined && algorithm === "AES256") {
    throw invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", "");
  }
  const rule: S3EncryptionRule = { algorithm: algorithm as S3EncryptionRule["algorithm"], bucketKeyEnabled: xmlBoolean(rules[0], "BucketKeyEnabled") ?? false };
  return kmsKeyId === undefined || kmsKeyId === "" ? rule : { ...rule, kmsKeyId };
}

export function encryptionFields(rule: S3EncryptionRule): XmlFields {
  const byDefault = { SSEAlgorithm: rule.algorithm, KMSMasterKeyID: rule.kmsKeyId };
  return { Rule: { ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: rule.bucketKeyEnabled } };
}

// ---------------------------------------------------------------- public access block

const BLOCK_FIELDS = [
  ["BlockPublicAcls", "blockPublicAcls"],
  ["IgnorePublicAcls", "ignorePublicAcls"],
  ["BlockPublicPolicy", "blockPublicPolicy"],
  ["RestrictPublicBuckets", "restrictPublicBuckets"],
] as const;

/** A setting left out of the body is false, as on S3. */
export function parsePublicAccessBlock(body: Buffer): S3PublicAccessBlock {
  const document = parseXmlBody(body, "PublicAccessBlockConfiguration");
  const entries = BLOCK_FIELDS.map(([xmlName, field]) => [field, xmlBoolean(document, xmlName) ?? false]);
  return Object.fromEntries(entries) as S3PublicAccessBlock;
}

export function publicAccessBlockFields(settings: S3PublicAccessBlock): XmlFields {
  return Object.fromEntries(BLOCK_FIELDS.map(([xmlName, field]) => [xmlName, settings[field]]));
}

// ---------------------------------------------------------------- ownership controls

export function parseOwnershipControls(body: Buffer): ObjectOwnership {
  const rules = list(parseXmlBody(body, "OwnershipControls"), "Rule");
  if (rules.length !== 1) throw malformedXml();
  const ownership = text(rules[0], "ObjectOwnership");
  if (!OBJECT_OWNERSHIPS.includes(ownership as ObjectOwnership)) throw malformedXml();
  return ownership as ObjectOwnership;
}

export function ownershipControlsFields(ownership: string): XmlFields {
  return { Rule: { ObjectOwnership: ownership } };
}

// ---------------------------------------------------------------- ACLs

/** The owner and its one FULL_CONTROL grant (S3 stopped sending DisplayName in November 2025). */
export function ownerOnlyAclFields(canonicalId: string): XmlFields {
  const grantee = new WithAttributes({ "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "xsi:type": "CanonicalUser" }, { ID: canonicalId });
  return { Owner: { ID: canonicalId }, AccessControlList: { Grant: { Grantee: grantee, Permission: "FULL_CONTROL" } } };
}

/** The grants of a PutBucketAcl / PutObjectAcl body: the grantee's canonical id or group URI (null when it names neither), and the permission. */
export function parseAclGrants(body: Buffer): { granteeId: string | null; granteeUri: string | null; permission: string }[] {
  const document = parseXmlBody(body, "AccessControlPolicy");
  const aclList = child(document, "AccessControlList");
  if (aclList === undefined) throw malformedXml();
  return list(aclList, "Grant").map((grant) => {
    const grantee = child(grant, "Grantee");
    if (grantee === undefined) throw malformedXml();
    const id = optionalText(grantee, "ID");
    const uri = optionalText(grantee, "URI");
    return { granteeId: id === undefined ? null : id.trim(), granteeUri: uri === undefined ? null : uri.trim(), permission: text(grant, "Permission").trim() };
  });
}
