import { sql, type SQL } from "drizzle-orm";
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

/** A uuid[] parameter. */
function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/**
 * The CTEs that pair, for every organization × product of the workspace that had usage in the month
 * or has a line Billbridge wrote, its stored figures (`sources`, snake_case). The month's usage comes
 * from usage_months (the days rolled up by month) and "as last read" from addition_reads, both kept by
 * triggers, so a month costs one row per line rather than a scan of its days and of every change.
 */
function sourcesSql(params: {
  workspaceId: string;
  monthStart: string;
  monthEnd: string;
  withCurrent?: boolean;
  /** Only these organizations' lines (every organization's when absent). */
  organizationIds?: readonly string[];
}) {
  const { workspaceId, monthStart, monthEnd } = params;
  const only = (column: SQL) =>
    params.organizationIds ? sql`and ${column} = any(${uuidArray(params.organizationIds)})` : sql``;
  // Usage now counts for the running month only; a past month skips that join.
  const withCurrent = params.withCurrent ?? true;
  if (!monthStart.endsWith("-01")) throw new Error("monthStart must be a month's first day");
  return sql`
    history as (
      select organization_id, product_id, last_day, last_quantity, peak_quantity
      from usage_months
      where workspace_id = ${workspaceId} and month = ${monthStart}::date ${only(sql`organization_id`)}
    ),
    ledger as (
      select m.organization_id, l.product_id, sum(l.quantity) as written_quantity, max(l.unit_price) as unit_price
      from addition_ledger l
      join mappings m on m.id = l.mapping_id and m.workspace_id = ${workspaceId} ${only(sql`m.organization_id`)}
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
      join sync_runs r on r.id = c.run_id and r.workspace_id = ${workspaceId} ${only(sql`r.organization_id`)}
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
             (select count_basis::text from billing_policies where workspace_id = ${workspaceId}) as workspace_count_basis,
             (select timing::text from billing_policies where workspace_id = ${workspaceId}) as workspace_timing,
             mbp.count_basis::text as mapping_count_basis, mbp.timing::text as mapping_timing,
             ${withCurrent ? sql`u.quantity` : sql`null::numeric`} as current_quantity,
             pairs.last_day, pairs.last_quantity, pairs.peak_quantity,
             pairs.written_quantity, rd.quantity as read_quantity,
             coalesce(pairs.unit_price, p.suggested_price) as unit_price,
             (d.mapping_id is not null) as drift_corrected
      from pairs
      join organizations o on o.id = pairs.organization_id and o.workspace_id = ${workspaceId}
      join products p on p.id = pairs.product_id and p.workspace_id = ${workspaceId}
      ${
        withCurrent
          ? sql`left join usage u on u.organization_id = pairs.organization_id and u.product_id = pairs.product_id`
          : sql``
      }
      left join mappings m on m.workspace_id = ${workspaceId} and m.organization_id = pairs.organization_id
      left join cw_agreements a on a.workspace_id = ${workspaceId} and a.cw_id = m.cw_agreement_id
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
function reconciliationLinesSql(params: ReconciliationMonthParams & { organizationIds?: readonly string[] }) {
  const { workspaceId, monthStart, monthEnd, today, organizationIds } = params;
  if (!monthStart.endsWith("-01")) throw new Error("monthStart must be a month's first day");
  const running = today >= monthStart && today <= monthEnd;
  const historyTo = running ? today : monthEnd;
  const basisIsPeak = sql`coalesce(s.mapping_count_basis, s.workspace_count_basis) = 'peak'`;
  const monthPeak = sql`case when s.in_period then greatest(0, s.peak_quantity, s.last_quantity) else 0 end`;
  const usageNow = sql`coalesce(s.current_quantity, s.last_quantity, 0)`;
  const platform = running
    ? sql`case when ${basisIsPeak} then greatest(${usageNow}, ${monthPeak}) else ${usageNow} end`
    : sql`case when ${basisIsPeak} then ${monthPeak} when s.in_period then s.last_quantity else 0 end`;
  // Hundredths of a numeric, rounded half up as Math.round does; exact for the numeric(12,2) columns.
  const hundredths = (value: SQL) => sql`floor(${value} * 100 + 0.5)::bigint`;
  const exactHundredths = (value: SQL) => sql`(${value} * 100)::bigint`;
  // "figures" is materialized so each numeric is converted once per line; the rest is bigint
  // arithmetic. Math.round(difference × price / 100) is floor((n + 50) / 100) in integers.
  return sql`
    ${sourcesSql({ workspaceId, monthStart, monthEnd, withCurrent: running, organizationIds })},
    figures as materialized (
      select s.organization_id, s.organization_name, s.product_id, s.product_name, s.product_sku,
             s.cw_agreement_name, s.agreement_cancelled, s.sync_enabled, s.drift_corrected,
             (s.mapping_id is not null and s.cw_agreement_id is not null) as mapped,
             coalesce(s.mapping_count_basis, s.workspace_count_basis, 'current') as count_basis,
             ${exactHundredths(platform)} as platform_h,
             ${hundredths(sql`s.written_quantity`)} as written_h,
             coalesce(${hundredths(sql`s.read_quantity`)}, ${hundredths(sql`s.written_quantity`)}) as read_h,
             ${exactHundredths(sql`s.unit_price`)} as unit_price_cents
      from (select sources.*,
                   (last_day is not null and last_day >= ${monthStart}::date and last_day <= ${historyTo}::date) as in_period
            from sources) s
    ),
    lines as (
      select f.organization_id, f.organization_name, f.product_id, f.product_name, f.product_sku,
             case when f.mapped then f.cw_agreement_name end as agreement_name, f.count_basis,
             f.platform_h, case when f.mapped then f.read_h end as connectwise_h, f.written_h, d.difference_h,
             f.unit_price_cents, m.money_cents, abs(m.money_cents) as impact,
             case
               when not f.mapped then case when f.platform_h > 0 then 'unmapped-with-usage' else 'in-step' end
               when f.agreement_cancelled then 'agreement-cancelled'
               when not f.sync_enabled and f.platform_h > 0 and d.difference_h <> 0 then 'sync-off-with-usage'
               when d.difference_h > 0 then 'under-billed'
               when d.difference_h < 0 then 'over-billed'
               when f.drift_corrected then 'drift-corrected'
               else 'in-step'
             end as status
      from figures f
      cross join lateral (
        select f.platform_h - case when f.mapped then coalesce(f.read_h, 0) else 0 end as difference_h
      ) d
      cross join lateral (select d.difference_h * f.unit_price_cents + 50 as n) x
      cross join lateral (select case when x.n >= 0 then x.n / 100 else -((-x.n + 99) / 100) end as money_cents) m
    )`;
}

function filterSql(filter: ReconciliationFilter, options: { status: boolean }) {
  const conditions = [sql`true`];
  if (options.status && filter.status) conditions.push(sql`l.status = ${filter.status}`);
  if (filter.q) {
    const needle = filter.q.toLowerCase();
    conditions.push(sql`(position(${needle} in lower(l.organization_name)) > 0
      or position(${needle} in lower(l.product_name)) > 0 or position(${needle} in lower(l.product_sku)) > 0)`);
  }
  if (filter.withMoney) conditions.push(sql`l.money_cents <> 0`);
  return sql.join(conditions, sql` and `);
}

/** Per status: every line of the month, the lines matching the text filter and their under- and over-billing. */
export interface ReconciliationStatusCount {
  status: string;
  lines: number;
  matching: number;
  underBilledCents: number;
  overBilledCents: number;
}

/** Above this many organizations changed since, the whole month is worked out again in one statement. */
const organizationsWorthAWholeMonth = 1_000;

/** How a month's kept lines were brought up to date before a read. */
export interface ReconciliationRefresh {
  /** "none": nothing changed since; "organizations": those organizations' lines; "month": every line. */
  worked: "none" | "organizations" | "month";
  organizations: number;
}

/**
 * Brings a month's kept lines (reconciliation_lines) up to date: worked out in full the first time,
 * when the running month's day has moved on or when something every line depends on changed (a
 * product, the billing policy); otherwise only the lines of the organizations whose data changed in a
 * transaction the kept lines did not see (reconciliation_changes, written by triggers on every table
 * the report reads; usage now concerns the running month only, a day of history its own month). The lines and the snapshot they were worked out under are written by one
 * statement, so a change committed at any moment is either in the lines or still pending. One refresh
 * of a workspace at a time (an advisory lock), so pruning never removes a change another month still
 * needs.
 */
export async function refreshReconciliationMonth(
  db: Database,
  params: ReconciliationMonthParams & {
    /** A reader's refresh (the default) keeps the month from being dropped as unread; upkeep's does not. */
    read?: boolean;
  },
): Promise<ReconciliationRefresh> {
  const { workspaceId, monthStart, monthEnd, today } = params;
  const read = params.read ?? true;
  const runningOn = today >= monthStart && today <= monthEnd ? today : null;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`reconciliation:${workspaceId}`}, 0))`);
    const [kept] = (await tx.execute(sql`
      select running_on::text as "runningOn", snapshot::text as snapshot
      from reconciliation_months where workspace_id = ${workspaceId} and month = ${monthStart}::date
    `)) as unknown as Array<{ runningOn: string | null; snapshot: string }>;
    let organizationIds: string[] | undefined;
    if (kept && kept.runningOn === runningOn) {
      const pending = (await tx.execute(sql`
        select distinct organization_id as "organizationId" from reconciliation_changes
        where workspace_id = ${workspaceId} and (month is null or month = ${monthStart}::date)
          and not pg_visible_in_snapshot(transaction_id, ${kept.snapshot}::pg_snapshot)
        limit ${organizationsWorthAWholeMonth + 1}
      `)) as unknown as Array<{ organizationId: string | null }>;
      if (pending.length === 0) {
        if (read)
          await tx.execute(sql`
          update reconciliation_months set read_at = now()
          where workspace_id = ${workspaceId} and month = ${monthStart}::date and read_at < now() - interval '1 hour'
        `);
        return { worked: "none", organizations: 0 };
      }
      const wholeMonth =
        pending.length > organizationsWorthAWholeMonth || pending.some((row) => row.organizationId === null);
      if (!wholeMonth) organizationIds = pending.map((row) => row.organizationId!);
    }
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`
      delete from reconciliation_lines
      where workspace_id = ${workspaceId} and month = ${monthStart}::date
        ${organizationIds ? sql`and organization_id = any(${uuidArray(organizationIds)})` : sql``}
    `);
    await tx.execute(sql`
      with ${reconciliationLinesSql({ workspaceId, monthStart, monthEnd, today, organizationIds })},
      kept_lines as (
        insert into reconciliation_lines (workspace_id, month, organization_id, product_id, organization_name,
          product_name, product_sku, agreement_name, count_basis, platform_h, connectwise_h, written_h,
          difference_h, unit_price_cents, money_cents, impact, status)
        select ${workspaceId}, ${monthStart}::date, l.organization_id, l.product_id, l.organization_name,
               l.product_name, l.product_sku, l.agreement_name, l.count_basis, l.platform_h, l.connectwise_h,
               l.written_h, l.difference_h, l.unit_price_cents, l.money_cents, l.impact, l.status
        from lines l
      )
      insert into reconciliation_months (workspace_id, month, running_on, snapshot, computed_at, read_at)
      values (${workspaceId}, ${monthStart}::date, ${runningOn}::date, pg_current_snapshot(), now(), now())
      on conflict (workspace_id, month) do update
        set running_on = excluded.running_on, snapshot = excluded.snapshot, computed_at = now(),
            read_at = ${read ? sql`now()` : sql`reconciliation_months.read_at`}
    `);
    await pruneReconciliationChanges(tx, { workspaceId });
    return { worked: organizationIds ? "organizations" : "month", organizations: organizationIds?.length ?? 0 };
  });
}

