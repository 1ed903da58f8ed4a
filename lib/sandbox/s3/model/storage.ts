/**
 * The sandbox's S3 storage: buckets, objects and multipart uploads in their own tables (global
 * bucket names, as S3's), bytes included. Every mutating call is one transaction; calls that add
 * bytes lock the bucket owner's account row first, so quota checks never race.
 */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db/client";
import { bytesAsBase64, s3Buckets, s3MultipartParts, s3MultipartUploads, s3Objects, sandboxAccounts, type S3Tag } from "@/lib/db/schema";
import { checkQuota } from "./quota";

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type BucketRow = typeof s3Buckets.$inferSelect;
/** What a bucket's sub-resources (?tagging, ?versioning, ?encryption, …) configure. */
export type BucketSettings = Pick<BucketRow, "tags" | "versioning" | "encryption" | "publicAccessBlock" | "objectOwnership">;

/** An object's stored attributes, without its bytes. */
export interface ObjectInfo {
  bucket: string;
  key: string;
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

const objectInfoColumns = {
  bucket: s3Objects.bucket,
  key: s3Objects.key,
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

// ---------------------------------------------------------------- buckets

export async function findBucket(name: string): Promise<BucketRow | null> {
  const db = await getDb();
  const rows = await db.select().from(s3Buckets).where(eq(s3Buckets.name, name));
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

/** Deletes the bucket if it holds no object; "not-empty" otherwise. Unfinished uploads go with it. */
export async function deleteEmptyBucket(name: string): Promise<"deleted" | "not-empty" | "missing"> {
  const db = await getDb();
  const deleted = await db
    .delete(s3Buckets)
    .where(and(eq(s3Buckets.name, name), sql`NOT EXISTS (SELECT 1 FROM ${s3Objects} WHERE ${s3Objects.bucket} = ${name})`))
    .returning({ name: s3Buckets.name });
  if (deleted.length > 0) return "deleted";
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

// ---------------------------------------------------------------- quota

async function lockAccount(tx: Transaction, accountId: string): Promise<void> {
  await tx.select({ accountId: sandboxAccounts.accountId }).from(sandboxAccounts).where(eq(sandboxAccounts.accountId, accountId)).for("update");
}

type Replacing = { bucket: string; key: string } | { uploadId: string; partNumber: number } | null;

/** Bytes stored in the account's buckets (objects and uploaded parts), leaving out the object or part a write is about to replace. */
function usageSql(accountId: string, replacing: Replacing) {
  const objectFilter = replacing && "key" in replacing ? sql`AND NOT (o.bucket = ${replacing.bucket} AND o.key = ${replacing.key})` : sql``;
  const partFilter = replacing && "uploadId" in replacing ? sql`AND NOT (p.upload_id = ${replacing.uploadId} AND p.part_number = ${replacing.partNumber})` : sql``;
  return sql`
      (SELECT coalesce(sum(o.size), 0) FROM s3_objects o JOIN s3_buckets b ON b.name = o.bucket
        WHERE b.owner_account_id = ${accountId} ${objectFilter})
      +
      (SELECT coalesce(sum(p.size), 0) FROM s3_multipart_parts p
        JOIN s3_multipart_uploads u ON u.upload_id = p.upload_id JOIN s3_buckets b ON b.name = u.bucket
        WHERE b.owner_account_id = ${accountId} ${partFilter})`;
}

type Rows<T> = { rows: T[] };

/** Locks the owner's account row (so quota checks of one account never interleave) and measures its usage, in one statement. */
async function lockAndMeasure(tx: Transaction, accountId: string, replacing: Replacing): Promise<number> {
  const result = (await tx.execute(
    sql`SELECT ${usageSql(accountId, replacing)} AS used FROM sandbox_accounts WHERE account_id = ${accountId} FOR UPDATE`,
  )) as unknown as Rows<{ used: string | number }>;
  return Number(result.rows[0]?.used ?? 0);
}

/** Bytes the account stores (objects and parts). */
export async function accountUsage(accountId: string): Promise<number> {
  const db = await getDb();
  const result = (await db.execute(sql`SELECT ${usageSql(accountId, null)} AS used`)) as unknown as Rows<{ used: string | number }>;
  return Number(result.rows[0]?.used ?? 0);
}

// ---------------------------------------------------------------- objects

export interface NewObject extends ObjectAttributes {
  bucket: string;
  key: string;
  body: Buffer;
  etag: string;
  lastModified: Date;
}

/** Stores (or replaces) an object, within the owner's quota. */
export async function putObject(ownerAccountId: string, object: NewObject): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    checkQuota(await lockAndMeasure(tx, ownerAccountId, { bucket: object.bucket, key: object.key }), object.body.length);
    const values = { ...object, size: object.body.length };
    await tx
      .insert(s3Objects)
      .values(values)
      .onConflictDoUpdate({ target: [s3Objects.bucket, s3Objects.key], set: { ...values } });
  });
}

export async function findObject(bucket: string, key: string): Promise<ObjectInfo | null> {
  const db = await getDb();
  const rows = await db.select(objectInfoColumns).from(s3Objects).where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key)));
  return rows[0] ?? null;
}

