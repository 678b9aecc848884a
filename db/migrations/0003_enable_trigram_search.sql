-- Fuzzy company search for the mapping table's "Select Customer" dropdown: trigram similarity on the
-- normalized name, fast at tens of thousands of companies.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cw_companies_search_name_trgm_idx" ON "cw_companies" USING gin ("search_name" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cw_companies_identifier_trgm_idx" ON "cw_companies" USING gin (lower("identifier") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "organizations_name_trgm_idx" ON "organizations" USING gin (lower("name") gin_trgm_ops);
