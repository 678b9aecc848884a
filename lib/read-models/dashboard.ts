import { findDashboardFigures } from "@/db/queries/dashboard";
import { countMappingRows } from "@/db/queries/mappings";
import type { WorkspaceContext } from "@/lib/auth/context";
import { readRateLimitSettings } from "@/lib/connection/rate-limiter";
import { requestLimitPerHour, requestsPerHour, runsByOutcome } from "@/lib/reports/dashboard-series";
import { queryReconciliation } from "@/lib/reports/reconcile-month";
import { currentMonth } from "./reconciliation-report";

/**
 * The home dashboard. The organization counts are the mapping table's own filter counts
 * (countMappingRows), so a number here is the number of rows that filter shows.
 */
export async function getDashboard(context: WorkspaceContext, now: Date = new Date()) {
  const workspaceId = context.workspace.id;
  const month = currentMonth(now);
  const today = now.toISOString().slice(0, 10);
  const [counts, figures, reconciliation] = await Promise.all([
    countMappingRows(context.db, { workspaceId }),
    findDashboardFigures(context.db, { workspaceId }),
    queryReconciliation(context.db, { workspaceId, month, today, filter: { withMoney: true }, limit: 5 }),
  ]);
  return {
    month,
    organizations: {
      total: counts.all,
      mapped: counts.mapped,
      syncOn: counts["sync-on"],
      failing: counts.failing,
      stale: figures.stale,
      unmappedWithUsage: figures.unmappedWithUsage,
    },
    connection: { status: figures.connectionStatus, reason: figures.connectionReason },
    /** Runs of the last 24 hours, one bar per outcome (zeros included). */
    runs: runsByOutcome(figures.runs),
    /** ConnectWise requests of each of the last 24 hours (UTC), zeros included. */
    requests: requestsPerHour(figures.requests, now),
    /** The limiter's configured budget per connection and hour (CW_RATE_LIMIT_PER_MINUTE × 60). */
    requestLimitPerHour: requestLimitPerHour(readRateLimitSettings().requestsPerMinute),
    /** The month's five biggest money discrepancies (SQL: largest absolute money first, limit 5). */
    discrepancies: reconciliation.lines,
    underBilledCents: reconciliation.totals.underBilledCents,
    overBilledCents: reconciliation.totals.overBilledCents,
  };
}
