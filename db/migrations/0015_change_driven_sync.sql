CREATE TABLE "sync_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"verify_interval_hours" integer DEFAULT 24 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "mappings_due_idx";--> statement-breakpoint
ALTER TABLE "mappings" ADD COLUMN "desired_fingerprint" text;--> statement-breakpoint
ALTER TABLE "mappings" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_settings" ADD CONSTRAINT "sync_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mappings_due_at_idx" ON "mappings" USING btree ("next_due_at") WHERE "mappings"."sync_enabled" and "mappings"."cw_agreement_id" is not null and "mappings"."next_due_at" is not null;--> statement-breakpoint
CREATE INDEX "sync_runs_queued_idx" ON "sync_runs" USING btree ("workspace_id","mapping_id") WHERE "sync_runs"."state" = 'queued';