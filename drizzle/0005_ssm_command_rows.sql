CREATE TABLE "sandbox_ssm_commands" (
	"account_id" text NOT NULL,
	"region" text NOT NULL,
	"command_id" text NOT NULL,
	"sequence" bigserial NOT NULL,
	"document" json NOT NULL,
	CONSTRAINT "sandbox_ssm_commands_account_id_region_command_id_pk" PRIMARY KEY("account_id","region","command_id")
);
--> statement-breakpoint
ALTER TABLE "sandbox_ssm_commands" ADD CONSTRAINT "sandbox_ssm_commands_account_id_sandbox_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sandbox_accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_ssm_commands_order_idx" ON "sandbox_ssm_commands" USING btree ("account_id","region","sequence");--> statement-breakpoint
INSERT INTO "sandbox_ssm_commands" ("account_id", "region", "command_id", "document")
SELECT s."account_id", substr(s."service", 5), c.value->>'id', c.value
FROM "sandbox_state" s, json_array_elements(s."document"->'commands') WITH ORDINALITY c
WHERE s."service" LIKE 'ssm:%' ORDER BY s."account_id", s."service", c.ordinality ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "sandbox_state" SET "document" = json_build_object('fleet', "document"->'fleet'), "version" = "version" + 1
WHERE "service" LIKE 'ssm:%' AND ("document"->'commands') IS NOT NULL;
