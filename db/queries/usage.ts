import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { usage, usageHistory } from "../schema";

/**
 * Copies current usage into usage_history for `day`; re-running on the same day overwrites that
 * day's figures. Scoped to one workspace when given, otherwise every workspace (the daily job).
 */
export async function recordUsageSnapshot(
  db: Database,
  params: { workspaceId?: string; day: string },
): Promise<number> {
  // Drizzle's insert…select wants every column, identity included; plain SQL says it directly.
  const rows = await db.execute(sql`
    insert into ${usageHistory} (workspace_id, organization_id, product_id, day, quantity, recorded_at)
    select ${usage.workspaceId}, ${usage.organizationId}, ${usage.productId}, ${params.day}::date, ${usage.quantity}, now()
    from ${usage}
    ${params.workspaceId ? sql`where ${usage.workspaceId} = ${params.workspaceId}` : sql``}
    on conflict (organization_id, product_id, day)
    do update set quantity = excluded.quantity, recorded_at = excluded.recorded_at
    returning id`);
  return rows.length;
}

export async function countUsageHistory(db: Database, params: { workspaceId: string; day: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(usageHistory)
    .where(and(eq(usageHistory.workspaceId, params.workspaceId), eq(usageHistory.day, params.day)));
  return row?.count ?? 0;
}
