import { listReconciliationSources, type ReconciliationSourceRow } from "@/db/queries/reconciliation";
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

export interface ReconciliationLine {
  organizationId: string;
  organizationName: string;
  productId: string;
  productName: string;
  productSku: string;
  agreementName: string | null;
  countBasis: string;
  /** Platform usage on the month's count basis. */
  platformQuantity: number;
  /** On the ConnectWise addition now, as last read (null: never read or written). */
  connectWiseQuantity: number | null;
  /** What Billbridge last wrote (null: nothing written). */
  writtenQuantity: number | null;
  /** Platform minus ConnectWise: positive is under-billing. */
  difference: number;
  unitPriceCents: number;
  /** Difference × unit price, in cents: positive is under-billing. */
  moneyCents: number;
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
 * One line of the report from its stored figures. Platform usage goes through the sync's own
 * `billedQuantity`: the running month bills usage now (or the peak so far), a past month its last
 * recorded figure (or its peak).
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

/** Lines sorted by money impact (largest absolute first), with the totals of under- and over-billing. */
export function summarizeReconciliation(month: string, lines: ReconciliationLine[]): ReconciliationReport {
  const sorted = [...lines].sort(
    (left, right) =>
      Math.abs(right.moneyCents) - Math.abs(left.moneyCents) ||
      left.organizationName.localeCompare(right.organizationName) ||
      left.productName.localeCompare(right.productName),
  );
  let underBilledCents = 0;
  let overBilledCents = 0;
  for (const line of sorted) {
    if (line.moneyCents > 0) underBilledCents += line.moneyCents;
    else overBilledCents -= line.moneyCents;
  }
  return { month, lines: sorted, underBilledCents, overBilledCents };
}

/** The month's reconciliation of a workspace: every organization × product with usage or a written line. */
export async function reconcileMonth(
  db: Database,
  params: { workspaceId: string; month: string; today?: string },
): Promise<ReconciliationReport> {
  const bounds = monthBounds(params.month);
  const today = params.today ?? new Date().toISOString().slice(0, 10);
  const rows = await listReconciliationSources(db, {
    workspaceId: params.workspaceId,
    monthStart: bounds.start,
    monthEnd: bounds.end,
  });
  return summarizeReconciliation(
    params.month,
    rows.map((row) => reconcileLine(row, params.month, today)),
  );
}
