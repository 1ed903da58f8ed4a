/**
 * The sandbox's S3 storage: buckets, object versions and multipart uploads in their own tables
 * (global bucket names, as S3's); bytes in blobs of chunks (blobs.ts), which versions and parts
 * refer to. Every mutating call is one short transaction, taken only once the bytes are stored;
 * calls that add bytes lock the bucket owner's account row first, so quota checks never race.
 * Blobs that lose their last reference are dropped after the transaction.
 */
import crypto from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import { databaseKind, getDb, queryPrepared, selectPrepared, type Db } from "@/lib/db/client";
import { s3Blobs, s3Buckets, s3MultipartParts, s3MultipartUploads, s3Objects, s3ObjectSegments, sandboxAccounts, type S3ConfigurationName, type S3NamedConfigurationKind, type S3Tag } from "@/lib/db/schema";
import { dropUnreferencedBlobs } from "./blobs";
import { quotaExceeded } from "./errors";
import { checkQuota, s3QuotaBytes } from "./quota";

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type BucketRow = typeof s3Buckets.$inferSelect;
/** A bucket's versioning status: never set (undefined), "Enabled" or "Suspended" (versioning.ts reads it). */
export type VersioningStatus = "Enabled" | "Suspended" | undefined;
/** What a bucket's sub-resources (?tagging, ?versioning, ?encryption, …) configure. */
export type BucketSettings = Pick<BucketRow, "tags" | "versioning" | "encryption" | "publicAccessBlock" | "objectOwnership" | "configurations">;

/** An object version's stored attributes, without its bytes. */
export interface ObjectInfo {
  bucket: string;
  key: string;
  versionId: string;
  /** Orders a key's versions, newest highest. */
  seq: number;
  isLatest: boolean;
  deleteMarker: boolean;
  size: number;
  etag: string;
  contentType: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  checksum: { algorithm: string; value: string } | null;
  tags: S3Tag[];
  lastModified: Date;
}

/** What a PUT stores besides the bytes. */
export interface ObjectAttributes {
  contentType: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  checksum: { algorithm: string; value: string } | null;
  tags: S3Tag[];
}

/** A blob's place in an object: the object's bytes are its segments in order. */
export interface Segment {
  blobId: string;
  start: number;
  size: number;
}

const objectInfoColumns = {
  bucket: s3Objects.bucket,
  key: s3Objects.key,
  versionId: s3Objects.versionId,
  seq: s3Objects.seq,
  isLatest: s3Objects.isLatest,
  deleteMarker: s3Objects.deleteMarker,
  size: s3Objects.size,
  etag: s3Objects.etag,
  contentType: s3Objects.contentType,
  headers: s3Objects.headers,
  metadata: s3Objects.metadata,
  checksum: s3Objects.checksum,
  tags: s3Objects.tags,
  lastModified: s3Objects.lastModified,
};

/** Keys compare as UTF-8 bytes, as S3 lists them, whatever the database's default collation. */
const keyBytes = sql`${s3Objects.key} COLLATE "C"`;

/** The version id S3 gives what an unversioned or suspended bucket stores. */
export const NULL_VERSION = "null";

/** A new version id: 32 URL-safe characters, as S3's. */
export function newVersionId(): string {
  return crypto.randomBytes(24).toString("base64url");
}

// ---------------------------------------------------------------- buckets

export async function findBucket(name: string): Promise<BucketRow | null> {
  const rows = await selectPrepared("s3-find-bucket", s3Buckets, "name = $1", [name]);
  return rows[0] ?? null;
}

export async function bucketsOwnedBy(accountId: string): Promise<BucketRow[]> {
  const db = await getDb();
  return db.select().from(s3Buckets).where(eq(s3Buckets.ownerAccountId, accountId)).orderBy(sql`${s3Buckets.name} COLLATE "C"`);
}

