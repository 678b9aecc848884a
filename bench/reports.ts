/**
 * The reconciliation report's month page and the home dashboard on a large workspace: organizations ×
 * products with a year of daily usage history, additions written, monthly runs that read ConnectWise
 * and a day of hourly runs. The history is built set-based (INSERT … SELECT over generate_series) and
 * the figures are the read models the pages call (server time, the database included).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { memberships, users, workspaces } from "@/db/schema";
import type { WorkspaceContext } from "@/lib/auth/context";
import { getDashboard } from "@/lib/read-models/dashboard";
import { upsertUsageMonthsFromHistory } from "@/db/queries/usage-months";
import { getReconciliationExport, getReconciliationReport } from "@/lib/read-models/reconciliation-report";
import { elapsedMs, percentile, round } from "./support";

export interface ReportsBenchSize {
  organizations: number;
  products: number;
  /** Days of daily history per organization × product, ending today. */
  days: number;
  /** Page loads timed per page (after one warm-up each). */
  samples: number;
}

export const fullReportsSize: ReportsBenchSize = { organizations: 5_000, products: 8, days: 365, samples: 40 };
export const smallReportsSize: ReportsBenchSize = { organizations: 300, products: 8, days: 60, samples: 10 };

function monthsBack(count: number, now = new Date()): string[] {
  return Array.from({ length: count }, (_, back) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7),
  );
}

