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
 * The CTEs that pair, for every organization × product of the workspace that had usage in the month
 * or has a line Billbridge wrote, its stored figures (`sources`, snake_case). The month's usage comes
 * from usage_months (the days rolled up by month) and "as last read" from addition_reads, both kept by
 * triggers, so a month costs one row per line rather than a scan of its days and of every change.
 */
function sourcesSql(params: { workspaceId: string; monthStart: string; monthEnd: string }) {
  const { workspaceId, monthStart, monthEnd } = params;
  if (!monthStart.endsWith("-01")) throw new Error("monthStart must be a month's first day");
  return sql`
    history as (
      select organization_id, product_id, last_day, last_quantity, peak_quantity
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
    ),
    sources as (
      select o.id as organization_id, o.name as organization_name,
             p.id as product_id, p.name as product_name, p.sku as product_sku,
             m.id as mapping_id, m.cw_agreement_id, m.cw_agreement_name,
             coalesce(a.cancelled, false) as agreement_cancelled,
             coalesce(m.sync_enabled, false) as sync_enabled,
             bp.count_basis::text as workspace_count_basis, bp.timing::text as workspace_timing,
             mbp.count_basis::text as mapping_count_basis, mbp.timing::text as mapping_timing,
             u.quantity as current_quantity,
             pairs.last_day, pairs.last_quantity, pairs.peak_quantity,
             pairs.written_quantity, rd.quantity as read_quantity,
             coalesce(pairs.unit_price, p.suggested_price) as unit_price,
             (d.mapping_id is not null) as drift_corrected
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
    )`;
}

/**
 * Every line's stored figures, unreckoned: what reconcileLine (lib/reports/reconcile-month.ts) works
 * out a line from in TypeScript. The report itself reads listReconciliationLines; this is the input
 * of the test that keeps the two equal.
 */
export async function listReconciliationSources(
  db: Database,
  params: { workspaceId: string; monthStart: string; monthEnd: string },
): Promise<ReconciliationSourceRow[]> {
  const rows = await db.execute(sql`
    with ${sourcesSql(params)}
    select organization_id as "organizationId", organization_name as "organizationName",
           product_id as "productId", product_name as "productName", product_sku as "productSku",
           mapping_id as "mappingId", cw_agreement_id as "cwAgreementId", cw_agreement_name as "cwAgreementName",
           agreement_cancelled as "agreementCancelled", sync_enabled as "syncEnabled",
           workspace_count_basis as "workspaceCountBasis", workspace_timing as "workspaceTiming",
           mapping_count_basis as "mappingCountBasis", mapping_timing as "mappingTiming",
           current_quantity::text as "currentQuantity", last_day::text as "lastDay",
           last_quantity::text as "lastQuantity", peak_quantity::text as "peakQuantity",
           written_quantity::text as "writtenQuantity", read_quantity::text as "readQuantity",
           unit_price::text as "unitPrice", drift_corrected as "driftCorrected"
    from sources
  `);
  return rows as unknown as ReconciliationSourceRow[];
}

/** A month of the report: its bounds and the day it is read on (the running month bills usage now). */
export interface ReconciliationMonthParams {
  workspaceId: string;
  /** The month's first day, YYYY-MM-DD. */
  monthStart: string;
  /** The month's last day, YYYY-MM-DD. */
  monthEnd: string;
  /** Today, YYYY-MM-DD (UTC). */
  today: string;
}

/** Which lines: a status, a text in the organization's or product's name or SKU, only lines with money. */
export interface ReconciliationFilter {
  status?: string;
  q?: string;
  withMoney?: boolean;
}

/** One line of the report with every figure worked out in SQL (see reconciliationLinesSql). */
export interface ReconciliationLineRow {
  organizationId: string;
  organizationName: string;
  productId: string;
  productName: string;
  productSku: string;
  agreementName: string | null;
  countBasis: string;
  platformQuantity: number;
  connectWiseQuantity: number | null;
  writtenQuantity: number | null;
  difference: number;
  unitPriceCents: number;
  moneyCents: number;
  status: string;
}

/**
 * Every line of the month with its figures, as a subquery over listReconciliationSources' pairs:
 * the same rules as the sync's billedQuantity (lib/sync/billed-quantity.ts) and reconcileLine
 * (lib/reports/reconcile-month.ts), written as CASEs over the monthly rollup's columns. The running
 * month bills usage now (or the greater of it and the month's peak so far); a past month its last
 * recorded figure (or its peak). Quantities and prices are carried in hundredths and rounded half up
 * (as Math.round does), so every figure is exact. A test builds random months and asserts these equal
 * reconcileLine's line by line.
 */
