CREATE TYPE "public"."catalog_link_state" AS ENUM('pending', 'published', 'updated', 'unchanged', 'failed', 'blocked', 'retired');--> statement-breakpoint
CREATE TABLE "catalog_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"cw_catalog_item_id" integer,
	"cw_identifier" text NOT NULL,
	"state" "catalog_link_state" DEFAULT 'pending' NOT NULL,
	"last_error" text,
	"written_hash" text,
	"last_synced_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_agreements" (
	"workspace_id" uuid NOT NULL,
	"cw_id" integer NOT NULL,
	"cw_company_id" integer NOT NULL,
	"name" text NOT NULL,
	"type_name" text,
	"status" text,
	"cancelled" boolean DEFAULT false NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cw_agreements_workspace_id_cw_id_pk" PRIMARY KEY("workspace_id","cw_id")
);
--> statement-breakpoint
CREATE TABLE "cw_companies" (
	"workspace_id" uuid NOT NULL,
	"cw_id" integer NOT NULL,
	"identifier" text NOT NULL,
	"name" text NOT NULL,
	"status" text,
	"search_name" text NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cw_companies_workspace_id_cw_id_pk" PRIMARY KEY("workspace_id","cw_id")
);
--> statement-breakpoint
CREATE TABLE "mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"cw_company_id" integer,
	"cw_company_identifier" text,
	"cw_company_name" text,
	"cw_agreement_id" integer,
	"cw_agreement_name" text,
	"sync_enabled" boolean DEFAULT false NOT NULL,
	"schedule_offset_seconds" integer DEFAULT 0 NOT NULL,
	"next_due_at" timestamp with time zone,
	"last_run_id" uuid,
	"last_run_state" text,
	"last_run_at" timestamp with time zone,
	"last_run_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "addition_ledger" (
	"workspace_id" uuid NOT NULL,
	"addition_id" integer NOT NULL,
	"mapping_id" uuid NOT NULL,
	"cw_agreement_id" integer NOT NULL,
	"product_id" uuid,
	"quantity" numeric(14, 4) NOT NULL,
	"unit_price" numeric(12, 2),
	"unit_cost" numeric(12, 2),
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "addition_ledger_workspace_id_addition_id_pk" PRIMARY KEY("workspace_id","addition_id")
);
--> statement-breakpoint
CREATE TABLE "sync_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"product_id" uuid,
	"catalog_item_id" integer,
	"action" text NOT NULL,
	"addition_id" integer,
	"before" jsonb,
	"after" jsonb,
	"drift" jsonb,
	"result" text NOT NULL,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"mapping_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"state" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"cw_agreement_id" integer,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"attempt" integer DEFAULT 0 NOT NULL,
	"api_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"error_code" text
);
--> statement-breakpoint
ALTER TABLE "catalog_links" ADD CONSTRAINT "catalog_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_links" ADD CONSTRAINT "catalog_links_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_agreements" ADD CONSTRAINT "cw_agreements_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_companies" ADD CONSTRAINT "cw_companies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addition_ledger" ADD CONSTRAINT "addition_ledger_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addition_ledger" ADD CONSTRAINT "addition_ledger_mapping_id_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addition_ledger" ADD CONSTRAINT "addition_ledger_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_changes" ADD CONSTRAINT "sync_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_changes" ADD CONSTRAINT "sync_changes_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_changes" ADD CONSTRAINT "sync_changes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_mapping_id_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_links_workspace_product_unique" ON "catalog_links" USING btree ("workspace_id","product_id");--> statement-breakpoint
CREATE INDEX "catalog_links_workspace_item_idx" ON "catalog_links" USING btree ("workspace_id","cw_catalog_item_id");--> statement-breakpoint
CREATE INDEX "cw_agreements_company_idx" ON "cw_agreements" USING btree ("workspace_id","cw_company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mappings_workspace_organization_unique" ON "mappings" USING btree ("workspace_id","organization_id");--> statement-breakpoint
CREATE INDEX "mappings_due_idx" ON "mappings" USING btree ("sync_enabled","next_due_at");--> statement-breakpoint
CREATE INDEX "mappings_workspace_agreement_idx" ON "mappings" USING btree ("workspace_id","cw_agreement_id");--> statement-breakpoint
CREATE INDEX "addition_ledger_mapping_idx" ON "addition_ledger" USING btree ("mapping_id");--> statement-breakpoint
CREATE INDEX "sync_changes_run_idx" ON "sync_changes" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "sync_runs_mapping_time_idx" ON "sync_runs" USING btree ("mapping_id","queued_at");--> statement-breakpoint
CREATE INDEX "sync_runs_workspace_time_idx" ON "sync_runs" USING btree ("workspace_id","queued_at");