/** Builds the workspace; returns its context (an owner) and how long each part took. */
export async function buildReportsWorkspace(db: Database, size: ReportsBenchSize, log: (line: string) => void) {
  const slug = `reports-${randomUUID().slice(0, 8)}`;
  const [workspace] = await db.insert(workspaces).values({ name: "Reports MSP", slug }).returning();
  const [user] = await db
    .insert(users)
    .values({ email: `owner@${slug}.example`, name: "Owner" })
    .returning();
  await db.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: "owner" });
  const workspaceId = workspace!.id;
  const timings: Record<string, number> = {};
  const step = async (name: string, statement: ReturnType<typeof sql>) => {
    const started = process.hrtime.bigint();
    await db.execute(statement);
    timings[name] = round(elapsedMs(started) / 1000, 1);
    log(`  ${name}: ${timings[name]} s`);
  };

  await step(
    "products",
    sql`insert into products (workspace_id, sku, name, description, unit, cost, suggested_price)
        select ${workspaceId}, 'SKU-' || n, 'Product ' || n, 'Bench product ' || n, 'seat', 2 + n, 5 + n * 1.25
        from generate_series(1, ${size.products}) n`,
  );
  await step(
    "organizations",
    sql`insert into organizations (workspace_id, external_id, name, status)
        select ${workspaceId}, 'bench-' || lpad(n::text, 6, '0'), 'Organization ' || n || ' Holdings',
               (case when n % 97 = 0 then 'suspended' else 'active' end)::organization_status
        from generate_series(1, ${size.organizations}) n`,
  );
  // Four in five organizations mapped (one agreement each), three in four of those with sync on.
  await step(
    "mappings",
    sql`insert into mappings (workspace_id, organization_id, cw_company_id, cw_company_identifier, cw_company_name,
                              cw_agreement_id, cw_agreement_name, sync_enabled, last_run_state, last_run_at)
        select ${workspaceId}, o.id, 100000 + o.n, 'C' || o.n, 'Company ' || o.n, 500000 + o.n, 'Managed Services',
               o.n % 4 <> 0, case when o.n % 17 = 0 then 'failed' else 'succeeded' end, now() - interval '30 minutes'
        from (select id, substring(external_id from 7)::int as n from organizations where workspace_id = ${workspaceId}) o
        where o.n % 5 <> 0`,
  );
  await step(
    "cw_agreements",
    sql`insert into cw_agreements (workspace_id, cw_id, cw_company_id, name, cancelled)
        select ${workspaceId}, cw_agreement_id, cw_company_id, cw_agreement_name,
               (cw_agreement_id % 211 = 0)
        from mappings where workspace_id = ${workspaceId}`,
  );
  await step(
    "usage (current)",
    sql`insert into usage (workspace_id, organization_id, product_id, quantity)
        select ${workspaceId}, o.id, p.id, (o.n * 7 + p.n * 13) % 150 + 1
        from (select id, substring(external_id from 7)::int as n from organizations where workspace_id = ${workspaceId}) o
        cross join (select id, substring(sku from 5)::int as n from products where workspace_id = ${workspaceId}) p`,
  );
  // A year of days, a month per statement, so progress shows; quantities drift with the day. The
  // usage_months triggers are off while the days go in (this scratch database only) and the rollup is
  // filled set-based afterwards by the migration's statement — the rows the triggers would have kept
  // (tests/reports/reconciliation-sql.integration.test.ts holds the two equal).
  await db.execute(sql`alter table usage_history disable trigger usage_history_months_insert`);
  const today = new Date();
  const first = new Date(today.getTime() - (size.days - 1) * 86_400_000);
  const historyStarted = process.hrtime.bigint();
  for (let cursor = first; cursor <= today;) {
    const monthEnd = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 0));
    const to = monthEnd < today ? monthEnd : today;
    const from = cursor.toISOString().slice(0, 10);
    const until = to.toISOString().slice(0, 10);
    const started = process.hrtime.bigint();
    await db.execute(sql`
      insert into usage_history (workspace_id, organization_id, product_id, day, quantity, peak_quantity)
      select ${workspaceId}, o.id, p.id, d::date,
             (o.n * 7 + p.n * 13) % 150 + 1 + extract(day from d)::int % 4,
             (o.n * 7 + p.n * 13) % 150 + 1 + extract(day from d)::int % 4 + (o.n + extract(day from d)::int) % 3
      from generate_series(${from}::date, ${until}::date, interval '1 day') d
      cross join (select id, substring(external_id from 7)::int as n from organizations where workspace_id = ${workspaceId}) o
      cross join (select id, substring(sku from 5)::int as n from products where workspace_id = ${workspaceId}) p`);
    log(`  usage history ${from}…${until}: ${round(elapsedMs(started) / 1000, 1)} s`);
    cursor = new Date(to.getTime() + 86_400_000);
  }
  timings["usage history"] = round(elapsedMs(historyStarted) / 1000, 1);
  await db.execute(sql`alter table usage_history enable trigger usage_history_months_insert`);
  {
    const started = process.hrtime.bigint();
    await upsertUsageMonthsFromHistory(db, { workspaceId });
    timings["usage months (set-based)"] = round(elapsedMs(started) / 1000, 1);
    log(`  usage months (set-based): ${timings["usage months (set-based)"]} s`);
  }
  // What Billbridge wrote: every mapped organization × product, some off by a little either way.
  await step(
    "addition ledger",
    sql`insert into addition_ledger (workspace_id, addition_id, mapping_id, cw_agreement_id, product_id, quantity, unit_price)
        select ${workspaceId}, row_number() over ()::int, m.id, m.cw_agreement_id, p.id,
               greatest(0, (o.n * 7 + p.n * 13) % 150 + 1 + (o.n % 5) - 2), 5 + p.n * 1.25
        from mappings m
        join (select id, substring(external_id from 7)::int as n from organizations where workspace_id = ${workspaceId}) o
          on o.id = m.organization_id
        cross join (select id, substring(sku from 5)::int as n from products where workspace_id = ${workspaceId}) p
        where m.workspace_id = ${workspaceId}`,
  );
  // One run a month per mapping that read every addition (the report's "as last read") ...
  await step(
    "monthly runs",
    sql`insert into sync_runs (workspace_id, mapping_id, organization_id, trigger, state, queued_at, started_at, finished_at, api_calls)
        select ${workspaceId}, m.id, m.organization_id, 'schedule', 'succeeded', t, t, t + interval '2 seconds',
               '[{"method":"GET","path":"/finance/agreements/1/additions","status":200,"durationMs":40}]'::jsonb
        from mappings m
        cross join generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') s
        cross join lateral (select s + interval '20 days' + (m.cw_company_id % 600) * interval '1 minute' as t) at
        where m.workspace_id = ${workspaceId} and t < now()`,
  );
  await step(
    "monthly changes",
    sql`insert into sync_changes (workspace_id, run_id, product_id, action, addition_id, before, after, drift, result, created_at)
        select ${workspaceId}, r.id, l.product_id,
               case when r.mapping_id::text like '%a' then 'update' else 'none' end, l.addition_id,
               jsonb_build_object('quantity', l.quantity + (extract(month from r.queued_at)::int % 3) - 1),
               jsonb_build_object('quantity', l.quantity),
               case when r.mapping_id::text like '%a' then jsonb_build_object('lastWritten', l.quantity, 'found', l.quantity + 1) end,
               'applied', r.finished_at
        from sync_runs r
        join addition_ledger l on l.mapping_id = r.mapping_id and l.workspace_id = ${workspaceId}
        where r.workspace_id = ${workspaceId}`,
  );
  // ... and the last 24 hours: a run an hour for every mapping with sync on.
  await step(
    "hourly runs",
    sql`insert into sync_runs (workspace_id, mapping_id, organization_id, trigger, state, queued_at, started_at, finished_at, api_calls)
        select ${workspaceId}, m.id, m.organization_id, 'schedule',
               case when (m.cw_company_id + h) % 23 = 0 then 'failed' else 'succeeded' end,
               t, t, t + interval '1 second',
               '[{"method":"GET","path":"/finance/agreements/1/additions","status":200,"durationMs":40},
                 {"method":"GET","path":"/company/companies/1","status":200,"durationMs":35}]'::jsonb
        from mappings m
        cross join generate_series(0, 23) h
        cross join lateral (select now() - h * interval '1 hour' - (m.cw_company_id % 3000) * interval '1 second' as t) at
        where m.workspace_id = ${workspaceId} and m.sync_enabled`,
  );
  await step("analyze", sql`analyze`);
  const [counts] = (await db.execute(sql`
    select (select count(*)::int from usage_history where workspace_id = ${workspaceId}) as "historyRows",
           (select count(*)::int from sync_runs where workspace_id = ${workspaceId}) as "runs",
           (select count(*)::int from sync_changes where workspace_id = ${workspaceId}) as "changes",
           pg_size_pretty(pg_total_relation_size('usage_history')) as "historySize"
  `)) as unknown as Array<{ historyRows: number; runs: number; changes: number; historySize: string }>;
  const context: WorkspaceContext = {
    db,
    user: { id: user!.id, email: user!.email, name: user!.name },
    workspace: { id: workspaceId, name: workspace!.name, slug },
    role: "owner",
  };
  return { context, timings, counts: counts! };
}

