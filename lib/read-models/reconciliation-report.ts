import type { WorkspaceContext } from "@/lib/auth/context";
import {
  queryReconciliation,
  reconcileMonth,
  type ReconciliationLine,
  type ReconciliationReport,
  type ReconciliationTotals,
} from "@/lib/reports/reconcile-month";
import { reconciliationQuerySchema, type ReconciliationQuery } from "@/lib/schemas/reports";

/** Lines per page of Reports › Reconciliation. */
export const reconciliationPageSize = 50;

export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** Parses untrusted query parameters; an invalid value falls back to no filter (or this month, page 1). */
export function parseReconciliationQuery(params: Record<string, string | string[] | undefined>): ReconciliationQuery {
  const pick = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value || undefined;
  };
  const query: Record<string, string | undefined> = {
    month: pick("month"),
    status: pick("status"),
    q: pick("q"),
    page: pick("page"),
  };
  const parsed = reconciliationQuerySchema.safeParse(query);
  if (parsed.success) return parsed.data;
  // A bad page number alone keeps the filters (page 1).
  const withoutPage = reconciliationQuerySchema.safeParse({ ...query, page: undefined });
  return withoutPage.success ? withoutPage.data : {};
}

export interface ReconciliationPage extends ReconciliationTotals {
  month: string;
  /** This page's lines, largest money impact first. */
  lines: ReconciliationLine[];
  page: number;
  pageCount: number;
  /** Position of the page's first line among the matching lines (1-based; 0 when there is none). */
  firstLine: number;
}

/**
 * The Reports › Reconciliation page: one page of the month's lines matching the filters, with the
 * totals of every matching line, both worked out in SQL. Every role may read it.
 */
export async function getReconciliationReport(
  context: WorkspaceContext,
  query: ReconciliationQuery,
): Promise<ReconciliationPage> {
  const month = query.month ?? currentMonth();
  const params = {
    workspaceId: context.workspace.id,
    month,
    filter: { status: query.status, q: query.q },
  };
  const page = query.page ?? 1;
  const { totals, lines } = await queryReconciliation(context.db, {
    ...params,
    limit: reconciliationPageSize,
    offset: (page - 1) * reconciliationPageSize,
  });
  return {
    ...totals,
    month,
    lines,
    page,
    pageCount: Math.max(1, Math.ceil(totals.matchingCount / reconciliationPageSize)),
    firstLine: lines.length === 0 ? 0 : (page - 1) * reconciliationPageSize + 1,
  };
}

/** Every line of the month matching the filters (the page's CSV export), with their totals. */
export async function getReconciliationExport(
  context: WorkspaceContext,
  query: ReconciliationQuery,
): Promise<ReconciliationReport> {
  return reconcileMonth(context.db, {
    workspaceId: context.workspace.id,
    month: query.month ?? currentMonth(),
    filter: { status: query.status, q: query.q },
  });
}
