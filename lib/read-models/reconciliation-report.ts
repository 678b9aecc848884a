import type { WorkspaceContext } from "@/lib/auth/context";
import { reconcileMonth, summarizeReconciliation, type ReconciliationReport } from "@/lib/reports/reconcile-month";
import { reconciliationQuerySchema, type ReconciliationQuery } from "@/lib/schemas/reports";

export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** Parses untrusted query parameters; an invalid value falls back to no filter (or this month). */
export function parseReconciliationQuery(params: Record<string, string | string[] | undefined>): ReconciliationQuery {
  const pick = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value || undefined;
  };
  const parsed = reconciliationQuerySchema.safeParse({ month: pick("month"), status: pick("status"), q: pick("q") });
  return parsed.success ? parsed.data : {};
}

/**
 * The Reports › Reconciliation page (and its CSV): the month's lines with the filters applied; the
 * totals are of the filtered lines, so the CSV and the page agree. Every role may read it.
 */
export async function getReconciliationReport(
  context: WorkspaceContext,
  query: ReconciliationQuery,
): Promise<ReconciliationReport & { unfilteredCount: number }> {
  const month = query.month ?? currentMonth();
  const full = await reconcileMonth(context.db, { workspaceId: context.workspace.id, month });
  const needle = query.q?.toLowerCase();
  const lines = full.lines.filter(
    (line) =>
      (!query.status || line.status === query.status) &&
      (!needle ||
        line.organizationName.toLowerCase().includes(needle) ||
        line.productName.toLowerCase().includes(needle) ||
        line.productSku.toLowerCase().includes(needle)),
  );
  return { ...summarizeReconciliation(month, lines), unfilteredCount: full.lines.length };
}
