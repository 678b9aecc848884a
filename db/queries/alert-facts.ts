import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { mappings, organizations, syncChanges, syncRuns, usage, workspaces } from "../schema";

/** Every workspace id (the alert evaluation goes through them all). */
export async function listWorkspaceIds(db: Database): Promise<string[]> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).orderBy(workspaces.id);
  return rows.map((row) => row.id);
}

export async function findWorkspaceName(db: Database, params: { workspaceId: string }): Promise<string | null> {
  const [row] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, params.workspaceId));
  return row?.name ?? null;
}

/**
 * For each sync-enabled mapping: its organization, the states of its last `limit` finished runs (newest
 * first, previews left out), the last error, and when it last succeeded.
 */
export async function listMappingSyncHistory(db: Database, params: { workspaceId: string; limit: number }) {
  const rows = await db.execute<{
    mapping_id: string;
    organization_name: string;
    mapping_updated_at: string;
    states: string[] | null;
    last_error: string | null;
    last_success_at: string | null;
  }>(sql`
    select m.id as mapping_id, o.name as organization_name, m.updated_at as mapping_updated_at,
      (select array_agg(r.state order by r.queued_at desc) from (
          select state, queued_at from ${syncRuns}
          where workspace_id = m.workspace_id and mapping_id = m.id and dry_run = false
            and state in ('succeeded', 'failed')
          order by queued_at desc limit ${params.limit}) r) as states,
      (select error from ${syncRuns}
          where workspace_id = m.workspace_id and mapping_id = m.id and dry_run = false and state = 'failed'
          order by queued_at desc limit 1) as last_error,
      (select max(finished_at) from ${syncRuns}
          where workspace_id = m.workspace_id and mapping_id = m.id and dry_run = false
            and state = 'succeeded') as last_success_at
    from ${mappings} m join ${organizations} o on o.id = m.organization_id
    where m.workspace_id = ${params.workspaceId} and m.sync_enabled = true and m.cw_agreement_id is not null
  `);
  return rows.map((row) => ({
    mappingId: row.mapping_id,
    organizationName: row.organization_name,
    mappingUpdatedAt: new Date(row.mapping_updated_at),
    states: row.states ?? [],
    lastError: row.last_error,
    lastSuccessAt: row.last_success_at === null ? null : new Date(row.last_success_at),
  }));
}

/**
 * Active organizations with usage (a quantity above zero) and no complete mapping, with the time they
 * have been unmapped since: when the organization appeared, or when its mapping last changed.
 */
export async function listUnmappedOrganizationsWithUsage(db: Database, params: { workspaceId: string }) {
  const rows = await db.execute<{ organization_id: string; name: string; unmapped_since: string }>(sql`
    select o.id as organization_id, o.name, greatest(o.created_at, coalesce(m.updated_at, o.created_at)) as unmapped_since
    from ${organizations} o
    left join ${mappings} m on m.workspace_id = o.workspace_id and m.organization_id = o.id
    where o.workspace_id = ${params.workspaceId} and o.status = 'active'
      and (m.id is null or m.cw_agreement_id is null)
      and exists (select 1 from ${usage} u
                  where u.workspace_id = o.workspace_id and u.organization_id = o.id and u.quantity > 0)
  `);
  return rows.map((row) => ({
    organizationId: row.organization_id,
    name: row.name,
    unmappedSince: new Date(row.unmapped_since),
  }));
}

/** Drift Billbridge corrected (a hand edit overwritten) since `since`, per organization. */
export async function listDriftCorrections(db: Database, params: { workspaceId: string; since: Date }) {
  const rows = await db
    .select({ organizationName: organizations.name, corrections: sql<number>`count(*)::int` })
    .from(syncChanges)
    .innerJoin(syncRuns, eq(syncRuns.id, syncChanges.runId))
    .innerJoin(organizations, eq(organizations.id, syncRuns.organizationId))
    .where(
      and(
        eq(syncChanges.workspaceId, params.workspaceId),
        eq(syncChanges.result, "applied"),
        isNotNull(syncChanges.drift),
        gt(syncChanges.createdAt, params.since),
      ),
    )
    .groupBy(organizations.name)
    .orderBy(organizations.name);
  return rows;
}

/** Runs that failed since `since` (finished, not previews). */
export async function countFailedRuns(db: Database, params: { workspaceId: string; since: Date }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, params.workspaceId),
        eq(syncRuns.state, "failed"),
        eq(syncRuns.dryRun, false),
        gt(syncRuns.finishedAt, params.since),
      ),
    );
  return row?.count ?? 0;
}
