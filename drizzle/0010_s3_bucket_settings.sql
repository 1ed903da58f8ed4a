ALTER TABLE "s3_buckets" ADD COLUMN "tags" jsonb;--> statement-breakpoint
ALTER TABLE "s3_buckets" ADD COLUMN "versioning" text;--> statement-breakpoint
ALTER TABLE "s3_buckets" ADD COLUMN "encryption" jsonb;--> statement-breakpoint
ALTER TABLE "s3_buckets" ADD COLUMN "public_access_block" jsonb DEFAULT '{"blockPublicAcls":true,"ignorePublicAcls":true,"blockPublicPolicy":true,"restrictPublicBuckets":true}'::jsonb;--> statement-breakpoint
ALTER TABLE "s3_buckets" ADD COLUMN "object_ownership" text DEFAULT 'BucketOwnerEnforced';--> statement-breakpoint
ALTER TABLE "s3_multipart_uploads" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "s3_objects" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;