/** Inserts the bucket unless the name is taken; returns the bucket under that name afterwards (ours or another's). */
export async function insertBucket(bucket: Pick<BucketRow, "name" | "ownerAccountId" | "region" | "createdAt">, maxBuckets: number): Promise<{ created: boolean; row: BucketRow } | { tooMany: true }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockAccount(tx, bucket.ownerAccountId);
    const existing = await tx.select().from(s3Buckets).where(eq(s3Buckets.name, bucket.name));
    if (existing[0]) return { created: false, row: existing[0] };
    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(s3Buckets).where(eq(s3Buckets.ownerAccountId, bucket.ownerAccountId));
    if (count >= maxBuckets) return { tooMany: true as const };
    const [row] = await tx.insert(s3Buckets).values({ ...bucket, policy: null }).returning();
    return { created: true, row };
  });
}

/** Deletes the bucket if it holds no object version or delete marker; "not-empty" otherwise. Unfinished uploads go with it. */
export async function deleteEmptyBucket(name: string): Promise<"deleted" | "not-empty" | "missing"> {
  const db = await getDb();
  const partBlobs = await db
    .select({ blobId: s3MultipartParts.blobId })
    .from(s3MultipartParts)
    .innerJoin(s3MultipartUploads, eq(s3MultipartUploads.uploadId, s3MultipartParts.uploadId))
    .where(and(eq(s3MultipartUploads.bucket, name), isNotNull(s3MultipartParts.blobId)));
  const deleted = await db
    .delete(s3Buckets)
    .where(and(eq(s3Buckets.name, name), sql`NOT EXISTS (SELECT 1 FROM ${s3Objects} WHERE ${s3Objects.bucket} = ${name})`))
    .returning({ name: s3Buckets.name });
  if (deleted.length > 0) {
    await dropUnreferencedBlobs(partBlobs.map((row) => row.blobId!));
    return "deleted";
  }
  return (await findBucket(name)) ? "not-empty" : "missing";
}

export async function setBucketPolicy(name: string, policy: string | null): Promise<void> {
  const db = await getDb();
  await db.update(s3Buckets).set({ policy }).where(eq(s3Buckets.name, name));
}

export async function updateBucketSettings(name: string, settings: Partial<BucketSettings>): Promise<void> {
  const db = await getDb();
  await db.update(s3Buckets).set(settings).where(eq(s3Buckets.name, name));
}

/** Sets (or, with null, removes) one stored configuration in one statement, so concurrent puts of different ones never lose each other. */
export async function setBucketConfiguration(name: string, configuration: S3ConfigurationName, content: string | null): Promise<void> {
  const db = await getDb();
  const configurations =
    content === null ? sql`${s3Buckets.configurations} - ${configuration}::text` : sql`${s3Buckets.configurations} || jsonb_build_object(${configuration}::text, ${content}::text)`;
  await db.update(s3Buckets).set({ configurations }).where(eq(s3Buckets.name, name));
}

/** Why a named configuration was not stored: the kind's count limit, or the bytes the bucket may keep in them. */
export type NamedConfigurationRefusal = "too-many" | "too-large";

/**
 * Stores a named configuration (`<kind>/<id>`) in one statement, unless the bucket already holds
 * `maxCount` of that kind (replacing one does not count) or its configurations would take more than
 * `maxBytes` as JSON: the checks and the write cannot interleave with another put.
 */
