CREATE TABLE "lab_moments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"lab_id" text NOT NULL,
	"run_id" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"section_id" text NOT NULL,
	"title" text NOT NULL,
	"happened_at" timestamp with time zone NOT NULL,
	"position" integer NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"command" text,
	"output" text DEFAULT '' NOT NULL,
	"diagram_svg" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"dropped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lab_writeup_texts" (
	"user_id" text NOT NULL,
	"lab_id" text NOT NULL,
	"section_id" text NOT NULL,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_writeup_texts_user_id_lab_id_section_id_pk" PRIMARY KEY("user_id","lab_id","section_id")
);
--> statement-breakpoint
ALTER TABLE "lab_moments" ADD CONSTRAINT "lab_moments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_writeup_texts" ADD CONSTRAINT "lab_writeup_texts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lab_moments_key_idx" ON "lab_moments" USING btree ("user_id","lab_id","run_id","key");--> statement-breakpoint
CREATE INDEX "lab_moments_run_idx" ON "lab_moments" USING btree ("user_id","lab_id","run_id");