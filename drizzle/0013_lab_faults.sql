CREATE TABLE "lab_faults" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"lab_id" text NOT NULL,
	"fault_id" text NOT NULL,
	"applied_by" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" jsonb NOT NULL,
	"help_requests" integer DEFAULT 0 NOT NULL,
	"fixed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text
);
--> statement-breakpoint
ALTER TABLE "lab_faults" ADD CONSTRAINT "lab_faults_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lab_faults_open_idx" ON "lab_faults" USING btree ("user_id","lab_id") WHERE "lab_faults"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "lab_faults_user_idx" ON "lab_faults" USING btree ("user_id","lab_id","applied_at");