/** The object's attributes and all its bytes, in one query. */
export async function findObjectWithBody(bucket: string, key: string): Promise<(ObjectInfo & { body: Buffer }) | null> {
  const db = await getDb();
  const rows = await db.select({ ...objectInfoColumns, body: bytesAsBase64(s3Objects.body) }).from(s3Objects).where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key)));
  return rows[0] ?? null;
}

/** The object's bytes from `start` (0-based), `length` of them; the whole object when no range is given. */
export async function readObjectBytes(bucket: string, key: string, range?: { start: number; length: number }): Promise<Buffer | null> {
  const db = await getDb();
  const body = bytesAsBase64(range ? sql`substring(${s3Objects.body} from ${range.start + 1} for ${range.length})` : s3Objects.body);
  const rows = await db.select({ body }).from(s3Objects).where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key)));
  return rows[0]?.body ?? null;
}

/** Replaces the object's tag set; false when there is no such object. */
export async function setObjectTags(bucket: string, key: string, tags: S3Tag[]): Promise<boolean> {
  const db = await getDb();
  const rows = await db.update(s3Objects).set({ tags }).where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key))).returning({ key: s3Objects.key });
  return rows.length > 0;
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  const db = await getDb();
  await db.delete(s3Objects).where(and(eq(s3Objects.bucket, bucket), eq(s3Objects.key, key)));
}

export async function deleteObjects(bucket: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const db = await getDb();
  await db.delete(s3Objects).where(and(eq(s3Objects.bucket, bucket), inArray(s3Objects.key, keys)));
}

/** Copies an object's bytes inside the database (they never come to Node), within the destination owner's quota. */
export async function copyObject(
  ownerAccountId: string,
  source: ObjectInfo,
  target: { bucket: string; key: string; attributes: ObjectAttributes; lastModified: Date },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    checkQuota(await lockAndMeasure(tx, ownerAccountId, { bucket: target.bucket, key: target.key }), source.size);
    const { contentType, headers, metadata, checksum, tags } = target.attributes;
    await tx.execute(sql`
      INSERT INTO s3_objects (bucket, key, body, size, etag, content_type, headers, metadata, checksum, tags, last_modified)
      SELECT ${target.bucket}, ${target.key}, body, size, etag, ${contentType}, ${JSON.stringify(headers)}::jsonb,
             ${JSON.stringify(metadata)}::jsonb, ${checksum === null ? null : JSON.stringify(checksum)}::jsonb, ${JSON.stringify(tags)}::jsonb,
             ${target.lastModified.toISOString()}::timestamptz
      FROM s3_objects WHERE bucket = ${source.bucket} AND key = ${source.key}
      ON CONFLICT (bucket, key) DO UPDATE SET body = excluded.body, size = excluded.size, etag = excluded.etag,
        content_type = excluded.content_type, headers = excluded.headers, metadata = excluded.metadata,
        checksum = excluded.checksum, tags = excluded.tags, last_modified = excluded.last_modified`);
  });
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/** Objects whose key starts with `prefix` and sorts after `after`, in UTF-8 byte order, at most `limit`. */
export async function listObjectsAfter(bucket: string, prefix: string, after: string, limit: number): Promise<ListedObject[]> {
  const db = await getDb();
  return db
    .select({ key: s3Objects.key, size: s3Objects.size, etag: s3Objects.etag, lastModified: s3Objects.lastModified })
    .from(s3Objects)
    .where(and(eq(s3Objects.bucket, bucket), sql`starts_with(${s3Objects.key}, ${prefix})`, after === "" ? undefined : gt(keyBytes, after)))
    .orderBy(asc(keyBytes))
    .limit(limit);
}

