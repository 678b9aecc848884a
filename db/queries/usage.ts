import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { Database } from "../index";
import { organizations, usage, usageHistory } from "../schema";

/**
 * Copies current usage into usage_history for `day`: the day's `quantity` becomes the latest figure
 * and its `peak_quantity` the highest seen that day. Scoped to one workspace (and one organization)
 * when given, otherwise every workspace (the daily job). Sync runs observe their organization too, so
 * the history has each day's peak at the resolution of the runs.
 */
export async function recordUsageSnapshot(
  db: Database,
  params: { workspaceId?: string; organizationId?: string; day: string },
): Promise<number> {
  // Drizzle's insert…select wants every column, identity included; plain SQL says it directly.
  const filters = [
    params.workspaceId ? sql`${usage.workspaceId} = ${params.workspaceId}` : null,
    params.organizationId ? sql`${usage.organizationId} = ${params.organizationId}` : null,
  ].filter((filter) => filter !== null);
  const rows = await db.execute(sql`
    insert into ${usageHistory} (workspace_id, organization_id, product_id, day, quantity, peak_quantity, recorded_at)
    select ${usage.workspaceId}, ${usage.organizationId}, ${usage.productId}, ${params.day}::date, ${usage.quantity}, ${usage.quantity}, now()
    from ${usage}
    ${filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
    on conflict (organization_id, product_id, day)
    do update set quantity = excluded.quantity,
      peak_quantity = greatest(coalesce(usage_history.peak_quantity, usage_history.quantity), excluded.quantity),
      recorded_at = excluded.recorded_at
    returning id`);
  return rows.length;
}

/** One organization's usage history from `from` to `to` (YYYY-MM-DD, inclusive), oldest first. */
export async function listUsageHistory(
  db: Database,
  params: { workspaceId: string; organizationId: string; from: string; to: string },
) {
  return db
    .select({
      productId: usageHistory.productId,
      day: usageHistory.day,
      quantity: usageHistory.quantity,
      peakQuantity: usageHistory.peakQuantity,
    })
    .from(usageHistory)
    .where(
      and(
        eq(usageHistory.workspaceId, params.workspaceId),
        eq(usageHistory.organizationId, params.organizationId),
        gte(usageHistory.day, params.from),
        lte(usageHistory.day, params.to),
      ),
    )
    .orderBy(asc(usageHistory.day));
}

export async function countUsageHistory(db: Database, params: { workspaceId: string; day: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(usageHistory)
    .where(and(eq(usageHistory.workspaceId, params.workspaceId), eq(usageHistory.day, params.day)));
  return row?.count ?? 0;
}

/** A PostgreSQL array literal of values that need no quoting (uuids, numbers), sent as one parameter. */
function arrayLiteral(values: ReadonlyArray<string | number>): string {
  return `{${values.join(",")}}`;
}

/**
 * Locks the workspace's organizations about to receive usage (so two reports of one organization apply
 * one after the other) and returns the `asOf` of the newest snapshot each has.
 */
export async function lockOrganizationsForUsage(
  db: Database,
  params: { workspaceId: string; organizationIds: string[] },
): Promise<Map<string, Date | null>> {
  const rows = await db.execute<{ id: string; usage_as_of: string | null }>(sql`
    select id, usage_as_of from ${organizations}
    where ${organizations.workspaceId} = ${params.workspaceId}
      and ${organizations.id} = any(${arrayLiteral(params.organizationIds)}::uuid[])
    order by id
    for update`);
  return new Map(rows.map((row) => [row.id, row.usage_as_of === null ? null : new Date(row.usage_as_of)]));
}

/**
 * Replaces the usage of the given organizations with full snapshots (products not listed, or listed
 * with 0, have no usage) in three set-based statements, touching only organizations whose usage
 * actually differs. Returns the ids of those organizations.
 */
export async function replaceUsageSnapshots(
  db: Database,
  params: {
    workspaceId: string;
    organizationIds: string[];
    rows: { organizationId: string; productId: string; quantity: number }[];
    measuredAt: Date;
  },
): Promise<string[]> {
  if (params.organizationIds.length === 0) return [];
  const positive = params.rows.filter((row) => row.quantity > 0);
  const input = sql`unnest(
      ${arrayLiteral(positive.map((row) => row.organizationId))}::uuid[],
      ${arrayLiteral(positive.map((row) => row.productId))}::uuid[],
      ${arrayLiteral(positive.map((row) => row.quantity))}::numeric[]
    ) as input(organization_id, product_id, quantity)`;
  const changedRows = await db.execute<{ organization_id: string }>(sql`
    with reported as (select * from ${input}),
    stored as (
      select ${usage.organizationId} as organization_id, ${usage.productId} as product_id, ${usage.quantity} as quantity
      from ${usage}
      join unnest(${arrayLiteral(params.organizationIds)}::uuid[]) as reporting(id) on reporting.id = ${usage.organizationId}
      where ${usage.workspaceId} = ${params.workspaceId} and ${usage.quantity} > 0
    )
    select distinct coalesce(reported.organization_id, stored.organization_id) as organization_id
    from reported full join stored
      on stored.organization_id = reported.organization_id and stored.product_id = reported.product_id
    where reported.quantity is distinct from stored.quantity`);
  const changed = changedRows.map((row) => row.organization_id);
  if (changed.length === 0) return [];
  const changedLiteral = arrayLiteral(changed);
  await db.execute(sql`
    delete from ${usage}
    using unnest(${changedLiteral}::uuid[]) as changed(id)
    where ${usage.workspaceId} = ${params.workspaceId}
      and ${usage.organizationId} = changed.id
      and not exists (
        select 1 from ${input}
        where input.organization_id = ${usage.organizationId} and input.product_id = ${usage.productId}
      )`);
  await db.execute(sql`
    insert into ${usage} (workspace_id, organization_id, product_id, quantity, measured_at)
    select ${params.workspaceId}::uuid, input.organization_id, input.product_id, input.quantity,
      ${params.measuredAt.toISOString()}::timestamptz
    from ${input}
    join unnest(${changedLiteral}::uuid[]) as changed(id) on changed.id = input.organization_id
    on conflict (organization_id, product_id)
    do update set quantity = excluded.quantity, measured_at = excluded.measured_at
    where ${usage.quantity} is distinct from excluded.quantity`);
  return changed;
}

/**
 * Records that the organizations reported usage now; those in `currentIds` (not stale) also get `asOf`
 * as the time of their newest snapshot. Joined with the id lists, so 10,000 ids stay one hash join.
 */
export async function updateOrganizationsUsageReported(
  db: Database,
  params: { workspaceId: string; reportedIds: string[]; currentIds: string[]; asOf: Date },
): Promise<void> {
  const current = new Set(params.currentIds);
  const staleIds = params.reportedIds.filter((id) => !current.has(id));
  if (params.currentIds.length > 0)
    await db.execute(sql`
      update ${organizations}
      set usage_reported_at = now(), usage_as_of = ${params.asOf.toISOString()}::timestamptz
      from unnest(${arrayLiteral(params.currentIds)}::uuid[]) as reported(id)
      where ${organizations.workspaceId} = ${params.workspaceId} and ${organizations.id} = reported.id`);
  if (staleIds.length > 0)
    await db.execute(sql`
      update ${organizations}
      set usage_reported_at = now()
      from unnest(${arrayLiteral(staleIds)}::uuid[]) as reported(id)
      where ${organizations.workspaceId} = ${params.workspaceId} and ${organizations.id} = reported.id`);
}
