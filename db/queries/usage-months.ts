import { sql } from "drizzle-orm";
import type { Database } from "@/db";

/**
 * Rolls a workspace's usage history up into usage_months in one set-based statement: per
 * organization × product × month the last recorded day, its figure and the month's peak — the
 * statement the migration filled the table with, and what the usage_history triggers keep. For
 * loading history with the triggers disabled (the bench's scratch database); an existing month is
 * replaced by the figures of its days.
 */
export async function upsertUsageMonthsFromHistory(db: Database, params: { workspaceId: string }): Promise<void> {
  await db.execute(sql`
    insert into usage_months as m (workspace_id, organization_id, product_id, month, last_day, last_quantity, peak_quantity)
    select distinct on (d.organization_id, d.product_id, date_trunc('month', d.day))
           d.workspace_id, d.organization_id, d.product_id, date_trunc('month', d.day)::date, d.day, d.quantity,
           max(greatest(d.quantity, coalesce(d.peak_quantity, d.quantity)))
             over (partition by d.organization_id, d.product_id, date_trunc('month', d.day))
    from usage_history d
    where d.workspace_id = ${params.workspaceId}
    order by d.organization_id, d.product_id, date_trunc('month', d.day), d.day desc
    on conflict (organization_id, product_id, month) do update set
      last_day = excluded.last_day, last_quantity = excluded.last_quantity, peak_quantity = excluded.peak_quantity
  `);
}