// ---------------------------------------------------------------- multipart uploads

export type UploadRow = typeof s3MultipartUploads.$inferSelect;
export type PartInfo = Omit<typeof s3MultipartParts.$inferSelect, "body">;

export async function insertUpload(upload: UploadRow): Promise<void> {
  const db = await getDb();
  await db.insert(s3MultipartUploads).values(upload);
}

/** The upload, if it exists and is for this bucket and key. */
export async function findUpload(uploadId: string, bucket: string, key: string): Promise<UploadRow | null> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(s3MultipartUploads)
    .where(and(eq(s3MultipartUploads.uploadId, uploadId), eq(s3MultipartUploads.bucket, bucket), eq(s3MultipartUploads.key, key)));
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

/** Stores (or replaces) one part, within the bucket owner's quota; false when the upload is gone. */
export async function putPart(ownerAccountId: string, part: typeof s3MultipartParts.$inferInsert & { body: Buffer }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const used = await lockAndMeasure(tx, ownerAccountId, { uploadId: part.uploadId, partNumber: part.partNumber });
    const upload = await tx.select({ uploadId: s3MultipartUploads.uploadId }).from(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, part.uploadId));
    if (upload.length === 0) return false;
    checkQuota(used, part.body.length);
    await tx
      .insert(s3MultipartParts)
      .values(part)
      .onConflictDoUpdate({ target: [s3MultipartParts.uploadId, s3MultipartParts.partNumber], set: { body: part.body, size: part.size, etag: part.etag, lastModified: part.lastModified } });
    return true;
  });
}

export async function partsOf(uploadId: string): Promise<PartInfo[]> {
  const db = await getDb();
  return db
    .select({ uploadId: s3MultipartParts.uploadId, partNumber: s3MultipartParts.partNumber, size: s3MultipartParts.size, etag: s3MultipartParts.etag, lastModified: s3MultipartParts.lastModified })
    .from(s3MultipartParts)
    .where(eq(s3MultipartParts.uploadId, uploadId))
    .orderBy(s3MultipartParts.partNumber);
}

/** Removes the upload and its parts; false when it did not exist. */
export async function deleteUpload(uploadId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db.delete(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, uploadId)).returning({ uploadId: s3MultipartUploads.uploadId });
  return rows.length > 0;
}

/**
 * Assembles the chosen parts (in the database, in order) into the object and removes the
 * upload, in one transaction: the parts' bytes were already counted, so the quota holds.
 */
export async function completeUpload(upload: UploadRow, partNumbers: number[], etag: string, lastModified: Date): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const current = await tx.select({ uploadId: s3MultipartUploads.uploadId }).from(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, upload.uploadId)).for("update");
    if (current.length === 0) return false;
    await tx.execute(sql`
      INSERT INTO s3_objects (bucket, key, body, size, etag, content_type, headers, metadata, checksum, tags, last_modified)
      SELECT ${upload.bucket}, ${upload.key}, assembled.body, length(assembled.body), ${etag}, ${upload.contentType},
             ${JSON.stringify(upload.headers)}::jsonb, ${JSON.stringify(upload.metadata)}::jsonb, NULL, ${JSON.stringify(upload.tags)}::jsonb,
             ${lastModified.toISOString()}::timestamptz
      FROM (SELECT coalesce(string_agg(body, ''::bytea ORDER BY part_number), ''::bytea) AS body
            FROM s3_multipart_parts WHERE upload_id = ${upload.uploadId} AND part_number = ANY(${sql.raw(`ARRAY[${partNumbers.map((n) => Number(n)).join(",")}]::int[]`)})) AS assembled
      ON CONFLICT (bucket, key) DO UPDATE SET body = excluded.body, size = excluded.size, etag = excluded.etag,
        content_type = excluded.content_type, headers = excluded.headers, metadata = excluded.metadata,
        checksum = NULL, tags = excluded.tags, last_modified = excluded.last_modified`);
    await tx.delete(s3MultipartUploads).where(eq(s3MultipartUploads.uploadId, upload.uploadId));
    return true;
  });
}
