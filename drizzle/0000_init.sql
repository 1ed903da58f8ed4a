CREATE TABLE "lab_progress" (
	"user_id" text NOT NULL,
	"lab_id" text NOT NULL,
	"completed_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_progress_user_id_lab_id_pk" PRIMARY KEY("user_id","lab_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_access_keys" (
	"access_key_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"secret_access_key" text NOT NULL,
	"user_name" text,
	"status" text DEFAULT 'Active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_accounts" (
	"account_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_accounts_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_activity" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"account_id" text NOT NULL,
	"request_id" text NOT NULL,
	"caller" text NOT NULL,
	"access_key_id" text,
	"service" text NOT NULL,
	"action" text NOT NULL,
	"summary" text NOT NULL,
	"http_status" integer NOT NULL,
	"error_code" text,
	"source_ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "sandbox_state" (
	"account_id" text NOT NULL,
	"service" text NOT NULL,
	"document" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_state_account_id_service_pk" PRIMARY KEY("account_id","service")
);
--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"first_failure_at" timestamp with time zone NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"github_id" text,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lab_progress" ADD CONSTRAINT "lab_progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_access_keys" ADD CONSTRAINT "sandbox_access_keys_account_id_sandbox_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sandbox_accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_accounts" ADD CONSTRAINT "sandbox_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_state" ADD CONSTRAINT "sandbox_state_account_id_sandbox_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sandbox_accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_access_keys_account_idx" ON "sandbox_access_keys" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sandbox_activity_account_at_idx" ON "sandbox_activity" USING btree ("account_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_github_id_key" ON "users" USING btree ("github_id");