export async function putNamedConfiguration(
  name: string,
  kind: S3NamedConfigurationKind,
  id: string,
  content: string,
  limits: { maxCount: number; maxBytes: number },
): Promise<NamedConfigurationRefusal | null> {
  const db = await getDb();
  const key = `${kind}/${id}`;
  const updated = sql`${s3Buckets.configurations} || jsonb_build_object(${key}::text, ${content}::text)`;
  const rows = await db
    .update(s3Buckets)
    .set({ configurations: updated })
    .where(
      and(
        eq(s3Buckets.name, name),
        sql`octet_length((${updated})::text) <= ${limits.maxBytes}`,
        sql`(${s3Buckets.configurations} ? ${key}::text OR (SELECT count(*) FROM jsonb_object_keys(${s3Buckets.configurations}) AS k WHERE starts_with(k, ${`${kind}/`}::text)) < ${limits.maxCount})`,
      ),
    )
    .returning({ name: s3Buckets.name });
  if (rows.length > 0) return null;
  const bucket = await findBucket(name);
  const count = Object.keys(bucket?.configurations ?? {}).filter((stored) => stored.startsWith(`${kind}/`)).length;
  return count >= limits.maxCount ? "too-many" : "too-large";
}

/** Removes a named configuration; false when the bucket had none under that id. */
export async function deleteNamedConfiguration(name: string, kind: S3NamedConfigurationKind, id: string): Promise<boolean> {
  const db = await getDb();
  const key = `${kind}/${id}`;
  const rows = await db
    .update(s3Buckets)
    .set({ configurations: sql`${s3Buckets.configurations} - ${key}::text` })
    .where(and(eq(s3Buckets.name, name), sql`${s3Buckets.configurations} ? ${key}::text`))
    .returning({ name: s3Buckets.name });
  return rows.length > 0;
}

// ---------------------------------------------------------------- quota

async function lockAccount(tx: Transaction, accountId: string): Promise<void> {
  await tx.select({ accountId: sandboxAccounts.accountId }).from(sandboxAccounts).where(eq(sandboxAccounts.accountId, accountId)).for("update");
}

export type Replacing = { bucket: string; key: string; versionId: string } | { uploadId: string; partNumber: number } | null;

/**
 * Bytes stored in the account's buckets (every object version and uploaded part), leaving out the
 * version ($2, $3, $4) or the part ($5, $6) a write is about to replace (nulls: nothing). One text
 * for every use, run as a prepared statement on the hot path (accountUsage): planning
 * these joins again on every call cost more than running them.
 */
const USAGE_SQL = `
      (SELECT coalesce(sum(o.size), 0) FROM s3_objects o JOIN s3_buckets b ON b.name = o.bucket
        WHERE b.owner_account_id = $1 AND (o.bucket, o.key, o.version_id) IS DISTINCT FROM ($2::text, $3::text, $4::text))
      +
      (SELECT coalesce(sum(p.size), 0) FROM s3_multipart_parts p
        JOIN s3_multipart_uploads u ON u.upload_id = p.upload_id JOIN s3_buckets b ON b.name = u.bucket
        WHERE b.owner_account_id = $1 AND (p.upload_id, p.part_number) IS DISTINCT FROM ($5::text, $6::integer))`;

function usageParams(accountId: string, replacing: Replacing): unknown[] {
  const object = replacing && "key" in replacing ? replacing : null;
  const part = replacing && "uploadId" in replacing ? replacing : null;
  return [accountId, object?.bucket ?? null, object?.key ?? null, object?.versionId ?? null, part?.uploadId ?? null, part?.partNumber ?? null];
}

/** A statement's text with $n placeholders, as a drizzle statement with them bound to `params`. */
function boundSql(text: string, params: unknown[]) {
  const pieces = text.split(/\$(\d+)/);
  return sql.join(pieces.map((piece, n) => (n % 2 === 0 ? sql.raw(piece) : sql`${params[Number(piece) - 1]}`)));
}

/** USAGE_SQL in a drizzle statement, its placeholders bound to `params`. */
function usageSql(accountId: string, replacing: Replacing) {
  return boundSql(USAGE_SQL, usageParams(accountId, replacing));
}

/**
 * Locks the owner's account row (so quota checks of one account never interleave), then measures its
 * usage in a statement of its own: measured in the locking statement, the usage is read from the
 * snapshot that statement took before it waited for the lock (PostgreSQL's READ COMMITTED), which
 * misses what the writer holding the lock then stored, and two racing writes both pass the quota.
 */
