CREATE TABLE "sandbox_state_items" (
	"account_id" text NOT NULL,
	"service" text NOT NULL,
	"collection" text NOT NULL,
	"item_id" text NOT NULL,
	"document" text NOT NULL,
	"sequence" bigserial NOT NULL,
	CONSTRAINT "sandbox_state_items_account_id_service_collection_item_id_pk" PRIMARY KEY("account_id","service","collection","item_id")
);
--> statement-breakpoint
ALTER TABLE "sandbox_state" ALTER COLUMN "document" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_state_items" ADD CONSTRAINT "sandbox_state_items_account_id_service_sandbox_state_account_id_service_fk" FOREIGN KEY ("account_id","service") REFERENCES "public"."sandbox_state"("account_id","service") ON DELETE cascade ON UPDATE no action;