import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  bigserial,
  customType,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { CONSOLE_USER_AGENT } from "@/lib/aws/user-agent";

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    githubId: text("github_id"),
    role: text("role", { enum: ["instructor", "student"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("users_github_id_key").on(t.githubId),
  ],
);

/** Failed sign-ins, counted per key ("account:<email>" or "address:<ip>") to slow down guessing. */
/**
 * Sessions signed out before their JWT expired. A session cookie is a self-contained JWT, so a
 * request still in flight at sign-out can bring it back (the proxy re-sets it on every response);
 * its id listed here makes it count as signed out anyway. Rows go once the JWT would have expired.
 */
export const revokedSessions = pgTable("revoked_sessions", {
  sessionId: text("session_id").primaryKey(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
});

export const signInFailures = pgTable("sign_in_failures", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  firstFailureAt: timestamp("first_failure_at", { withTimezone: true }).notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
});

/**
 * Secrets every app process on one PostgreSQL must agree on (the session-signing secret): the first
 * process to start writes one, the others read it.
 */
export const sharedSecrets = pgTable("shared_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
});

/** One sandbox AWS account per user. */
export const sandboxAccounts = pgTable("sandbox_accounts", {
  accountId: text("account_id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Access keys of sandbox accounts. The secret is kept because SigV4 verification needs it, as in AWS. */
export const sandboxAccessKeys = pgTable(
  "sandbox_access_keys",
  {
    accessKeyId: text("access_key_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    secretAccessKey: text("secret_access_key").notNull(),
    /** IAM user name the key belongs to; null for the account's console (root) key. */
    userName: text("user_name"),
    status: text("status", { enum: ["Active", "Inactive"] }).notNull().default("Active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sandbox_access_keys_account_idx").on(t.accountId)],
);

/**
 * The state of one sandbox service in one account ("ec2:us-east-1", "iam"): its version, bumped by
 * every change. The state itself is in sandboxStateItems; `document` holds a whole state written
 * before the state was split into items (null once split, on the state's next change).
 */
export const sandboxState = pgTable(
  "sandbox_state",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    service: text("service").notNull(),
    // Text, not json: the store writes only JSON.stringify's output, and the json type would parse
    // every written document again (a third of a write's database time, whatever the document's size).
    document: text("document"),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.service] })],
);

/**
 * One item of a sandbox state (lib/sandbox/core/state-items.ts): an entry of a top-level record
 * ("vpcs" / "vpc-0abc…"), or the root (collection and item "") holding the other top-level values.
 * A call writes only the items it changed. Text, not json: JSON.stringify's output, kept as written
 * (key order included) and not parsed again by the database. `sequence` keeps the records' key order.
 */
export const sandboxStateItems = pgTable(
  "sandbox_state_items",
  {
    accountId: text("account_id").notNull(),
    service: text("service").notNull(),
    collection: text("collection").notNull(),
    itemId: text("item_id").notNull(),
    document: text("document").notNull(),
    sequence: bigserial("sequence", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.service, t.collection, t.itemId] }),
    foreignKey({ columns: [t.accountId, t.service], foreignColumns: [sandboxState.accountId, sandboxState.service] }).onDelete("cascade"),
  ],
);

/**
 * SSM Run Command history: one row per command, so sending a command or recording its result
 * writes one small row instead of rewriting the account's whole history. `document` is the
 * command as lib/sandbox/ssm/model/types.ts defines it (invocations and their output included).
 */
export const sandboxSsmCommands = pgTable(
  "sandbox_ssm_commands",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    region: text("region").notNull(),
    commandId: text("command_id").notNull(),
    /** Order of sending: ListCommands answers newest first, and only the newest are kept. */
    sequence: bigserial("sequence", { mode: "number" }).notNull(),
    document: json("document").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.region, t.commandId] }), index("sandbox_ssm_commands_order_idx").on(t.accountId, t.region, t.sequence)],
);

/**
 * Temporary credentials STS AssumeRole handed out: the key pair and session token a caller signs
 * with, and the role session it stands for. Kept after expiry so a late caller is told its token
 * expired rather than that it never existed.
 */