async function lockAndMeasure(tx: Transaction, accountId: string, replacing: Replacing): Promise<number> {
  await lockAccount(tx, accountId);
  const result = (await tx.execute(sql`SELECT ${usageSql(accountId, replacing)} AS used`)) as unknown as Rows<{ used: string | number }>;
  return Number(result.rows[0]?.used ?? 0);
}

type Rows<T> = { rows: T[] };

/** Bytes the account stores (objects and parts), leaving out what a write would replace. */
export async function accountUsage(accountId: string, replacing: Replacing = null): Promise<number> {
  const rows = await queryPrepared<{ used: string | number }>("s3-account-usage", `SELECT ${USAGE_SQL} AS used`, usageParams(accountId, replacing));
  return Number(rows[0]?.used ?? 0);
}

// ---------------------------------------------------------------- objects

export interface NewObject extends ObjectAttributes {
  bucket: string;
  key: string;
  etag: string;
  lastModified: Date;
}

/** What a write did: the version it made, and the blobs it released (dropped once the transaction is over). */
interface VersionWrite {
  versionId: string;
  released: string[];
}

async function segmentBlobs(tx: Transaction, bucket: string, key: string, versionId: string): Promise<string[]> {
  const rows = await tx
    .select({ blobId: s3ObjectSegments.blobId })
    .from(s3ObjectSegments)
    .where(and(eq(s3ObjectSegments.bucket, bucket), eq(s3ObjectSegments.key, key), eq(s3ObjectSegments.versionId, versionId)));
  return rows.map((row) => row.blobId);
}

/** Removes one version (its segments go with it); returns the blobs it referred to. */
async function removeVersion(tx: Transaction, bucket: string, key: string, versionId: string): Promise<{ removed: ObjectInfo | null; released: string[] }> {
  const released = await segmentBlobs(tx, bucket, key, versionId);
  const [removed] = await tx
    .delete(s3Objects)
    .where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key), eq(s3Objects.versionId, versionId)))
    .returning(objectInfoColumns);
  return { removed: removed ?? null, released };
}

/** After the latest version went: the newest remaining one becomes the latest. */
async function promoteNewest(tx: Transaction, bucket: string, key: string): Promise<void> {
  await tx.execute(sql`
    UPDATE s3_objects SET is_latest = true
    WHERE bucket = ${bucket} AND key = ${key}
      AND seq = (SELECT max(seq) FROM s3_objects WHERE bucket = ${bucket} AND key = ${key})`);
}

/**
 * Adds a version as the key's latest. With versioning Enabled it gets a new id; otherwise it is the
 * "null" version, replacing the one there was (S3's behaviour when unversioned or suspended).
 */
async function insertVersion(
  tx: Transaction,
  object: NewObject & { size: number; deleteMarker?: boolean },
  segments: Omit<Segment, "start">[],
  status: VersioningStatus,
): Promise<VersionWrite> {
  const versionId = status === "Enabled" ? newVersionId() : NULL_VERSION;
  const { released } = versionId === NULL_VERSION ? await removeVersion(tx, object.bucket, object.key, NULL_VERSION) : { released: [] };
  await tx
    .update(s3Objects)
    .set({ isLatest: false })
    .where(and(eq(s3Objects.bucket, object.bucket), eq(s3Objects.key, object.key), eq(s3Objects.isLatest, true)));
  await tx.insert(s3Objects).values({ ...object, versionId, isLatest: true, deleteMarker: object.deleteMarker ?? false });
  let start = 0;
  const rows = segments
    .filter((segment) => segment.size > 0)
    .map((segment, idx) => {
      const row = { bucket: object.bucket, key: object.key, versionId, idx, blobId: segment.blobId, start, size: segment.size };
      start += segment.size;
      return row;
    });
  if (rows.length > 0) await tx.insert(s3ObjectSegments).values(rows);
  return { versionId, released };
}

