CREATE TYPE "public"."psa_connection_status" AS ENUM('connected', 'unhealthy', 'disconnected');--> statement-breakpoint
CREATE TABLE "psa_connection_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"site_url" text NOT NULL,
	"company_id" text NOT NULL,
	"company_name" text,
	"api_base_url" text NOT NULL,
	"codebase" text NOT NULL,
	"permission_results" jsonb NOT NULL,
	"checked_by_user_id" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "psa_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"provider" text DEFAULT 'connectwise' NOT NULL,
	"site_url" text NOT NULL,
	"company_id" text NOT NULL,
	"company_name" text,
	"public_key" text,
	"private_key_ciphertext" text,
	"private_key_key_version" integer,
	"api_base_url" text,
	"codebase" text,
	"status" "psa_connection_status" NOT NULL,
	"status_reason" text,
	"connected_at" timestamp with time zone,
	"connected_by_user_id" text,
	"last_checked_at" timestamp with time zone,
	"permission_results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"catalog_settings" jsonb,
	"sync_policy" jsonb DEFAULT '{"removal":"cancel","drift":"overwrite","managePrice":true}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "psa_connection_checks" ADD CONSTRAINT "psa_connection_checks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psa_connection_checks" ADD CONSTRAINT "psa_connection_checks_checked_by_user_id_users_id_fk" FOREIGN KEY ("checked_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psa_connections" ADD CONSTRAINT "psa_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psa_connections" ADD CONSTRAINT "psa_connections_connected_by_user_id_users_id_fk" FOREIGN KEY ("connected_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "psa_connection_checks_workspace_idx" ON "psa_connection_checks" USING btree ("workspace_id","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "psa_connections_workspace_provider_unique" ON "psa_connections" USING btree ("workspace_id","provider");