export const sandboxRoleSessions = pgTable(
  "sandbox_role_sessions",
  {
    accessKeyId: text("access_key_id").primaryKey(),
    secretAccessKey: text("secret_access_key").notNull(),
    sessionToken: text("session_token").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    roleName: text("role_name").notNull(),
    roleId: text("role_id").notNull(),
    roleArn: text("role_arn").notNull(),
    sessionName: text("session_name").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("sandbox_role_sessions_account_idx").on(t.accountId)],
);

/** The actions that only read (CloudTrail's read events), as a PostgreSQL regular expression. */
export const ACTIVITY_READ_ACTION = "^(Describe|List|Get|Head)";

/** Every sandbox API call, CloudTrail-style. */
export const sandboxActivity = pgTable(
  "sandbox_activity",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    accountId: text("account_id").notNull(),
    requestId: text("request_id").notNull(),
    caller: text("caller").notNull(),
    accessKeyId: text("access_key_id"),
    service: text("service").notNull(),
    action: text("action").notNull(),
    summary: text("summary").notNull(),
    httpStatus: integer("http_status").notNull(),
    errorCode: text("error_code"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
    /** A read the app's console made (its refresh reads, which the Activity panel leaves out): kept apart by the index below. */
    consoleRead: boolean("console_read")
      .notNull()
      .generatedAlwaysAs(sql.raw(`action ~ '${ACTIVITY_READ_ACTION}' and coalesce(strpos(user_agent, '${CONSOLE_USER_AGENT}'), 0) > 0`)),
  },
  // A page of the Activity panel is the newest rows of this index, however many refresh reads the console made in between.
  (t) => [index("sandbox_activity_account_shown_idx").on(t.accountId, t.consoleRead, t.id)],
);

/** A user's place in one lab. */
export const labProgress = pgTable(
  "lab_progress",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    completedSteps: jsonb("completed_steps").$type<string[]>().notNull().default([]),
    notes: jsonb("notes").$type<Record<string, string>>().notNull().default({}),
    /** When a reset last reopened each step (ISO time): a doing step counts only what the student did since. */
    reopenedAt: jsonb("reopened_at").$type<Record<string, string>>().notNull().default({}),
    /** When a Do it for me that succeeded started, per step (ISO time): the write-up says what it completed. */
    doneForMeAt: jsonb("done_for_me_at").$type<Record<string, string>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId] })],
);

/** Binary data: node-postgres hands back a Buffer, PGlite a Uint8Array; both become a Buffer. */
/**
 * Bytes go to the database as base64 text decoded there: PGlite serialises a bytea parameter byte by
 * byte on the server's own thread (about 0.8 s a MiB, every tenant waiting), and base64 costs ~30 ms.
 * Reads that carry many bytes select `bytesAsBase64` for the same reason.
 */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => sql`decode(${value.toString("base64")}, 'base64')`,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/** A bytea expression read as base64 text and decoded here (see bytea above). */
export function bytesAsBase64(expression: SQL | AnyPgColumn): SQL<Buffer> {
  return sql`encode(${expression}, 'base64')`.mapWith((text: string) => Buffer.from(text, "base64"));
}

/** One S3 tag (buckets and objects keep them in the order they were put). */
export interface S3Tag {
  key: string;
  value: string;
}

/** A bucket's default encryption rule. */
export interface S3EncryptionRule {
  algorithm: "AES256" | "aws:kms" | "aws:kms:dsse";
  kmsKeyId?: string;
  bucketKeyEnabled: boolean;
}

export interface S3PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** Bucket sub-resources kept as S3 returns them: the canonical XML inside the configuration's root element. */
export type S3ConfigurationName = "cors" | "website" | "lifecycle" | "logging" | "accelerate" | "requestPayment" | "notification" | "replication";
/** Configurations a bucket holds many of, each under its id (stored as `<kind>/<id>`). */
export type S3NamedConfigurationKind = "analytics" | "metrics" | "inventory" | "intelligentTiering";
export type S3ConfigurationKey = S3ConfigurationName | `${S3NamedConfigurationKind}/${string}`;
export type S3BucketConfigurations = Partial<Record<S3ConfigurationKey, string>>;

