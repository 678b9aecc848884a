ALTER TYPE "public"."membership_role" ADD VALUE 'billing' BEFORE 'viewer';--> statement-breakpoint
CREATE TABLE "billing_policies" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"count_basis" text DEFAULT 'current' NOT NULL,
	"timing" text DEFAULT 'immediate' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mapping_billing_policies" (
	"mapping_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"count_basis" text,
	"timing" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_policies" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"hold_decreases" boolean DEFAULT false NOT NULL,
	"hold_increases_above_percent" integer,
	"hold_new_lines" boolean DEFAULT false NOT NULL,
	"hold_cancellations" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "held_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"mapping_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"product_id" uuid,
	"catalog_item_id" integer NOT NULL,
	"action" text NOT NULL,
	"addition_id" integer,
	"before_quantity" numeric(14, 4),
	"after_quantity" numeric(14, 4) NOT NULL,
	"unit_price" numeric(12, 2),
	"rule" text NOT NULL,
	"state" text DEFAULT 'held' NOT NULL,
	"held_since" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "usage_history" ADD COLUMN "peak_quantity" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "billing_policies" ADD CONSTRAINT "billing_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mapping_billing_policies" ADD CONSTRAINT "mapping_billing_policies_mapping_id_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mapping_billing_policies" ADD CONSTRAINT "mapping_billing_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_changes" ADD CONSTRAINT "held_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_changes" ADD CONSTRAINT "held_changes_mapping_id_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_changes" ADD CONSTRAINT "held_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_changes" ADD CONSTRAINT "held_changes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_changes" ADD CONSTRAINT "held_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "held_changes_mapping_item_unique" ON "held_changes" USING btree ("mapping_id","catalog_item_id");--> statement-breakpoint
CREATE INDEX "held_changes_workspace_state_idx" ON "held_changes" USING btree ("workspace_id","state");