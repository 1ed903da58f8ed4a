CREATE TABLE "lab_step_records" (
	"user_id" text NOT NULL,
	"lab_id" text NOT NULL,
	"step_id" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"summary" text NOT NULL,
	"config" text NOT NULL,
	"test_command" text,
	"test_output" text,
	"image" "bytea",
	CONSTRAINT "lab_step_records_user_id_lab_id_step_id_pk" PRIMARY KEY("user_id","lab_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "lab_step_records" ADD CONSTRAINT "lab_step_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;