export const NEW_BUCKET_PUBLIC_ACCESS_BLOCK: S3PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

/** Sandbox S3 buckets: one namespace across all sandbox accounts, as S3's is global. */
export const s3Buckets = pgTable(
  "s3_buckets",
  {
    name: text("name").primaryKey(),
    ownerAccountId: text("owner_account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    region: text("region").notNull(),
    /** The bucket policy as the client sent it (S3 returns it verbatim); null when there is none. */
    policy: text("policy"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The bucket's tag set, in the order put; null when it has none (GetBucketTagging: NoSuchTagSet). */
    tags: jsonb("tags").$type<S3Tag[] | null>(),
    /** "Enabled" or "Suspended"; null while versioning was never configured. */
    versioning: text("versioning"),
    /** The default encryption put; null for S3's own default (SSE-S3, AES256). */
    encryption: jsonb("encryption").$type<S3EncryptionRule | null>(),
    /** All four settings on for a new bucket, as S3 sets since April 2023; null once deleted. */
    publicAccessBlock: jsonb("public_access_block").$type<S3PublicAccessBlock | null>().default(NEW_BUCKET_PUBLIC_ACCESS_BLOCK),
    /** BucketOwnerEnforced for a new bucket (ACLs off), as S3 sets since April 2023; null once deleted. */
    objectOwnership: text("object_ownership").default("BucketOwnerEnforced"),
    /** CORS, website, lifecycle, logging, … as put (an absent name: never put, or deleted). */
    configurations: jsonb("configurations").$type<S3BucketConfigurations>().notNull().default({}),
  },
  (t) => [index("s3_buckets_owner_idx").on(t.ownerAccountId)],
);

/**
 * Object bytes, stored apart from what names them: a blob is written as a request streams in
 * (never whole in memory) and becomes visible only when an object version or an upload part refers
 * to it. Several may refer to one blob (CopyObject, CompleteMultipartUpload), so a blob is dropped
 * when nothing refers to it any more. Its bytes are chunk rows (s3_chunks) on PostgreSQL and files
 * under the data directory with PGlite (lib/sandbox/s3/model/blobs.ts). Owned by an account, so an
 * account's deletion takes its rows with it (and the blob sweep its files). `size` is -2 while the
 * bytes arrive and -1 while being dropped; `created_at` is refreshed while a blob is written and
 * when it is whole, so the sweep tells a crash's leftovers from work in progress.
 */
export const s3Blobs = pgTable(
  "s3_blobs",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    size: bigint("size", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("s3_blobs_account_idx").on(t.accountId)],
);

/** A blob's bytes in chunks of S3_CHUNK_BYTES (the last one shorter), numbered from 0; PostgreSQL mode only (and blobs stored before PGlite's blobs became files). */
export const s3Chunks = pgTable(
  "s3_chunks",
  {
    blobId: text("blob_id")
      .notNull()
      .references(() => s3Blobs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.blobId, t.seq] })],
);

/**
 * Sandbox S3 object versions (sizes counted against the bucket owner's quota). An unversioned
 * bucket holds one version per key, "null"; a versioned one a version per PUT and delete markers.
 * Exactly one version of a key is the latest. The bytes are the object's segments, in order.
 */
