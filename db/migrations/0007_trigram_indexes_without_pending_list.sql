-- A directory refresh inserts thousands of companies at once. With GIN's default fast update those
-- rows wait in a pending list that every search then scans linearly until a vacuum merges it, which
-- made "Select Customer" several times slower right after a refresh. Write them into the index at once.
ALTER INDEX "cw_companies_search_name_trgm_idx" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "cw_companies_identifier_trgm_idx" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "organizations_name_trgm_idx" SET (fastupdate = off);
