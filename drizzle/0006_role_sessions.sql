CREATE TABLE "sandbox_role_sessions" (
	"access_key_id" text PRIMARY KEY NOT NULL,
	"secret_access_key" text NOT NULL,
	"session_token" text NOT NULL,
	"account_id" text NOT NULL,
	"role_name" text NOT NULL,
	"role_id" text NOT NULL,
	"role_arn" text NOT NULL,
	"session_name" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox_role_sessions" ADD CONSTRAINT "sandbox_role_sessions_account_id_sandbox_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sandbox_accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_role_sessions_account_idx" ON "sandbox_role_sessions" USING btree ("account_id");