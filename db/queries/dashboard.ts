import { sql } from "drizzle-orm";
import type { Database } from "@/db";

/**
 * The dashboard's figures beyond the mapping table's filter counts: organizations whose sync is on
 * without a successful run in two hours, unmapped organizations with usage, runs of the last 24 hours
 * by outcome, ConnectWise requests per hour, and the connection's status.
 */
export async function findDashboardFigures(db: Database, params: { workspaceId: string }) {
  const { workspaceId } = params;
  // The counts and the last 24 hours' runs are independent: both statements at once; the runs' one
  // scan gives both charts (runs by outcome, previews excluded; requests per hour, previews included),
  // grouped by the hour as a timestamp and only the groups formatted.
  const [[counts], hours] = await Promise.all([
    db.execute(sql`
    select
      (select count(*)::int from mappings m
        join organizations o on o.id = m.organization_id and o.status <> 'deleted'
        where m.workspace_id = ${workspaceId} and m.sync_enabled
          and not exists (select 1 from sync_runs r where r.mapping_id = m.id and r.state = 'succeeded'
                          and r.finished_at > now() - interval '2 hours')) as stale,
      (select count(*)::int from organizations o
        where o.workspace_id = ${workspaceId} and o.status <> 'deleted'
          and not exists (select 1 from mappings m where m.organization_id = o.id and m.workspace_id = ${workspaceId}
                          and m.cw_company_id is not null)
          and exists (select 1 from usage u where u.organization_id = o.id and u.quantity > 0)) as "unmappedWithUsage",
      (select status::text from psa_connections where workspace_id = ${workspaceId} limit 1) as "connectionStatus",
      (select status_reason from psa_connections where workspace_id = ${workspaceId} limit 1) as "connectionReason"
  `) as unknown as Promise<
      Array<{
        stale: number;
        unmappedWithUsage: number;
        connectionStatus: string | null;
        connectionReason: string | null;
      }>
    >,
    db.execute(sql`
    select to_char(hour, 'YYYY-MM-DD"T"HH24":00Z"') as hour, outcome, "dryRun", runs, requests
    from (select date_trunc('hour', queued_at) as hour, state as outcome, dry_run as "dryRun",
                 count(*)::int as runs, sum(jsonb_array_length(api_calls))::int as requests
          from sync_runs
          where workspace_id = ${workspaceId} and queued_at > now() - interval '24 hours'
          group by 1, 2, 3) by_hour
  `) as unknown as Promise<Array<{ hour: string; outcome: string; dryRun: boolean; runs: number; requests: number }>>,
  ]);
  const runsByOutcome = new Map<string, number>();
  const requestsByHour = new Map<string, number>();
  for (const row of hours) {
    if (!row.dryRun) runsByOutcome.set(row.outcome, (runsByOutcome.get(row.outcome) ?? 0) + row.runs);
    requestsByHour.set(row.hour, (requestsByHour.get(row.hour) ?? 0) + (row.requests ?? 0));
  }
  const runs = [...runsByOutcome]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([outcome, count]) => ({ outcome, count }));
  const requests = [...requestsByHour]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([hour, count]) => ({ hour, count }));
  return { ...counts!, runs, requests };
}
