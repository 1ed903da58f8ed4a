CREATE TABLE "lab_run_locks" (
	"user_id" text NOT NULL,
	"lab_id" text NOT NULL,
	"owner" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_run_locks_user_id_lab_id_pk" PRIMARY KEY("user_id","lab_id")
);
--> statement-breakpoint
ALTER TABLE "lab_run_locks" ADD CONSTRAINT "lab_run_locks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;