export const s3Objects = pgTable(
  "s3_objects",
  {
    bucket: text("bucket")
      .notNull()
      .references(() => s3Buckets.name, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** "null" for the version an unversioned (or suspended) bucket stores, as S3 names it. */
    versionId: text("version_id").notNull().default("null"),
    /** Orders a key's versions, newest highest. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    isLatest: boolean("is_latest").notNull().default(true),
    deleteMarker: boolean("delete_marker").notNull().default(false),
    size: bigint("size", { mode: "number" }).notNull(),
    /** Quoted, as S3 sends it: "\"<md5 hex>\"" or "\"<md5 of part md5s>-<parts>\""; "" for a delete marker. */
    etag: text("etag").notNull(),
    contentType: text("content_type").notNull(),
    /** Standard headers stored with the object (Content-Encoding, Cache-Control…) and x-amz-meta-* user metadata. */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    /** The x-amz-checksum-<algorithm> sent with a single PUT, echoed back on GetObject with checksum mode. */
    checksum: jsonb("checksum").$type<{ algorithm: string; value: string } | null>(),
    lastModified: timestamp("last_modified", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The object's tag set (x-amz-tagging, PutObjectTagging), in order. */
    tags: jsonb("tags").$type<S3Tag[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.bucket, t.key, t.versionId] }),
    uniqueIndex("s3_objects_latest_idx").on(t.bucket, t.key).where(sql`${t.isLatest}`),
  ],
);

/** The blobs an object version's bytes are made of: one for a PUT, one per part for a multipart upload. */
export const s3ObjectSegments = pgTable(
  "s3_object_segments",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    versionId: text("version_id").notNull(),
    idx: integer("idx").notNull(),
    blobId: text("blob_id")
      .notNull()
      .references(() => s3Blobs.id),
    /** Where the segment starts in the object. */
    start: bigint("start", { mode: "number" }).notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.bucket, t.key, t.versionId, t.idx] }),
    foreignKey({ columns: [t.bucket, t.key, t.versionId], foreignColumns: [s3Objects.bucket, s3Objects.key, s3Objects.versionId] }).onDelete("cascade"),
    index("s3_object_segments_blob_idx").on(t.blobId),
  ],
);

/** Multipart uploads in progress. */
export const s3MultipartUploads = pgTable(
  "s3_multipart_uploads",
  {
    uploadId: text("upload_id").primaryKey(),
    bucket: text("bucket")
      .notNull()
      .references(() => s3Buckets.name, { onDelete: "cascade" }),
    key: text("key").notNull(),
    contentType: text("content_type").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    initiatorArn: text("initiator_arn").notNull(),
    /** The x-amz-tagging of CreateMultipartUpload, given to the completed object. */
    tags: jsonb("tags").$type<S3Tag[]>().notNull().default([]),
    initiated: timestamp("initiated", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("s3_multipart_uploads_bucket_idx").on(t.bucket, t.key)],
);

export const s3MultipartParts = pgTable(
  "s3_multipart_parts",
  {
    uploadId: text("upload_id")
      .notNull()
      .references(() => s3MultipartUploads.uploadId, { onDelete: "cascade" }),
    partNumber: integer("part_number").notNull(),
    /** The part's bytes; null for an empty part. */
    blobId: text("blob_id").references(() => s3Blobs.id),
    size: bigint("size", { mode: "number" }).notNull(),
    etag: text("etag").notNull(),
    lastModified: timestamp("last_modified", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] }), index("s3_multipart_parts_blob_idx").on(t.blobId)],
);

/**
 * What a lab step looked like when the student completed it, for the write-up: a summary, the
 * route table or policy that matters, the test output, and the diagram as PNG (sent by the browser).
 */
export const labStepRecords = pgTable(
  "lab_step_records",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    stepId: text("step_id").notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
    summary: text("summary").notNull(),
    config: text("config").notNull(),
    testCommand: text("test_command"),
    testOutput: text("test_output"),
    image: bytea("image"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId, t.stepId] })],
);

/**
 * Real AWS mode, per user: the IAM role the console assumes for them (optional) and the external
 * id their role's trust policy must require. No credentials are stored: STS hands out temporary
 * ones, kept in the server's memory only.
 */