/** Forgets the workspace's changes that every kept month they concern has seen (all when none is kept). */
async function pruneReconciliationChanges(db: Database, params: { workspaceId: string }) {
  await db.execute(sql`
    delete from reconciliation_changes c
    where c.workspace_id = ${params.workspaceId}
      and not exists (select 1 from reconciliation_months s
                      where s.workspace_id = c.workspace_id and (c.month is null or c.month = s.month)
                        and not pg_visible_in_snapshot(c.transaction_id, s.snapshot))
  `);
}

/**
 * Upkeep of the kept lines: months nobody read for `unreadDays` are dropped, and changes no kept
 * month needs are forgotten, one workspace at a time under the refresh's lock. Returns the running
 * months still read recently, for the caller to bring up to date.
 */
export async function tidyReconciliationMonths(db: Database, params: { unreadDays: number }) {
  const dropped = (await db.execute(sql`
    with gone as (
      delete from reconciliation_months
      where read_at < now() - make_interval(days => ${params.unreadDays})
      returning workspace_id, month
    )
    delete from reconciliation_lines l using gone
    where l.workspace_id = gone.workspace_id and l.month = gone.month
    returning 1
  `)) as unknown as unknown[];
  const workspaces = (await db.execute(sql`
    select distinct workspace_id as "workspaceId" from reconciliation_changes
  `)) as unknown as Array<{ workspaceId: string }>;
  for (const { workspaceId } of workspaces) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`reconciliation:${workspaceId}`}, 0))`);
      await pruneReconciliationChanges(tx, { workspaceId });
    });
  }
  const running = (await db.execute(sql`
    select workspace_id as "workspaceId", to_char(month, 'YYYY-MM') as month
    from reconciliation_months where running_on is not null
  `)) as unknown as Array<{ workspaceId: string; month: string }>;
  return { droppedLines: dropped.length, workspacesPruned: workspaces.length, running };
}

/**
 * One page of the month's lines matching the filter, largest money impact first (then organization
 * and product by name), with `limit`/`offset` or every one without; and per status, how many lines,
 * how many match the text filter and the under- and over-billing (in cents) of those. Read from the
 * kept lines, brought up to date first.
 */
export async function findReconciliation(
  db: Database,
  params: ReconciliationMonthParams & { filter?: ReconciliationFilter; limit?: number; offset?: number },
): Promise<{ lines: ReconciliationLineRow[]; counts: ReconciliationStatusCount[]; refresh: ReconciliationRefresh }> {
  const refresh = await refreshReconciliationMonth(db, params);
  const filter = params.filter ?? {};
  const textFilter = filterSql({ q: filter.q }, { status: false });
  const order = sql`l.impact desc nulls last, l.organization_name, l.product_name, l.organization_id, l.product_id`;
  const month = sql`l.workspace_id = ${params.workspaceId} and l.month = ${params.monthStart}::date`;
  const [row] = (await db.execute(sql`
    with page as (
      select l.* from reconciliation_lines l
      where ${month} and ${filterSql(filter, { status: true })}
      order by ${order}
      ${params.limit === undefined ? sql`` : sql`limit ${params.limit}`}
      ${params.offset ? sql`offset ${params.offset}` : sql``}
    ),
    counts as (
      select l.status as "status", count(*)::int as "lines",
             (count(*) filter (where ${textFilter}))::int as "matching",
             coalesce(sum(l.money_cents) filter (where l.money_cents > 0 and ${textFilter}), 0)::float8
               as "underBilledCents",
             coalesce(-sum(l.money_cents) filter (where l.money_cents < 0 and ${textFilter}), 0)::float8
               as "overBilledCents"
      from reconciliation_lines l
      where ${month}
      group by l.status
    )
    select (
             select coalesce(json_agg(json_build_object(
                      'organizationId', l.organization_id, 'organizationName', l.organization_name,
                      'productId', l.product_id, 'productName', l.product_name, 'productSku', l.product_sku,
                      'agreementName', l.agreement_name, 'countBasis', l.count_basis,
                      'platformQuantity', (l.platform_h / 100.0)::float8,
                      'connectWiseQuantity', (l.connectwise_h / 100.0)::float8,
                      'writtenQuantity', (l.written_h / 100.0)::float8,
                      'difference', (l.difference_h / 100.0)::float8,
                      'unitPriceCents', l.unit_price_cents, 'moneyCents', l.money_cents, 'status', l.status
                    ) order by ${order}), '[]'::json)
             from page l
           ) as lines,
           (select coalesce(json_agg(c), '[]'::json) from counts c) as counts
  `)) as unknown as Array<{ lines: ReconciliationLineRow[]; counts: ReconciliationStatusCount[] }>;
  return { ...row!, refresh };
}
