CREATE TABLE "reconciliation_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"organization_id" uuid,
	"month" date,
	"transaction_id" "xid8" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_lines" (
	"workspace_id" uuid NOT NULL,
	"month" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"organization_name" text NOT NULL,
	"product_name" text NOT NULL,
	"product_sku" text NOT NULL,
	"agreement_name" text,
	"count_basis" text NOT NULL,
	"platform_h" bigint NOT NULL,
	"connectwise_h" bigint,
	"written_h" bigint,
	"difference_h" bigint NOT NULL,
	"unit_price_cents" bigint NOT NULL,
	"money_cents" bigint NOT NULL,
	"impact" bigint NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "reconciliation_lines_workspace_id_month_organization_id_product_id_pk" PRIMARY KEY("workspace_id","month","organization_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_months" (
	"workspace_id" uuid NOT NULL,
	"month" date NOT NULL,
	"running_on" date,
	"snapshot" "pg_snapshot" NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_months_workspace_id_month_pk" PRIMARY KEY("workspace_id","month")
);
--> statement-breakpoint
ALTER TABLE "reconciliation_lines" ADD CONSTRAINT "reconciliation_lines_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_months" ADD CONSTRAINT "reconciliation_months_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reconciliation_changes_workspace_idx" ON "reconciliation_changes" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "reconciliation_lines_order_idx" ON "reconciliation_lines" USING btree ("workspace_id","month","impact" DESC NULLS LAST,"organization_name","product_name","organization_id","product_id");