/** The version a write replaces (the "null" one, unless versioning is Enabled): its bytes are not counted twice. */
export function replacedBy(object: { bucket: string; key: string }, status: VersioningStatus): Replacing {
  return status === "Enabled" ? null : { bucket: object.bucket, key: object.key, versionId: NULL_VERSION };
}

/** Stores an object whose bytes are already in `blob` (written by BlobWriter), within the owner's quota; returns its version id. */
export async function putObject(ownerAccountId: string, object: NewObject, blob: { id: string; size: number } | null, status: VersioningStatus): Promise<string> {
  const db = await getDb();
  const size = blob?.size ?? 0;
  const write = await db.transaction(async (tx) => {
    checkQuota(await lockAndMeasure(tx, ownerAccountId, replacedBy(object, status)), size);
    return insertVersion(tx, { ...object, size }, blob ? [{ blobId: blob.id, size }] : [], status);
  });
  await dropUnreferencedBlobs(write.released);
  return write.versionId;
}

/** The latest version of the key (maybe a delete marker), or the version named. */
export async function findObject(bucket: string, key: string, versionId?: string): Promise<ObjectInfo | null> {
  const db = await getDb();
  const version = versionId === undefined ? eq(s3Objects.isLatest, true) : eq(s3Objects.versionId, versionId);
  const rows = await db
    .select(objectInfoColumns)
    .from(s3Objects)
    .where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key), version));
  return rows[0] ?? null;
}

/** The current object (the latest version, unless that is a delete marker). */
export async function findCurrentObject(bucket: string, key: string): Promise<ObjectInfo | null> {
  const object = await findObject(bucket, key);
  return object && !object.deleteMarker ? object : null;
}

export async function segmentsOf(object: Pick<ObjectInfo, "bucket" | "key" | "versionId">): Promise<Segment[]> {
  const db = await getDb();
  return db
    .select({ blobId: s3ObjectSegments.blobId, start: s3ObjectSegments.start, size: s3ObjectSegments.size })
    .from(s3ObjectSegments)
    .where(and(eq(s3ObjectSegments.bucket, object.bucket), eq(s3ObjectSegments.key, object.key), eq(s3ObjectSegments.versionId, object.versionId)))
    .orderBy(asc(s3ObjectSegments.idx));
}

/** Replaces a version's tag set (the current object's when no version id is given); false when there is no such object. */
export async function setObjectTags(bucket: string, key: string, tags: S3Tag[], versionId?: string): Promise<boolean> {
  const db = await getDb();
  const which = versionId === undefined ? eq(s3Objects.isLatest, true) : eq(s3Objects.versionId, versionId);
  const rows = await db
    .update(s3Objects)
    .set({ tags })
    .where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key), which, eq(s3Objects.deleteMarker, false)))
    .returning({ key: s3Objects.key });
  return rows.length > 0;
}

export interface DeleteOutcome {
  /** The version removed or the delete marker made (none when nothing was there in an unversioned bucket). */
  versionId?: string;
  deleteMarker: boolean;
}

/**
 * DELETE without a version id: an unversioned bucket removes the object; Enabled adds a delete
 * marker; Suspended removes the "null" version and adds a "null" delete marker (S3's semantics).
 */
export async function deleteObject(bucket: string, key: string, status: VersioningStatus, now: Date): Promise<DeleteOutcome> {
  const db = await getDb();
  const { outcome, released } = await db.transaction(async (tx) => {
    if (status === undefined) {
      const removed = await removeVersion(tx, bucket, key, NULL_VERSION);
      return { outcome: { deleteMarker: false }, released: removed.released };
    }
    const marker = { bucket, key, etag: "", contentType: "", headers: {}, metadata: {}, checksum: null, tags: [], lastModified: now, size: 0, deleteMarker: true };
    const write = await insertVersion(tx, marker, [], status);
    return { outcome: { versionId: write.versionId, deleteMarker: true }, released: write.released };
  });
  await dropUnreferencedBlobs(released);
  return outcome;
}

