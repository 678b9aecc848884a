import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { Database } from "../index";
import { usage, usageHistory } from "../schema";

/**
 * Copies current usage into usage_history for `day`: the day's `quantity` becomes the latest figure
 * and its `peak_quantity` the highest seen that day. Scoped to one workspace (and one organization)
 * when given, otherwise every workspace (the daily job). Sync runs observe their organization too, so
 * the history has each day's peak at the resolution of the runs.
 */
export async function recordUsageSnapshot(
  db: Database,
  params: { workspaceId?: string; organizationId?: string; day: string },
): Promise<number> {
  // Drizzle's insert…select wants every column, identity included; plain SQL says it directly.
  const filters = [
    params.workspaceId ? sql`${usage.workspaceId} = ${params.workspaceId}` : null,
    params.organizationId ? sql`${usage.organizationId} = ${params.organizationId}` : null,
  ].filter((filter) => filter !== null);
  const rows = await db.execute(sql`
    insert into ${usageHistory} (workspace_id, organization_id, product_id, day, quantity, peak_quantity, recorded_at)
    select ${usage.workspaceId}, ${usage.organizationId}, ${usage.productId}, ${params.day}::date, ${usage.quantity}, ${usage.quantity}, now()
    from ${usage}
    ${filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
    on conflict (organization_id, product_id, day)
    do update set quantity = excluded.quantity,
      peak_quantity = greatest(coalesce(usage_history.peak_quantity, usage_history.quantity), excluded.quantity),
      recorded_at = excluded.recorded_at
    returning id`);
  return rows.length;
}

/** One organization's usage history from `from` to `to` (YYYY-MM-DD, inclusive), oldest first. */
export async function listUsageHistory(
  db: Database,
  params: { workspaceId: string; organizationId: string; from: string; to: string },
) {
  return db
    .select({
      productId: usageHistory.productId,
      day: usageHistory.day,
      quantity: usageHistory.quantity,
      peakQuantity: usageHistory.peakQuantity,
    })
    .from(usageHistory)
    .where(
      and(
        eq(usageHistory.workspaceId, params.workspaceId),
        eq(usageHistory.organizationId, params.organizationId),
        gte(usageHistory.day, params.from),
        lte(usageHistory.day, params.to),
      ),
    )
    .orderBy(asc(usageHistory.day));
}

export async function countUsageHistory(db: Database, params: { workspaceId: string; day: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(usageHistory)
    .where(and(eq(usageHistory.workspaceId, params.workspaceId), eq(usageHistory.day, params.day)));
  return row?.count ?? 0;
}
