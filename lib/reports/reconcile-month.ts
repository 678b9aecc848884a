import {
  findReconciliation,
  type ReconciliationLineRow,
  type ReconciliationRefresh,
  type ReconciliationFilter,
  type ReconciliationStatusCount,
  type ReconciliationSourceRow,
} from "@/db/queries/reconciliation";
import type { Database } from "@/db";
import {
  billedQuantity,
  billingPeriodOf,
  resolveBillingPolicy,
  type BillingDates,
  type UsageDay,
} from "@/lib/sync/billed-quantity";

export type ReconciliationStatus =
  | "in-step"
  | "under-billed"
  | "over-billed"
  | "unmapped-with-usage"
  | "sync-off-with-usage"
  | "agreement-cancelled"
  | "drift-corrected";

export const reconciliationStatusLabels: Record<ReconciliationStatus, string> = {
  "in-step": "In step",
  "under-billed": "Under-billed",
  "over-billed": "Over-billed",
  "unmapped-with-usage": "Unmapped with usage",
  "sync-off-with-usage": "Sync off with usage",
  "agreement-cancelled": "Agreement cancelled",
  "drift-corrected": "Drift corrected this month",
};

/** One line of the report: the figures worked out in SQL (ReconciliationLineRow), with its status. */
export interface ReconciliationLine extends Omit<ReconciliationLineRow, "status"> {
  status: ReconciliationStatus;
}

export interface ReconciliationReport {
  month: string;
  lines: ReconciliationLine[];
  underBilledCents: number;
  overBilledCents: number;
}

/** Hundredths of a numeric string, exactly (quantities and prices have two decimals). */
function hundredths(value: string | null): number | null {
  if (value === null) return null;
  return Math.round(Number(value) * 100);
}

/** The first and last day of a YYYY-MM month. */
export function monthBounds(month: string): { start: string; end: string } {
  return billingPeriodOf(`${month}-01`);
}

/**
 * One line of the report from its stored figures (listReconciliationSources), in TypeScript. Platform
 * usage goes through the sync's own `billedQuantity`: the running month bills usage now (or the peak
 * so far), a past month its last recorded figure (or its peak). The report's figures are worked out in
 * SQL (listReconciliationLines); this is the definition they are tested against, line by line.
 */