/** DELETE with a version id: removes that version (the next newest becomes the latest); null when there was none. */
export async function deleteObjectVersion(bucket: string, key: string, versionId: string): Promise<ObjectInfo | null> {
  const db = await getDb();
  const { removed, released } = await db.transaction(async (tx) => {
    const result = await removeVersion(tx, bucket, key, versionId);
    if (result.removed?.isLatest) await promoteNewest(tx, bucket, key);
    return result;
  });
  await dropUnreferencedBlobs(released);
  return removed;
}

/**
 * Copies an object by reference: the new version refers to the source's blobs (no byte is copied),
 * within the destination owner's quota. False when the source's bytes went meanwhile.
 */
export async function copyObject(
  ownerAccountId: string,
  source: ObjectInfo,
  target: { bucket: string; key: string; attributes: ObjectAttributes; lastModified: Date },
  status: VersioningStatus,
): Promise<string | null> {
  const db = await getDb();
  const write = await db.transaction(async (tx) => {
    checkQuota(await lockAndMeasure(tx, ownerAccountId, replacedBy(target, status)), source.size);
    const segments = await tx
      .select({ blobId: s3ObjectSegments.blobId, size: s3ObjectSegments.size })
      .from(s3ObjectSegments)
      .where(and(eq(s3ObjectSegments.bucket, source.bucket), eq(s3ObjectSegments.key, source.key), eq(s3ObjectSegments.versionId, source.versionId)))
      .orderBy(asc(s3ObjectSegments.idx));
    // The blobs are locked against a concurrent drop, and must not be on their way out already.
    const blobIds = [...new Set(segments.map((segment) => segment.blobId))];
    const live = blobIds.length === 0 ? [] : await tx.select({ id: s3Blobs.id }).from(s3Blobs).where(and(inArray(s3Blobs.id, blobIds), sql`${s3Blobs.size} >= 0`)).for("share");
    if (live.length !== blobIds.length || segments.reduce((sum, segment) => sum + segment.size, 0) !== source.size) return null;
    const object = { bucket: target.bucket, key: target.key, etag: source.etag, lastModified: target.lastModified, size: source.size, ...target.attributes };
    return insertVersion(tx, object, segments, status);
  });
  if (!write) return null;
  await dropUnreferencedBlobs(write.released);
  return write.versionId;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/** Current objects whose key starts with `prefix` and sorts after `after`, in UTF-8 byte order, at most `limit`. */
export async function listObjectsAfter(bucket: string, prefix: string, after: string, limit: number): Promise<ListedObject[]> {
  const db = await getDb();
  return db
    .select({ key: s3Objects.key, size: s3Objects.size, etag: s3Objects.etag, lastModified: s3Objects.lastModified })
    .from(s3Objects)
    .where(
      and(
        eq(s3Objects.bucket, bucket),
        eq(s3Objects.isLatest, true),
        eq(s3Objects.deleteMarker, false),
        sql`starts_with(${s3Objects.key}, ${prefix})`,
        after === "" ? undefined : gt(keyBytes, after),
      ),
    )
    .orderBy(asc(keyBytes))
    .limit(limit);
}

export type ListedVersion = ObjectInfo;

/** Where a version listing resumes: after every version of `key`, or after the version numbered `seq` of it. */
export interface VersionCursor {
  key: string;
  seq?: number;
}

/** Versions and delete markers of keys starting with `prefix`, by key (UTF-8 bytes) then newest first, after `cursor`. */
export async function listVersionsAfter(bucket: string, prefix: string, cursor: VersionCursor | null, limit: number): Promise<ListedVersion[]> {
  const db = await getDb();
  const after =
    cursor === null || cursor.key === ""
      ? undefined
      : cursor.seq === undefined
        ? gt(keyBytes, cursor.key)
        : sql`(${keyBytes} > ${cursor.key} OR (${s3Objects.key} = ${cursor.key} AND ${s3Objects.seq} < ${cursor.seq}))`;
  return db
    .select(objectInfoColumns)
    .from(s3Objects)
    .where(and(eq(s3Objects.bucket, bucket), sql`starts_with(${s3Objects.key}, ${prefix})`, after))
    .orderBy(asc(keyBytes), desc(s3Objects.seq))
    .limit(limit);
}

// ---------------------------------------------------------------- multipart uploads

export type UploadRow = typeof s3MultipartUploads.$inferSelect;
export type PartInfo = Omit<typeof s3MultipartParts.$inferSelect, "blobId">;

export async function insertUpload(upload: UploadRow): Promise<void> {
  const db = await getDb();
  await db.insert(s3MultipartUploads).values(upload);
}

/** The upload, if it exists and is for this bucket and key. */
export async function findUpload(uploadId: string, bucket: string, key: string): Promise<UploadRow | null> {
  const rows = await selectPrepared("s3-find-upload", s3MultipartUploads, "upload_id = $1 AND bucket = $2 AND key = $3", [uploadId, bucket, key]);
  return rows[0] ?? null;
}

export async function uploadsOf(bucket: string): Promise<UploadRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(s3MultipartUploads)
    .where(eq(s3MultipartUploads.bucket, bucket))
    .orderBy(sql`${s3MultipartUploads.key} COLLATE "C"`, s3MultipartUploads.initiated);
}

