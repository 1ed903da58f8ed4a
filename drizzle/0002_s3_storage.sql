CREATE TABLE "s3_buckets" (
	"name" text PRIMARY KEY NOT NULL,
	"owner_account_id" text NOT NULL,
	"region" text NOT NULL,
	"policy" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "s3_multipart_parts" (
	"upload_id" text NOT NULL,
	"part_number" integer NOT NULL,
	"body" "bytea" NOT NULL,
	"size" bigint NOT NULL,
	"etag" text NOT NULL,
	"last_modified" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "s3_multipart_parts_upload_id_part_number_pk" PRIMARY KEY("upload_id","part_number")
);
--> statement-breakpoint
CREATE TABLE "s3_multipart_uploads" (
	"upload_id" text PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"content_type" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"initiator_arn" text NOT NULL,
	"initiated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "s3_objects" (
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"body" "bytea" NOT NULL,
	"size" bigint NOT NULL,
	"etag" text NOT NULL,
	"content_type" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checksum" jsonb,
	"last_modified" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "s3_objects_bucket_key_pk" PRIMARY KEY("bucket","key")
);
--> statement-breakpoint
ALTER TABLE "s3_buckets" ADD CONSTRAINT "s3_buckets_owner_account_id_sandbox_accounts_account_id_fk" FOREIGN KEY ("owner_account_id") REFERENCES "public"."sandbox_accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s3_multipart_parts" ADD CONSTRAINT "s3_multipart_parts_upload_id_s3_multipart_uploads_upload_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."s3_multipart_uploads"("upload_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s3_multipart_uploads" ADD CONSTRAINT "s3_multipart_uploads_bucket_s3_buckets_name_fk" FOREIGN KEY ("bucket") REFERENCES "public"."s3_buckets"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s3_objects" ADD CONSTRAINT "s3_objects_bucket_s3_buckets_name_fk" FOREIGN KEY ("bucket") REFERENCES "public"."s3_buckets"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "s3_buckets_owner_idx" ON "s3_buckets" USING btree ("owner_account_id");--> statement-breakpoint
CREATE INDEX "s3_multipart_uploads_bucket_idx" ON "s3_multipart_uploads" USING btree ("bucket","key");