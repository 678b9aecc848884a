import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { usage, usageHistory } from "../schema";

/**
 * Copies current usage into usage_history for `day`; re-running on the same day overwrites that
 * day's figures. Scoped to one workspace when given, otherwise every workspace (the daily job).
 */
export async function recordUsageSnapshot(db: Database, params: { workspaceId?: string; day: string }): Promise<number> {
  const rows = await db
    .insert(usageHistory)
    .select(
      db
        .select({
          workspaceId: usage.workspaceId,
          organizationId: usage.organizationId,
          productId: usage.productId,
          day: sql<string>`${params.day}::date`.as("day"),
          quantity: usage.quantity,
          recordedAt: sql<Date>`now()`.as("recorded_at"),
        })
        .from(usage)
        .where(params.workspaceId ? eq(usage.workspaceId, params.workspaceId) : undefined),
    )
    .onConflictDoUpdate({
      target: [usageHistory.organizationId, usageHistory.productId, usageHistory.day],
      set: { quantity: sql`excluded.quantity`, recordedAt: sql`excluded.recorded_at` },
    })
    .returning({ id: usageHistory.id });
  return rows.length;
}

export async function countUsageHistory(db: Database, params: { workspaceId: string; day: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(usageHistory)
    .where(and(eq(usageHistory.workspaceId, params.workspaceId), eq(usageHistory.day, params.day)));
  return row?.count ?? 0;
}
