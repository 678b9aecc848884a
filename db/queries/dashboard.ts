import { sql } from "drizzle-orm";
import type { Database } from "@/db";

/**
 * The dashboard's figures beyond the mapping table's filter counts: organizations whose sync is on
 * without a successful run in two hours, unmapped organizations with usage, runs of the last 24 hours
 * by outcome, ConnectWise requests per hour, and the connection's status.
 */
export async function findDashboardFigures(db: Database, params: { workspaceId: string }) {
  const { workspaceId } = params;
  const [counts] = (await db.execute(sql`
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
  `)) as unknown as Array<{
    stale: number;
    unmappedWithUsage: number;
    connectionStatus: string | null;
    connectionReason: string | null;
  }>;
  const runs = (await db.execute(sql`
    select state as outcome, count(*)::int as count from sync_runs
    where workspace_id = ${workspaceId} and queued_at > now() - interval '24 hours' and not dry_run
    group by state order by state
  `)) as unknown as Array<{ outcome: string; count: number }>;
  const requests = (await db.execute(sql`
    select to_char(date_trunc('hour', queued_at), 'YYYY-MM-DD"T"HH24":00Z"') as hour,
           sum(jsonb_array_length(api_calls))::int as count
    from sync_runs
    where workspace_id = ${workspaceId} and queued_at > now() - interval '24 hours'
    group by 1 order by 1
  `)) as unknown as Array<{ hour: string; count: number }>;
  return { ...counts!, runs, requests };
}