/**
 * One part stored or replaced, in one statement: the owner's account row locked (quota checks of
 * one account never interleave) and its usage measured without the part replaced, the upload
 * checked, and the part written only if both allow. It was a transaction of five statements,
 * which with the checks' planning cost a 5 MiB UploadPart 7.6 ms of its ~45.
 */
const PUT_PART_SQL = `
  WITH account AS (SELECT ${USAGE_SQL} AS used FROM sandbox_accounts WHERE account_id = $1 FOR UPDATE),
  upload AS (SELECT upload_id FROM s3_multipart_uploads WHERE upload_id = $5),
  previous AS (SELECT blob_id FROM s3_multipart_parts WHERE upload_id = $5 AND part_number = $6),
  stored AS (
    INSERT INTO s3_multipart_parts (upload_id, part_number, blob_id, size, etag, last_modified)
    SELECT $5, $6, $7::text, $8::bigint, $9::text, $10::timestamptz FROM upload, account WHERE account.used + $8::bigint <= $11::bigint
    ON CONFLICT (upload_id, part_number) DO UPDATE
      SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag, last_modified = excluded.last_modified
    RETURNING 1)
  SELECT (SELECT used FROM account) AS used, EXISTS (SELECT 1 FROM upload) AS upload_exists,
    EXISTS (SELECT 1 FROM stored) AS stored, (SELECT blob_id FROM previous) AS previous_blob_id`;

type PartStored = { used: string | number; upload_exists: boolean; stored: boolean; previous_blob_id: string | null };

/**
 * PUT_PART_SQL, alone and prepared on PGlite: one connection runs one statement at a time, so the
 * statement is the whole critical section (in a transaction, planned anew on every part, it cost a
 * 5 MiB UploadPart 5.5 ms of its ~35). On PostgreSQL the account's lock comes first, in a statement of
 * its own (lockAndMeasure says why): two parts sent at once both passed the quota.
 */
async function storePart(ownerAccountId: string, params: unknown[]): Promise<PartStored> {
  if ((await databaseKind()) === "pglite") return (await queryPrepared<PartStored>("s3-put-part", PUT_PART_SQL, params))[0];
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockAccount(tx, ownerAccountId);
    const rows = (await tx.execute(boundSql(PUT_PART_SQL, params))) as unknown as Rows<PartStored>;
    return rows.rows[0];
  });
}

