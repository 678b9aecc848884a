CREATE TABLE "cw_directory_refreshes" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone,
	"companies_read" integer DEFAULT 0 NOT NULL,
	"agreements_read" integer DEFAULT 0 NOT NULL,
	"last_succeeded_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cw_directory_refreshes" ADD CONSTRAINT "cw_directory_refreshes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;