export const awsRoleSettings = pgTable("aws_role_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  roleArn: text("role_arn"),
  externalId: text("external_id").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** What a teardown did, kept so the student sees it (an idle teardown happens while they are away). */
export interface TeardownRecord {
  at: string;
  reason: "idle" | "student" | "class-ended";
  idleMinutes?: number;
  /** For "class-ended": the class whose end tore the lab down. */
  className?: string;
  deleted: string[];
  left: Array<{ id: string; reason: string }>;
}

/**
 * A user's current run of a lab: the run id tagged onto everything the console creates, and when
 * the lab was last touched (for the idle teardown). A reset or a teardown starts a new run.
 */
export const labRuns = pgTable(
  "lab_runs",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    runId: text("run_id").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    touchedAt: timestamp("touched_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set while resources of the run may exist (a build or console change); cleared by a teardown. */
    active: boolean("active").notNull().default(false),
    lastTeardown: jsonb("last_teardown").$type<TeardownRecord>(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId] }), index("lab_runs_touched_idx").on(t.touchedAt)],
);

/**
 * Who is running Do it for me, Reset or Tear down on a lab now: one row per (user, lab) while a run
 * holds it. The owner renews `expiresAt` while it works; a crashed process's lock lapses by itself.
 */
export const labRunLocks = pgTable(
  "lab_run_locks",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    owner: text("owner").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId] })],
);

/**
 * S3 buckets the console created. EC2 resources carry ownership tags; buckets are recorded here
 * instead: ListBuckets returns no tags (reading them costs a GetBucketTagging per bucket in the
 * account) and the sandbox does not serve bucket tagging.
 */
export const ownedBuckets = pgTable(
  "owned_buckets",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    bucket: text("bucket").notNull(),
    labId: text("lab_id"),
    runId: text("run_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.bucket] })],
);

/**
 * A class an instructor runs: the labs it works on, whether the steps' hints are shown, when a
 * student counts as stuck, and an optional end time after which the students' labs are torn down.
 * Students join with `joinCode`.
 */
export const classes = pgTable("classes", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  joinCode: text("join_code").notNull().unique(),
  labIds: jsonb("lab_ids").$type<string[]>().notNull(),
  hintsEnabled: boolean("hints_enabled").notNull().default(true),
  /** A student on the same step longer than this is marked stuck. */
  stuckMinutes: integer("stuck_minutes").notNull().default(15),
  /** ...or after this many failing Check my work in a row on one step. */
  stuckFailedChecks: integer("stuck_failed_checks").notNull().default(3),
  endsAt: timestamp("ends_at", { withTimezone: true, mode: "date" }),
  /** Set once the end-of-class teardown ran. */
  endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** A class's instructors (several per class); only they see its board. */
export const classInstructors = pgTable(
  "class_instructors",
  {
    classId: text("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.classId, t.userId] }), index("class_instructors_user_idx").on(t.userId)],
);

export const classStudents = pgTable(
  "class_students",
  {
    classId: text("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The student lets an instructor put their diagram on the projector. */
    projectorConsent: boolean("projector_consent").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.classId, t.userId] }), index("class_students_user_idx").on(t.userId)],
);

/** What the student last saw from a test: ping or S3, allowed or not, and the hop that stopped it. */
export interface RecordedVerdict {
  kind: "ping" | "s3";
  ok: boolean;
  /** The hop (or policy) that stopped it, as the analysis names it. */
  blockedBy?: string;
  at: string;
}

/** Where a student is in a lab, for the class board: the step they are on since when, their last test. */
export const labLiveStatus = pgTable(
  "lab_live_status",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    /** The first step not completed; null once every step is. */
    currentStepId: text("current_step_id"),
    stepSince: timestamp("step_since", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastVerdict: jsonb("last_verdict").$type<RecordedVerdict>(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId] })],
);

/** Per step: how often the student pressed Check my work, how many failed in a row, hints opened. */
export const labStepActivity = pgTable(
  "lab_step_activity",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    stepId: text("step_id").notNull(),
    checkAttempts: integer("check_attempts").notNull().default(0),
    failedChecksInRow: integer("failed_checks_in_row").notNull().default(0),
    hintsUsed: integer("hints_used").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId, t.stepId] })],
);