async function timeSamples(
  samples: number,
  run: (index: number) => Promise<unknown>,
  before: (index: number) => Promise<unknown> = async () => {},
) {
  await before(-1);
  await run(0);
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    await before(index);
    const started = process.hrtime.bigint();
    await run(index);
    times.push(elapsedMs(started));
  }
  return {
    samples,
    p50Ms: round(percentile(times, 0.5), 1),
    p95Ms: round(percentile(times, 0.95), 1),
    maxMs: round(Math.max(...times), 1),
  };
}

/**
 * Between two timed reads, `count` organizations' usage changes (one statement, as a usage report
 * writes it), so each read also works out those organizations' kept lines again.
 */
async function changeUsage(db: Database, workspaceId: string, count: number, seed: number) {
  await db.execute(sql`
    update usage set quantity = quantity + 1
    where workspace_id = ${workspaceId} and organization_id in (
      select id from organizations where workspace_id = ${workspaceId}
      order by md5(id::text || ${String(seed)}) limit ${count})`);
}

/**
 * `report.monthP95Ms`: the Reports › Reconciliation page's data (getReconciliationReport: the first page
 * of lines and the totals of every line) for each of the last 12 months in turn, unfiltered, with
 * `changedBetweenReads` organizations' usage changed before each read; `dashboard.p95Ms`: the home
 * page's (getDashboard), the same way. `report.firstViewMs`: a month read for the first time (or after a
 * week unread), when all its lines are worked out.
 */
export async function measureReports(db: Database, size: ReportsBenchSize, log: (line: string) => void = console.log) {
  log(
    `reports: building ${size.organizations} organizations × ${size.products} products × ${size.days} days of history…`,
  );
  const built = await buildReportsWorkspace(db, size, log);
  const workspaceId = built.context.workspace.id;
  const months = monthsBack(12);
  const changedBetweenReads = Math.max(1, Math.round(size.organizations / 200));
  const firstView: number[] = [];
  for (const month of months) {
    const started = process.hrtime.bigint();
    await getReconciliationReport(built.context, { month });
    firstView.push(elapsedMs(started));
  }
  let lines = 0;
  let changeRound = 0;
  const change = () => changeUsage(db, workspaceId, changedBetweenReads, changeRound++);
  const report = await timeSamples(
    size.samples,
    async (index) => {
      const page = await getReconciliationReport(built.context, { month: months[index % months.length] });
      lines = Math.max(lines, page.matchingCount);
    },
    change,
  );
  const dashboard = await timeSamples(size.samples, () => getDashboard(built.context), change);
  // Informational: every line of the running month (the CSV export's and the API's data).
  let exportLines = 0;
  const exported = await timeSamples(
    Math.min(5, size.samples),
    async () => {
      exportLines = (await getReconciliationExport(built.context, { month: months[0] })).lines.length;
    },
    change,
  );
  return {
    size,
    ...built.counts,
    buildSeconds: built.timings,
    "report.monthP95Ms": report.p95Ms,
    "dashboard.p95Ms": dashboard.p95Ms,
    report: {
      ...report,
      months: months.length,
      linesPerMonth: lines,
      changedOrganizationsBetweenReads: changedBetweenReads,
      firstViewMs: { p50: round(percentile(firstView, 0.5), 1), max: round(Math.max(...firstView), 1) },
    },
    dashboard: { ...dashboard, changedOrganizationsBetweenReads: changedBetweenReads },
    export: { ...exported, lines: exportLines },
  };
}
