-- Hand-written: triggers keep usage_months and addition_reads equal to usage_history and sync_changes
-- whatever statement writes them (statement-level, over the statement's transition table), then the
-- existing rows are rolled up once.
CREATE FUNCTION usage_months_from_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_months AS m (workspace_id, organization_id, product_id, month, last_day, last_quantity, peak_quantity)
  SELECT DISTINCT ON (d.organization_id, d.product_id, date_trunc('month', d.day))
         d.workspace_id, d.organization_id, d.product_id, date_trunc('month', d.day)::date, d.day, d.quantity,
         max(greatest(d.quantity, coalesce(d.peak_quantity, d.quantity)))
           OVER (PARTITION BY d.organization_id, d.product_id, date_trunc('month', d.day))
  FROM new_days d
  ORDER BY d.organization_id, d.product_id, date_trunc('month', d.day), d.day DESC
  ON CONFLICT (organization_id, product_id, month) DO UPDATE SET
    last_quantity = CASE WHEN excluded.last_day >= m.last_day THEN excluded.last_quantity ELSE m.last_quantity END,
    last_day = greatest(m.last_day, excluded.last_day),
    peak_quantity = greatest(m.peak_quantity, excluded.peak_quantity);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER usage_history_months_insert AFTER INSERT ON usage_history
  REFERENCING NEW TABLE AS new_days FOR EACH STATEMENT EXECUTE FUNCTION usage_months_from_days();
--> statement-breakpoint
CREATE TRIGGER usage_history_months_update AFTER UPDATE ON usage_history
  REFERENCING NEW TABLE AS new_days FOR EACH STATEMENT EXECUTE FUNCTION usage_months_from_days();
--> statement-breakpoint
CREATE FUNCTION addition_reads_from_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO addition_reads AS a (workspace_id, mapping_id, product_id, quantity, read_at)
  SELECT DISTINCT ON (r.mapping_id, c.product_id)
         c.workspace_id, r.mapping_id, c.product_id,
         CASE WHEN jsonb_typeof(c.before -> 'quantity') = 'number' THEN (c.before ->> 'quantity')::numeric END,
         c.created_at
  FROM new_changes c
  JOIN sync_runs r ON r.id = c.run_id AND NOT r.dry_run
  WHERE c.product_id IS NOT NULL AND c.before ? 'quantity'
  ORDER BY r.mapping_id, c.product_id, c.created_at DESC
  ON CONFLICT (mapping_id, product_id) DO UPDATE SET quantity = excluded.quantity, read_at = excluded.read_at
    WHERE excluded.read_at >= a.read_at;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sync_changes_reads_insert AFTER INSERT ON sync_changes
  REFERENCING NEW TABLE AS new_changes FOR EACH STATEMENT EXECUTE FUNCTION addition_reads_from_changes();
--> statement-breakpoint
CREATE TRIGGER sync_changes_reads_update AFTER UPDATE ON sync_changes
  REFERENCING NEW TABLE AS new_changes FOR EACH STATEMENT EXECUTE FUNCTION addition_reads_from_changes();
--> statement-breakpoint
INSERT INTO usage_months (workspace_id, organization_id, product_id, month, last_day, last_quantity, peak_quantity)
SELECT DISTINCT ON (d.organization_id, d.product_id, date_trunc('month', d.day))
       d.workspace_id, d.organization_id, d.product_id, date_trunc('month', d.day)::date, d.day, d.quantity,
       max(greatest(d.quantity, coalesce(d.peak_quantity, d.quantity)))
         OVER (PARTITION BY d.organization_id, d.product_id, date_trunc('month', d.day))
FROM usage_history d
ORDER BY d.organization_id, d.product_id, date_trunc('month', d.day), d.day DESC;
--> statement-breakpoint
INSERT INTO addition_reads (workspace_id, mapping_id, product_id, quantity, read_at)
SELECT DISTINCT ON (r.mapping_id, c.product_id)
       c.workspace_id, r.mapping_id, c.product_id,
       CASE WHEN jsonb_typeof(c.before -> 'quantity') = 'number' THEN (c.before ->> 'quantity')::numeric END,
       c.created_at
FROM sync_changes c
JOIN sync_runs r ON r.id = c.run_id AND NOT r.dry_run
WHERE c.product_id IS NOT NULL AND c.before ? 'quantity'
ORDER BY r.mapping_id, c.product_id, c.created_at DESC;