/** What a Break it fault changed in the account, for the instructor and for a later look. */
export interface LabFaultChange {
  /** One sentence, naming ids: what the fault did (never shown to the student before the fix). */
  summary: string;
  /** The ids it touched. */
  ids: string[];
  /** What the student was shown, with the lab's names filled in. */
  symptom?: string;
  /** The hop the analysis names for the broken test once the fault is in (e.g. the route table it emptied). */
  expectedHop: { componentType: string; componentId: string };
}

/**
 * Break it challenges: a fault applied to a student's lab (by the student, "Challenge me", or by an
 * instructor), until the student's fix passes the lab's test or a reset or teardown ends it.
 * At most one open fault per (user, lab).
 */
export const labFaults = pgTable(
  "lab_faults",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    faultId: text("fault_id").notNull(),
    /** Who applied it: the student themselves, or an instructor's user id. */
    appliedBy: text("applied_by").notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
    change: jsonb("change").$type<LabFaultChange>().notNull(),
    /** Times the student asked "Show me where it breaks". */
    helpRequests: integer("help_requests").notNull().default(0),
    fixedAt: timestamp("fixed_at", { withTimezone: true }),
    /** Set with fixedAt, or by a reset or teardown of the lab. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: text("closed_by").$type<"fixed" | "reset" | "teardown">(),
  },
  (t) => [
    uniqueIndex("lab_faults_open_idx")
      .on(t.userId, t.labId)
      .where(sql`${t.closedAt} IS NULL`),
    index("lab_faults_user_idx").on(t.userId, t.labId, t.appliedAt),
  ],
);

/**
 * The write-up's moments: what the student met during a lab run (Instance Connect refused, the
 * ping with 100 % loss, the lock-out, …), captured when a check first sees it, or pinned by the
 * student from a terminal or a test. Each keeps the diagram drawn at that moment (SVG), the table
 * or policy that mattered and the exact output. `key` makes capture idempotent per run (one
 * "ping-failed" per run); a dropped moment keeps its row (`droppedAt`) so it is not captured again.
 */
export const labMoments = pgTable(
  "lab_moments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    runId: text("run_id").notNull(),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    sectionId: text("section_id").notNull(),
    title: text("title").notNull(),
    happenedAt: timestamp("happened_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The write-up's order; the student may change it. */
    position: integer("position").notNull(),
    /** The route table, security group or policy that explains the moment. */
    detail: text("detail").notNull().default(""),
    command: text("command"),
    output: text("output").notNull().default(""),
    diagramSvg: text("diagram_svg").notNull(),
    pinned: boolean("pinned").notNull().default(false),
    droppedAt: timestamp("dropped_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("lab_moments_key_idx").on(t.userId, t.labId, t.runId, t.key), index("lab_moments_run_idx").on(t.userId, t.labId, t.runId)],
);

/** The student's own words for a write-up section (the intro prompts and each idea), replacing its draft. */
export const labWriteupTexts = pgTable(
  "lab_writeup_texts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    sectionId: text("section_id").notNull(),
    text: text("text").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId, t.sectionId] })],
);

/**
 * Browser terminal sessions when several app processes share PostgreSQL. The shell runs in the
 * process that opened it (`owner`); its output chunks are mirrored here so that a stream served by
 * any process reads them, and input typed through any process reaches the owner over the event bus.
 * The owner refreshes `owner_seen_at` while it lives; a session whose owner stopped refreshing it is
 * ended by whichever process notices (`owner_lost`), so no stream waits on a shell that is gone.
 */
export const terminalSessions = pgTable(
  "terminal_sessions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    instanceId: text("instance_id").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    exitCode: integer("exit_code"),
    owner: text("owner").notNull().default(""),
    ownerSeenAt: timestamp("owner_seen_at", { withTimezone: true }).notNull().defaultNow(),
    ownerLost: boolean("owner_lost").notNull().default(false),
  },
  (t) => [index("terminal_sessions_account_idx").on(t.accountId, t.openedAt)],
);

/** A terminal session's buffered output, trimmed as the owner's buffer is. */
export const terminalOutput = pgTable(
  "terminal_output",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => terminalSessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: text("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] })],
);
