-- Hand-written: every table the reconciliation report reads records, per writing statement, which
-- organizations of which workspace it changed (NULL: all of them), in which month (NULL: every month) and
-- in which transaction, so the report's kept lines are worked out again for exactly those
-- (db/queries/reconciliation.ts).
-- Statement-level, over the statement's transition tables; updates that leave the report's columns
-- alone record nothing. Old and new rows are compared with EXCEPT (a hashed set operation), never a
-- join of the two transition tables, whose plan could be a nested loop over both.
--> statement-breakpoint
-- Usage now: an organization's quantity of a product.
CREATE FUNCTION reconciliation_changed_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, (date_trunc('month', now() AT TIME ZONE 'UTC'))::date AS month FROM new_rows) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, (date_trunc('month', now() AT TIME ZONE 'UTC'))::date AS month FROM old_rows) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, (date_trunc('month', now() AT TIME ZONE 'UTC'))::date AS month FROM (SELECT workspace_id, organization_id, product_id, quantity FROM new_rows EXCEPT SELECT workspace_id, organization_id, product_id, quantity FROM old_rows) moved) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER usage_reconciliation_insert AFTER INSERT ON usage
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_usage();
--> statement-breakpoint
CREATE TRIGGER usage_reconciliation_delete AFTER DELETE ON usage
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_usage();
--> statement-breakpoint
CREATE TRIGGER usage_reconciliation_update AFTER UPDATE ON usage
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_usage();
--> statement-breakpoint
-- The month's last day, its figure and the month's peak.
CREATE FUNCTION reconciliation_changed_usage_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, month FROM new_rows) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, month FROM old_rows) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, month FROM new_rows) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER usage_months_reconciliation_insert AFTER INSERT ON usage_months
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_usage_months();
--> statement-breakpoint
CREATE TRIGGER usage_months_reconciliation_delete AFTER DELETE ON usage_months
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_usage_months();
--> statement-breakpoint
CREATE TRIGGER usage_months_reconciliation_update AFTER UPDATE ON usage_months
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_usage_months();
--> statement-breakpoint
-- What Billbridge wrote.
CREATE FUNCTION reconciliation_changed_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM new_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM old_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM new_rows r JOIN mappings m ON m.id = r.mapping_id UNION SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM old_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER addition_ledger_reconciliation_insert AFTER INSERT ON addition_ledger
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_ledger();
--> statement-breakpoint
CREATE TRIGGER addition_ledger_reconciliation_delete AFTER DELETE ON addition_ledger
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_ledger();
--> statement-breakpoint
CREATE TRIGGER addition_ledger_reconciliation_update AFTER UPDATE ON addition_ledger
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_ledger();
--> statement-breakpoint
-- What ConnectWise held at the latest read (its time alone does not count).
CREATE FUNCTION reconciliation_changed_reads() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM new_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM old_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM (SELECT mapping_id, product_id, quantity FROM new_rows EXCEPT SELECT mapping_id, product_id, quantity FROM old_rows) moved JOIN mappings m ON m.id = moved.mapping_id) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER addition_reads_reconciliation_insert AFTER INSERT ON addition_reads
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_reads();
--> statement-breakpoint
CREATE TRIGGER addition_reads_reconciliation_delete AFTER DELETE ON addition_reads
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_reads();
--> statement-breakpoint
CREATE TRIGGER addition_reads_reconciliation_update AFTER UPDATE ON addition_reads
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_reads();
--> statement-breakpoint
-- The mapping: its agreement, whether sync is on (not its schedule or last run).
CREATE FUNCTION reconciliation_changed_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, NULL::date AS month FROM new_rows) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, NULL::date AS month FROM old_rows) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, NULL::date AS month FROM ((SELECT id, workspace_id, organization_id, cw_company_id, cw_agreement_id, cw_agreement_name, sync_enabled FROM new_rows EXCEPT SELECT id, workspace_id, organization_id, cw_company_id, cw_agreement_id, cw_agreement_name, sync_enabled FROM old_rows) UNION ALL (SELECT id, workspace_id, organization_id, cw_company_id, cw_agreement_id, cw_agreement_name, sync_enabled FROM old_rows EXCEPT SELECT id, workspace_id, organization_id, cw_company_id, cw_agreement_id, cw_agreement_name, sync_enabled FROM new_rows)) moved) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mappings_reconciliation_insert AFTER INSERT ON mappings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_mappings();
--> statement-breakpoint
CREATE TRIGGER mappings_reconciliation_delete AFTER DELETE ON mappings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_mappings();
--> statement-breakpoint
CREATE TRIGGER mappings_reconciliation_update AFTER UPDATE ON mappings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_mappings();
--> statement-breakpoint
-- A mapping's own count basis and timing.
CREATE FUNCTION reconciliation_changed_mapping_policies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM new_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM old_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM new_rows r JOIN mappings m ON m.id = r.mapping_id) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mapping_billing_policies_reconciliation_insert AFTER INSERT ON mapping_billing_policies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_mapping_policies();
--> statement-breakpoint
CREATE TRIGGER mapping_billing_policies_reconciliation_delete AFTER DELETE ON mapping_billing_policies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_mapping_policies();
--> statement-breakpoint
CREATE TRIGGER mapping_billing_policies_reconciliation_update AFTER UPDATE ON mapping_billing_policies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_mapping_policies();
--> statement-breakpoint
-- The workspace's count basis and timing: every organization.
CREATE FUNCTION reconciliation_changed_billing_policies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, NULL::uuid AS organization_id, NULL::date AS month FROM new_rows) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, NULL::uuid AS organization_id, NULL::date AS month FROM old_rows) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, NULL::uuid AS organization_id, NULL::date AS month FROM (SELECT workspace_id, count_basis, timing FROM new_rows EXCEPT SELECT workspace_id, count_basis, timing FROM old_rows) moved) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER billing_policies_reconciliation_insert AFTER INSERT ON billing_policies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_billing_policies();
--> statement-breakpoint
CREATE TRIGGER billing_policies_reconciliation_delete AFTER DELETE ON billing_policies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_billing_policies();
--> statement-breakpoint
CREATE TRIGGER billing_policies_reconciliation_update AFTER UPDATE ON billing_policies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_billing_policies();
--> statement-breakpoint
-- A product's name, SKU or price: every organization. A new product has no line until usage or a write names it.
CREATE FUNCTION reconciliation_changed_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, NULL::uuid AS organization_id, NULL::date AS month FROM old_rows) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, NULL::uuid AS organization_id, NULL::date AS month FROM (SELECT id, workspace_id, name, sku, suggested_price FROM new_rows EXCEPT SELECT id, workspace_id, name, sku, suggested_price FROM old_rows) moved) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER products_reconciliation_delete AFTER DELETE ON products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_products();
--> statement-breakpoint
CREATE TRIGGER products_reconciliation_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_products();
--> statement-breakpoint
-- An organization's name, or the organization gone. A new one has no line until usage names it.
CREATE FUNCTION reconciliation_changed_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, id AS organization_id, NULL::date AS month FROM old_rows) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, id AS organization_id, NULL::date AS month FROM (SELECT id, workspace_id, name FROM new_rows EXCEPT SELECT id, workspace_id, name FROM old_rows) moved) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_reconciliation_delete AFTER DELETE ON organizations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_organizations();
--> statement-breakpoint
CREATE TRIGGER organizations_reconciliation_update AFTER UPDATE ON organizations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_organizations();
--> statement-breakpoint
-- Whether a mapped agreement is cancelled.
CREATE FUNCTION reconciliation_changed_agreements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM new_rows r JOIN mappings m ON m.workspace_id = r.workspace_id AND m.cw_agreement_id = r.cw_id) changed;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM old_rows r JOIN mappings m ON m.workspace_id = r.workspace_id AND m.cw_agreement_id = r.cw_id) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT m.workspace_id, m.organization_id, NULL::date AS month FROM (SELECT workspace_id, cw_id, cancelled FROM new_rows EXCEPT SELECT workspace_id, cw_id, cancelled FROM old_rows) moved JOIN mappings m ON m.workspace_id = moved.workspace_id AND m.cw_agreement_id = moved.cw_id) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cw_agreements_reconciliation_insert AFTER INSERT ON cw_agreements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_agreements();
--> statement-breakpoint
CREATE TRIGGER cw_agreements_reconciliation_delete AFTER DELETE ON cw_agreements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_agreements();
--> statement-breakpoint
CREATE TRIGGER cw_agreements_reconciliation_update AFTER UPDATE ON cw_agreements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_agreements();
--> statement-breakpoint
-- Drift a run corrected ("drift corrected this month").
CREATE FUNCTION reconciliation_changed_sync_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT r.workspace_id, r.organization_id, NULL::date AS month FROM new_rows c JOIN sync_runs r ON r.id = c.run_id WHERE c.drift IS NOT NULL) changed;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT r.workspace_id, r.organization_id, NULL::date AS month FROM new_rows c JOIN sync_runs r ON r.id = c.run_id WHERE c.drift IS NOT NULL UNION SELECT r.workspace_id, r.organization_id, NULL::date AS month FROM old_rows c JOIN sync_runs r ON r.id = c.run_id WHERE c.drift IS NOT NULL) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sync_changes_reconciliation_insert AFTER INSERT ON sync_changes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_sync_changes();
--> statement-breakpoint
CREATE TRIGGER sync_changes_reconciliation_update AFTER UPDATE ON sync_changes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_sync_changes();
--> statement-breakpoint
-- Runs removed (with their changes) by retention.
CREATE FUNCTION reconciliation_changed_sync_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO reconciliation_changes (workspace_id, organization_id, month, transaction_id)
    SELECT DISTINCT workspace_id, organization_id, month, pg_current_xact_id() FROM (SELECT workspace_id, organization_id, NULL::date AS month FROM old_rows WHERE organization_id IS NOT NULL) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sync_runs_reconciliation_delete AFTER DELETE ON sync_runs
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_changed_sync_runs();