/** Stores (or replaces) one part whose bytes are in `blob`, within the bucket owner's quota; false when the upload is gone. */
export async function putPart(
  ownerAccountId: string,
  part: { uploadId: string; partNumber: number; etag: string; lastModified: Date },
  blob: { id: string; size: number } | null,
): Promise<boolean> {
  const size = blob?.size ?? 0;
  const quota = s3QuotaBytes();
  const params = [...usageParams(ownerAccountId, { uploadId: part.uploadId, partNumber: part.partNumber }), blob?.id ?? null, size, part.etag, part.lastModified.toISOString(), quota];
  const result = await storePart(ownerAccountId, params);
  if (!result.upload_exists) return false;
  if (!result.stored) throw quotaExceeded(Number(result.used), size, quota);
  await dropUnreferencedBlobs(result.previous_blob_id ? [result.previous_blob_id] : []);
  return true;
}

export async function partsOf(uploadId: string): Promise<PartInfo[]> {
  const db = await getDb();
  return db
    .select({ uploadId: s3MultipartParts.uploadId, partNumber: s3MultipartParts.partNumber, size: s3MultipartParts.size, etag: s3MultipartParts.etag, lastModified: s3MultipartParts.lastModified })
    .from(s3MultipartParts)
    .where(eq(s3MultipartParts.uploadId, uploadId))
    .orderBy(s3MultipartParts.partNumber);
}

async function partBlobs(tx: Transaction | Db, uploadId: string): Promise<{ partNumber: number; blobId: string | null; size: number }[]> {
  return tx
    .select({ partNumber: s3MultipartParts.partNumber, blobId: s3MultipartParts.blobId, size: s3MultipartParts.size })
    .from(s3MultipartParts)
    .where(eq(s3MultipartParts.uploadId, uploadId))
    .orderBy(s3MultipartParts.partNumber);
}

/** Removes the upload and its parts (and their bytes); false when it did not exist. */
export async function deleteUpload(uploadId: string): Promise<boolean> {
  const db = await getDb();
  const blobs = await partBlobs(db, uploadId);
  const rows = await db.delete(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, uploadId)).returning({ uploadId: s3MultipartUploads.uploadId });
  await dropUnreferencedBlobs(blobs.flatMap((part) => (part.blobId ? [part.blobId] : [])));
  return rows.length > 0;
}

/**
 * Makes the chosen parts the object's segments, in order (their bytes stay where they are), and
 * removes the upload, in one transaction: the parts' bytes were already counted, so the quota
 * holds. The parts left out, and the version replaced, are dropped afterwards. Null when the upload is gone.
 */
export async function completeUpload(upload: UploadRow, partNumbers: number[], etag: string, lastModified: Date, status: VersioningStatus): Promise<string | null> {
  const db = await getDb();
  const write = await db.transaction(async (tx) => {
    const current = await tx.select({ uploadId: s3MultipartUploads.uploadId }).from(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, upload.uploadId)).for("update");
    if (current.length === 0) return null;
    const parts = await partBlobs(tx, upload.uploadId);
    const chosen = partNumbers.map((number) => parts.find((part) => part.partNumber === number)!);
    const size = chosen.reduce((sum, part) => sum + part.size, 0);
    const object = { bucket: upload.bucket, key: upload.key, etag, contentType: upload.contentType, headers: upload.headers, metadata: upload.metadata, checksum: null, tags: upload.tags, lastModified, size };
    const segments = chosen.flatMap((part) => (part.blobId ? [{ blobId: part.blobId, size: part.size }] : []));
    const written = await insertVersion(tx, object, segments, status);
    await tx.delete(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, upload.uploadId));
    const leftOut = parts.filter((part) => !partNumbers.includes(part.partNumber) && part.blobId).map((part) => part.blobId!);
    return { versionId: written.versionId, released: [...written.released, ...leftOut] };
  });
  if (!write) return null;
  await dropUnreferencedBlobs(write.released);
  return write.versionId;
}
