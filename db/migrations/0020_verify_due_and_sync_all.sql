ALTER TABLE "mappings" ADD COLUMN "verify_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mappings" ADD COLUMN "sync_all_requested_at" timestamp with time zone;