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
ALTER TABLE "usage_history" ADD COLUMN "peak_quantity" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "billing_policies" ADD CONSTRAINT "billing_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mapping_billing_policies" ADD CONSTRAINT "mapping_billing_policies_mapping_id_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mapping_billing_policies" ADD CONSTRAINT "mapping_billing_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;