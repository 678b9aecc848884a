import { sql } from "drizzle-orm";
import type { CountBasis, BillingTiming } from "@/db/schema";
import type { Database } from "@/db";

/** One organization × product of a month, as stored: usage, mapping, what was written and read. */
export interface ReconciliationSourceRow {
  organizationId: string;
  organizationName: string;
  productId: string;
  productName: string;
  productSku: string;
  mappingId: string | null;
  cwAgreementId: number | null;
  cwAgreementName: string | null;
  agreementCancelled: boolean;
  syncEnabled: boolean;
  workspaceCountBasis: CountBasis | null;
  workspaceTiming: BillingTiming | null;
  mappingCountBasis: CountBasis | null;
  mappingTiming: BillingTiming | null;
  /** Usage now. */
  currentQuantity: string | null;
  /** The month's last recorded day, its figure and the month's peak. */
  lastDay: string | null;
  lastQuantity: string | null;
  peakQuantity: string | null;
  /** What Billbridge last wrote (sum over the product's additions on the mapping). */
  writtenQuantity: string | null;
  /** What ConnectWise held at the latest read of the product's addition. */
  readQuantity: string | null;
  /** Unit price of the line as written, else the product's price. */
  unitPrice: string;
  driftCorrected: boolean;
}

/**
 * Every organization × product of the workspace that had usage in the month or has a line Billbridge
 * wrote, in one set-based statement. The month's usage comes from usage_months (the days rolled up by
 * month) and "as last read" from addition_reads, both kept by triggers, so a month costs one row per
 * line rather than a scan of its days and of every change ever recorded.
 */
export async function listReconciliationSources(
  db: Database,
  params: { workspaceId: string; monthStart: string; monthEnd: string },
): Promise<ReconciliationSourceRow[]> {
  const { workspaceId, monthStart, monthEnd } = params;
  if (!monthStart.endsWith("-01")) throw new Error("monthStart must be a month's first day");
  const rows = await db.execute(sql`
    with history as (
      select organization_id, product_id, last_day::text as last_day, last_quantity, peak_quantity
      from usage_months
      where workspace_id = ${workspaceId} and month = ${monthStart}::date
    ),
    ledger as (
      select m.organization_id, l.product_id, sum(l.quantity) as written_quantity, max(l.unit_price) as unit_price
      from addition_ledger l
      join mappings m on m.id = l.mapping_id and m.workspace_id = ${workspaceId}
      where l.workspace_id = ${workspaceId} and l.product_id is not null
      group by m.organization_id, l.product_id
    ),
    pairs as (
      select coalesce(h.organization_id, l.organization_id) as organization_id,
             coalesce(h.product_id, l.product_id) as product_id,
             h.last_day, h.last_quantity, h.peak_quantity, l.written_quantity, l.unit_price
      from history h
      full join ledger l on l.organization_id = h.organization_id and l.product_id = h.product_id
    ),
    drift as (
      select distinct r.mapping_id, c.product_id
      from sync_changes c
      join sync_runs r on r.id = c.run_id and r.workspace_id = ${workspaceId}
      where c.workspace_id = ${workspaceId} and c.drift is not null and c.result = 'applied'
        and c.action in ('update', 'zero', 'cancel')
        and c.created_at >= ${monthStart}::date and c.created_at < (${monthEnd}::date + 1)
    )
    select o.id as "organizationId", o.name as "organizationName",
           p.id as "productId", p.name as "productName", p.sku as "productSku",
           m.id as "mappingId", m.cw_agreement_id as "cwAgreementId", m.cw_agreement_name as "cwAgreementName",
           coalesce(a.cancelled, false) as "agreementCancelled",
           coalesce(m.sync_enabled, false) as "syncEnabled",
           bp.count_basis as "workspaceCountBasis", bp.timing as "workspaceTiming",
           mbp.count_basis as "mappingCountBasis", mbp.timing as "mappingTiming",
           u.quantity::text as "currentQuantity",
           pairs.last_day as "lastDay", pairs.last_quantity::text as "lastQuantity",
           pairs.peak_quantity::text as "peakQuantity",
           pairs.written_quantity::text as "writtenQuantity", rd.quantity::text as "readQuantity",
           coalesce(pairs.unit_price, p.suggested_price)::text as "unitPrice",
           (d.mapping_id is not null) as "driftCorrected"
    from pairs
    join organizations o on o.id = pairs.organization_id and o.workspace_id = ${workspaceId}
    join products p on p.id = pairs.product_id and p.workspace_id = ${workspaceId}
    left join usage u on u.organization_id = pairs.organization_id and u.product_id = pairs.product_id
    left join mappings m on m.workspace_id = ${workspaceId} and m.organization_id = pairs.organization_id
    left join cw_agreements a on a.workspace_id = ${workspaceId} and a.cw_id = m.cw_agreement_id
    left join billing_policies bp on bp.workspace_id = ${workspaceId}
    left join mapping_billing_policies mbp on mbp.mapping_id = m.id
    left join addition_reads rd on rd.workspace_id = ${workspaceId} and rd.mapping_id = m.id
      and rd.product_id = pairs.product_id
    left join drift d on d.mapping_id = m.id and d.product_id = pairs.product_id
  `);
  return rows as unknown as ReconciliationSourceRow[];
}