function reconciliationLinesSql(params: ReconciliationMonthParams) {
  const { workspaceId, monthStart, monthEnd, today } = params;
  if (!monthStart.endsWith("-01")) throw new Error("monthStart must be a month's first day");
  const running = today >= monthStart && today <= monthEnd;
  const historyTo = running ? today : monthEnd;
  return sql`
    with ${sourcesSql({ workspaceId, monthStart, monthEnd })},
    inputs as (
      select s.*,
             (s.mapping_id is not null and s.cw_agreement_id is not null) as mapped,
             (s.last_day is not null and s.last_day >= ${monthStart}::date and s.last_day <= ${historyTo}::date) as in_period,
             coalesce(s.mapping_count_basis, s.workspace_count_basis, 'current') as count_basis,
             floor(s.written_quantity * 100 + 0.5) as written_h,
             coalesce(floor(s.read_quantity * 100 + 0.5), floor(s.written_quantity * 100 + 0.5)) as read_h,
             floor(s.unit_price * 100 + 0.5) as unit_price_cents
      from sources s
    ),
    billed as (
      select i.*,
             floor(100 * case
               when ${running}::boolean and i.count_basis = 'peak' then greatest(
                 coalesce(i.current_quantity, i.last_quantity, 0),
                 case when i.in_period then greatest(0, i.peak_quantity, i.last_quantity) else 0 end)
               when ${running}::boolean then coalesce(i.current_quantity, i.last_quantity, 0)
               when i.count_basis = 'peak' then
                 case when i.in_period then greatest(0, i.peak_quantity, i.last_quantity) else 0 end
               else case when i.in_period then i.last_quantity else 0 end
             end + 0.5) as platform_h,
             case when i.mapped then coalesce(i.read_h, 0) else 0 end as on_connectwise_h
      from inputs i
    ),
    figured as (
      select b.*, b.platform_h - b.on_connectwise_h as difference_h,
             floor((b.platform_h - b.on_connectwise_h) * b.unit_price_cents / 100 + 0.5) as money_cents
      from billed b
    )
    select f.organization_id as "organizationId", f.organization_name as "organizationName",
           f.product_id as "productId", f.product_name as "productName", f.product_sku as "productSku",
           case when f.mapped then f.cw_agreement_name end as "agreementName",
           f.count_basis as "countBasis",
           (f.platform_h / 100)::float8 as "platformQuantity",
           case when f.mapped and f.read_h is not null then (f.read_h / 100)::float8 end as "connectWiseQuantity",
           (f.written_h / 100)::float8 as "writtenQuantity",
           (f.difference_h / 100)::float8 as "difference",
           f.unit_price_cents::float8 as "unitPriceCents",
           f.money_cents::float8 as "moneyCents",
           case
             when not f.mapped then case when f.platform_h > 0 then 'unmapped-with-usage' else 'in-step' end
             when f.agreement_cancelled then 'agreement-cancelled'
             when not f.sync_enabled and f.platform_h > 0 and f.difference_h <> 0 then 'sync-off-with-usage'
             when f.difference_h > 0 then 'under-billed'
             when f.difference_h < 0 then 'over-billed'
             when f.drift_corrected then 'drift-corrected'
             else 'in-step'
           end as "status"
    from figured f`;
}

function filterSql(filter: ReconciliationFilter, options: { status: boolean }) {
  const conditions = [sql`true`];
  if (options.status && filter.status) conditions.push(sql`l."status" = ${filter.status}`);
  if (filter.q) {
    const needle = filter.q.toLowerCase();
    conditions.push(sql`(position(${needle} in lower(l."organizationName")) > 0
      or position(${needle} in lower(l."productName")) > 0 or position(${needle} in lower(l."productSku")) > 0)`);
  }
  if (filter.withMoney) conditions.push(sql`l."moneyCents" <> 0`);
  return sql.join(conditions, sql` and `);
}

/**
 * The month's lines matching the filter, largest money impact first (then organization and product
 * by name), a page of them with `limit`/`offset` or every one without.
 */
export async function listReconciliationLines(
  db: Database,
  params: ReconciliationMonthParams & { filter?: ReconciliationFilter; limit?: number; offset?: number },
): Promise<ReconciliationLineRow[]> {
  const filter = params.filter ?? {};
  const rows = await db.execute(sql`
    select l.* from (${reconciliationLinesSql(params)}) l
    where ${filterSql(filter, { status: true })}
    order by abs(l."moneyCents") desc, l."organizationName", l."productName", l."organizationId", l."productId"
    ${params.limit === undefined ? sql`` : sql`limit ${params.limit}`}
    ${params.offset ? sql`offset ${params.offset}` : sql``}
  `);
  return rows as unknown as ReconciliationLineRow[];
}

/** Per status: every line of the month, the lines matching the text filter and their under- and over-billing. */
export interface ReconciliationStatusCount {
  status: string;
  lines: number;
  matching: number;
  underBilledCents: number;
  overBilledCents: number;
}

/**
 * The month's totals per status, in one aggregate: how many lines, how many match the text filter,
 * and the under- and over-billing (in cents) of those.
 */
export async function countReconciliationLines(
  db: Database,
  params: ReconciliationMonthParams & { filter?: Pick<ReconciliationFilter, "q"> },
): Promise<ReconciliationStatusCount[]> {
  const rows = await db.execute(sql`
    select l."status" as "status", count(*)::int as "lines",
           (count(*) filter (where ${filterSql(params.filter ?? {}, { status: false })}))::int as "matching",
           coalesce(sum(l."moneyCents") filter (where l."moneyCents" > 0
             and ${filterSql(params.filter ?? {}, { status: false })}), 0)::float8 as "underBilledCents",
           coalesce(-sum(l."moneyCents") filter (where l."moneyCents" < 0
             and ${filterSql(params.filter ?? {}, { status: false })}), 0)::float8 as "overBilledCents"
    from (${reconciliationLinesSql(params)}) l
    group by l."status"
  `);
  return rows as unknown as ReconciliationStatusCount[];
}
