CREATE TABLE "report_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"month" text NOT NULL,
	"trigger" text NOT NULL,
	"recipients" text[] NOT NULL,
	"state" text DEFAULT 'sending' NOT NULL,
	"error" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"day_of_month" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_months" (
	"workspace_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"month" date NOT NULL,
	"last_day" date NOT NULL,
	"last_quantity" numeric(12, 2) NOT NULL,
	"peak_quantity" numeric(12, 2) NOT NULL,
	CONSTRAINT "usage_months_organization_id_product_id_month_pk" PRIMARY KEY("organization_id","product_id","month")
);
--> statement-breakpoint
CREATE TABLE "addition_reads" (
	"workspace_id" uuid NOT NULL,
	"mapping_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" numeric,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "addition_reads_mapping_id_product_id_pk" PRIMARY KEY("mapping_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "report_deliveries" ADD CONSTRAINT "report_deliveries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_months" ADD CONSTRAINT "usage_months_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_months" ADD CONSTRAINT "usage_months_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_months" ADD CONSTRAINT "usage_months_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addition_reads" ADD CONSTRAINT "addition_reads_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addition_reads" ADD CONSTRAINT "addition_reads_mapping_id_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addition_reads" ADD CONSTRAINT "addition_reads_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_deliveries_scheduled_month_key" ON "report_deliveries" USING btree ("workspace_id","month") WHERE "report_deliveries"."trigger" = 'schedule';--> statement-breakpoint
CREATE INDEX "report_deliveries_workspace_time_idx" ON "report_deliveries" USING btree ("workspace_id","claimed_at");--> statement-breakpoint
CREATE INDEX "usage_months_workspace_month_idx" ON "usage_months" USING btree ("workspace_id","month");