export function reconcileLine(row: ReconciliationSourceRow, month: string, today: string): ReconciliationLine {
  const bounds = monthBounds(month);
  const running = today >= bounds.start && today <= bounds.end;
  const policy = resolveBillingPolicy(
    row.workspaceCountBasis
      ? { countBasis: row.workspaceCountBasis, timing: row.workspaceTiming ?? "immediate" }
      : null,
    row.mappingId ? { countBasis: row.mappingCountBasis, timing: row.mappingTiming } : null,
  );
  const dates: BillingDates = {
    period: bounds,
    effectiveDate: bounds.start,
    cancelledDate: bounds.end,
    historyTo: running ? today : bounds.end,
  };
  const history: UsageDay[] =
    row.lastDay && row.lastQuantity !== null
      ? [
          {
            day: row.lastDay,
            quantity: Number(row.lastQuantity),
            peakQuantity: row.peakQuantity === null ? null : Number(row.peakQuantity),
          },
        ]
      : [];
  const platformQuantity = billedQuantity({
    policy: { countBasis: policy.countBasis, timing: running ? "immediate" : "period-end" },
    dates,
    current: running ? Number(row.currentQuantity ?? row.lastQuantity ?? 0) : 0,
    history,
  });
  const platformH = Math.round(platformQuantity * 100);
  const writtenH = hundredths(row.writtenQuantity);
  const readH = hundredths(row.readQuantity) ?? writtenH;
  const mapped = row.mappingId !== null && row.cwAgreementId !== null;
  const onConnectWiseH = mapped ? (readH ?? 0) : 0;
  const differenceH = platformH - onConnectWiseH;
  const unitPriceCents = hundredths(row.unitPrice) ?? 0;
  const moneyCents = Math.round((differenceH * unitPriceCents) / 100);
  let status: ReconciliationStatus;
  if (!mapped) status = platformH > 0 ? "unmapped-with-usage" : "in-step";
  else if (row.agreementCancelled) status = "agreement-cancelled";
  else if (!row.syncEnabled && platformH > 0 && differenceH !== 0) status = "sync-off-with-usage";
  else if (differenceH > 0) status = "under-billed";
  else if (differenceH < 0) status = "over-billed";
  else status = row.driftCorrected ? "drift-corrected" : "in-step";
  return {
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    productId: row.productId,
    productName: row.productName,
    productSku: row.productSku,
    agreementName: mapped ? row.cwAgreementName : null,
    countBasis: policy.countBasis,
    platformQuantity: platformH / 100,
    connectWiseQuantity: mapped && readH !== null ? readH / 100 : null,
    writtenQuantity: writtenH === null ? null : writtenH / 100,
    difference: differenceH / 100,
    unitPriceCents,
    moneyCents,
    status,
  };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The month's totals for a filter, from one aggregate over the month's lines. */
export interface ReconciliationTotals {
  /** Lines matching the filter. */
  matchingCount: number;
  /** Every line of the month. */
  unfilteredCount: number;
  /** Lines per status matching the text filter (whatever the status filter). */
  statusCounts: Record<ReconciliationStatus, number>;
  underBilledCents: number;
  overBilledCents: number;
}

function totalsOf(counts: ReconciliationStatusCount[], filter: ReconciliationFilter | undefined): ReconciliationTotals {
  const statusCounts = Object.fromEntries(
    Object.keys(reconciliationStatusLabels).map((status) => [status, 0]),
  ) as Record<ReconciliationStatus, number>;
  const totals: ReconciliationTotals = {
    matchingCount: 0,
    unfilteredCount: 0,
    statusCounts,
    underBilledCents: 0,
    overBilledCents: 0,
  };
  for (const row of counts) {
    totals.unfilteredCount += row.lines;
    statusCounts[row.status as ReconciliationStatus] = row.matching;
    if (filter?.status && row.status !== filter.status) continue;
    totals.matchingCount += row.matching;
    totals.underBilledCents += row.underBilledCents;
    totals.overBilledCents += row.overBilledCents;
  }
  return totals;
}

/**
 * The month's lines matching the filter, largest money impact first (a page of them with
 * `limit`/`offset`, or every one), and the totals of every matching line: one SQL statement.
 */
export async function queryReconciliation(
  db: Database,
  params: {
    workspaceId: string;
    month: string;
    today?: string;
    filter?: ReconciliationFilter;
    limit?: number;
    offset?: number;
  },
): Promise<{ lines: ReconciliationLine[]; totals: ReconciliationTotals; refresh: ReconciliationRefresh }> {
  const bounds = monthBounds(params.month);
  const found = await findReconciliation(db, {
    workspaceId: params.workspaceId,
    monthStart: bounds.start,
    monthEnd: bounds.end,
    today: params.today ?? today(),
    filter: params.filter,
    limit: params.limit,
    offset: params.offset,
  });
  return {
    lines: found.lines.map((row) => ({ ...row, status: row.status as ReconciliationStatus })),
    totals: totalsOf(found.counts, params.filter),
    refresh: found.refresh,
  };
}

/**
 * The month's reconciliation of a workspace: every organization × product with usage or a written
 * line (filtered, if asked), largest money impact first, with the totals of under- and over-billing.
 */
export async function reconcileMonth(
  db: Database,
  params: { workspaceId: string; month: string; today?: string; filter?: ReconciliationFilter },
): Promise<ReconciliationReport> {
  const { lines, totals } = await queryReconciliation(db, params);
  return {
    month: params.month,
    lines,
    underBilledCents: totals.underBilledCents,
    overBilledCents: totals.overBilledCents,
  };
}
