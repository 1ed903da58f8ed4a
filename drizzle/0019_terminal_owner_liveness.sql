ALTER TABLE "terminal_sessions" ADD COLUMN "owner" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "terminal_sessions" ADD COLUMN "owner_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "terminal_sessions" ADD COLUMN "owner_lost" boolean DEFAULT false NOT NULL;