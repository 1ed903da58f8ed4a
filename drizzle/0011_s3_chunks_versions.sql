CREATE TABLE "s3_blobs" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"size" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "s3_chunks" (
	"blob_id" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "s3_chunks_blob_id_seq_pk" PRIMARY KEY("blob_id","seq")
);
--> statement-breakpoint
-- Object bytes do not compress as a rule: stored out of line without trying.
ALTER TABLE "s3_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;--> statement-breakpoint
CREATE TABLE "s3_object_segments" (
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"version_id" text NOT NULL,
	"idx" integer NOT NULL,
	"blob_id" text NOT NULL,
	"start" bigint NOT NULL,
	"size" bigint NOT NULL,
	CONSTRAINT "s3_object_segments_bucket_key_version_id_idx_pk" PRIMARY KEY("bucket","key","version_id","idx")
);
--> statement-breakpoint
ALTER TABLE "s3_objects" ADD COLUMN "version_id" text DEFAULT 'null' NOT NULL;--> statement-breakpoint
ALTER TABLE "s3_objects" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "s3_objects" ADD COLUMN "is_latest" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "s3_objects" ADD COLUMN "delete_marker" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "s3_objects" DROP CONSTRAINT "s3_objects_bucket_key_pk";--> statement-breakpoint
ALTER TABLE "s3_objects" ADD CONSTRAINT "s3_objects_bucket_key_version_id_pk" PRIMARY KEY("bucket","key","version_id");--> statement-breakpoint
ALTER TABLE "s3_multipart_parts" ADD COLUMN "blob_id" text;--> statement-breakpoint
ALTER TABLE "s3_blobs" ADD CONSTRAINT "s3_blobs_account_id_sandbox_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sandbox_accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s3_chunks" ADD CONSTRAINT "s3_chunks_blob_id_s3_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."s3_blobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Existing objects' and parts' bytes move into blobs of 256 KiB chunks (S3_CHUNK_BYTES).
UPDATE "s3_objects" SET "version_id" = 'null';--> statement-breakpoint
INSERT INTO "s3_blobs" ("id", "account_id", "size")
	SELECT md5(o."bucket" || '/' || o."key"), b."owner_account_id", o."size"
	FROM "s3_objects" o JOIN "s3_buckets" b ON b."name" = o."bucket" WHERE o."size" > 0;--> statement-breakpoint
INSERT INTO "s3_chunks" ("blob_id", "seq", "data")
	SELECT md5(o."bucket" || '/' || o."key"), g.seq, substring(o."body" from g.seq * 262144 + 1 for 262144)
	FROM "s3_objects" o, generate_series(0, ((o."size" + 262143) / 262144)::int - 1) AS g(seq) WHERE o."size" > 0;--> statement-breakpoint
INSERT INTO "s3_object_segments" ("bucket", "key", "version_id", "idx", "blob_id", "start", "size")
	SELECT o."bucket", o."key", 'null', 0, md5(o."bucket" || '/' || o."key"), 0, o."size" FROM "s3_objects" o WHERE o."size" > 0;--> statement-breakpoint
UPDATE "s3_multipart_parts" SET "blob_id" = md5('part/' || "upload_id" || '/' || "part_number"::text) WHERE "size" > 0;--> statement-breakpoint
INSERT INTO "s3_blobs" ("id", "account_id", "size")
	SELECT p."blob_id", b."owner_account_id", p."size"
	FROM "s3_multipart_parts" p JOIN "s3_multipart_uploads" u ON u."upload_id" = p."upload_id" JOIN "s3_buckets" b ON b."name" = u."bucket"
	WHERE p."blob_id" IS NOT NULL;--> statement-breakpoint
INSERT INTO "s3_chunks" ("blob_id", "seq", "data")
	SELECT p."blob_id", g.seq, substring(p."body" from g.seq * 262144 + 1 for 262144)
	FROM "s3_multipart_parts" p, generate_series(0, ((p."size" + 262143) / 262144)::int - 1) AS g(seq) WHERE p."blob_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "s3_object_segments" ADD CONSTRAINT "s3_object_segments_blob_id_s3_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."s3_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s3_object_segments" ADD CONSTRAINT "s3_object_segments_bucket_key_version_id_s3_objects_bucket_key_version_id_fk" FOREIGN KEY ("bucket","key","version_id") REFERENCES "public"."s3_objects"("bucket","key","version_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s3_multipart_parts" ADD CONSTRAINT "s3_multipart_parts_blob_id_s3_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."s3_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "s3_blobs_account_idx" ON "s3_blobs" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "s3_object_segments_blob_idx" ON "s3_object_segments" USING btree ("blob_id");--> statement-breakpoint
CREATE INDEX "s3_multipart_parts_blob_idx" ON "s3_multipart_parts" USING btree ("blob_id");--> statement-breakpoint
CREATE UNIQUE INDEX "s3_objects_latest_idx" ON "s3_objects" USING btree ("bucket","key") WHERE "s3_objects"."is_latest";--> statement-breakpoint
ALTER TABLE "s3_multipart_parts" DROP COLUMN "body";--> statement-breakpoint
ALTER TABLE "s3_objects" DROP COLUMN "body";
