import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import {
  additionLedger,
  approvalPolicies,
  billingPolicies,
  catalogLinks,
  heldChanges,
  mappingBillingPolicies,
  mappings,
  organizations,
  products,
  psaConnections,
  syncChanges,
  syncRuns,
  syncSettings,
  defaultVerifyIntervalHours,
  usage,
  type RecordedApiCall,
  type SyncRun,
} from "../schema";

export type SyncTrigger = "schedule" | "manual" | "bulk" | "enable" | "preview" | "disable";
export type RunState = "queued" | "running" | "succeeded" | "failed";

/** The mapping with what a run needs to know about its organization. */
export async function findMappingForSync(db: Database, params: { workspaceId: string; mappingId: string }) {
  const [row] = await db
    .select({ mapping: mappings, organizationName: organizations.name, organizationStatus: organizations.status })
    .from(mappings)
    .innerJoin(
      organizations,
      and(eq(organizations.id, mappings.organizationId), eq(organizations.workspaceId, mappings.workspaceId)),
    )
    .where(and(eq(mappings.workspaceId, params.workspaceId), eq(mappings.id, params.mappingId)));
  return row ?? null;
}

/**
 * Everything a run reads before it starts, in one statement: the mapping, its organization's name, the
 * workspace's ConnectWise connection, the billing and approval policies in force (null where none), and
 * whether any change of the mapping is held for approval.
 */
export async function findSyncSettings(db: Database, params: { workspaceId: string; mappingId: string }) {
  const [row] = await db
    .select({
      mapping: mappings,
      organizationName: organizations.name,
      organizationStatus: organizations.status,
      connection: psaConnections,
      billingPolicy: billingPolicies,
      mappingBillingPolicy: mappingBillingPolicies,
      approvalPolicy: approvalPolicies,
      verifyIntervalHours: sql<number>`coalesce(${syncSettings.verifyIntervalHours}, ${defaultVerifyIntervalHours})::int`,
      hasHeldChanges: sql<boolean>`exists (select 1 from ${heldChanges} where ${heldChanges.workspaceId} = ${mappings.workspaceId} and ${heldChanges.mappingId} = ${mappings.id})`,
    })
    .from(mappings)
    .innerJoin(
      organizations,
      and(eq(organizations.id, mappings.organizationId), eq(organizations.workspaceId, mappings.workspaceId)),
    )
    .leftJoin(
      psaConnections,
      and(eq(psaConnections.workspaceId, mappings.workspaceId), eq(psaConnections.provider, "connectwise")),
    )
    .leftJoin(billingPolicies, eq(billingPolicies.workspaceId, mappings.workspaceId))
    .leftJoin(
      mappingBillingPolicies,
      and(
        eq(mappingBillingPolicies.workspaceId, mappings.workspaceId),
        eq(mappingBillingPolicies.mappingId, mappings.id),
      ),
    )
    .leftJoin(approvalPolicies, eq(approvalPolicies.workspaceId, mappings.workspaceId))
    .leftJoin(syncSettings, eq(syncSettings.workspaceId, mappings.workspaceId))
    .where(and(eq(mappings.workspaceId, params.workspaceId), eq(mappings.id, params.mappingId)));
  return row ?? null;
}

export type SyncSettings = NonNullable<Awaited<ReturnType<typeof findSyncSettings>>>;

export async function findMappingByOrganization(db: Database, params: { workspaceId: string; organizationId: string }) {
  const [row] = await db
    .select()
    .from(mappings)
    .where(and(eq(mappings.workspaceId, params.workspaceId), eq(mappings.organizationId, params.organizationId)));
  return row ?? null;
}

/** The ids among `mappingIds` that belong to the workspace (ids from a browser are never trusted). */
export async function filterWorkspaceMappingIds(
  db: Database,
  params: { workspaceId: string; mappingIds: string[] },
): Promise<string[]> {
  if (params.mappingIds.length === 0) return [];
  const rows = await db
    .select({ id: mappings.id })
    .from(mappings)
    .where(and(eq(mappings.workspaceId, params.workspaceId), inArray(mappings.id, params.mappingIds)));
  return rows.map((row) => row.id);
}

/**
 * The due mappings the scheduler enqueues now, found by the due-time index: enabled, fully mapped rows
 * whose next due time has passed, in workspaces with a working connection. Each workspace gets at most
 * `perWorkspaceLimit` queued runs (counting the ones already queued), and the list goes round-robin over
 * workspaces (every workspace's first due row, then every second one...), so one workspace's backlog
 * never holds another's back. Workspaces without a working connection are left out: a run could only fail.
 */
export async function listDueMappings(
  db: Database,
  params: { now: Date; limit: number; perWorkspaceLimit: number; workspaceId?: string },
) {
  const now = params.now.toISOString();
  const inWorkspace = params.workspaceId === undefined ? sql`` : sql`and m.workspace_id = ${params.workspaceId}`;
  const rows = await db.execute<{ id: string; workspace_id: string }>(sql`
    with due as (
      select m.id, m.workspace_id, m.next_due_at,
        row_number() over (partition by m.workspace_id order by m.next_due_at, m.id) as rank
      from ${mappings} m
      where m.sync_enabled and m.cw_agreement_id is not null and m.next_due_at is not null
        and m.next_due_at <= ${now}::timestamptz ${inWorkspace}
        and exists (
          select 1 from ${psaConnections} c
          where c.workspace_id = m.workspace_id and c.provider = 'connectwise' and c.status = 'connected'
        )
    ), queued as (
      select r.workspace_id, count(*)::int as queued
      from ${syncRuns} r
      where r.state = 'queued' and r.workspace_id in (select distinct workspace_id from due)
      group by r.workspace_id
    )
    select due.id, due.workspace_id
    from due left join queued on queued.workspace_id = due.workspace_id
    where due.rank <= ${params.perWorkspaceLimit} - coalesce(queued.queued, 0)
    order by due.rank, due.next_due_at, due.id
    limit ${params.limit}`);
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id }));
}

/**
 * Queues a scheduled run for each of these mappings that is still enabled, mapped and has no queued run,
 * in one transaction holding every mapping's enqueue lock (the lock "Sync now" takes), so no mapping
 * ever gets a second queued run. Every given mapping's next due time moves to `nextDueAt` (a mapping
 * with a run already queued is covered by it). A mapping "Sync all" asked for gets a "bulk" run, and
 * the request is taken. Returns the runs created.
 */
export async function insertScheduledRuns(
  db: Database,
  params: { mappingIds: readonly string[]; nextDueAt: Date },
): Promise<{ runId: string; mappingId: string; workspaceId: string; organizationId: string }[]> {
  if (params.mappingIds.length === 0) return [];
  const ids = sql`${`{${[...params.mappingIds].sort().join(",")}}`}::uuid[]`;
  return db.transaction(async (transaction) => {
    await transaction.execute(sql`
      select pg_advisory_xact_lock(hashtextextended('billbridge:enqueue:' || id::text, 0))
      from (select unnest(${ids}) as id order by 1) locked`);
    await transaction.execute(sql`
      update ${mappings} set next_due_at = ${params.nextDueAt.toISOString()}::timestamptz
      where id = any(${ids})`);
    const rows = await transaction.execute<{
      id: string;
      mapping_id: string;
      workspace_id: string;
      organization_id: string;
    }>(sql`
      insert into ${syncRuns} (workspace_id, mapping_id, organization_id, trigger, state, cw_agreement_id)
      select m.workspace_id, m.id, m.organization_id,
        case when m.sync_all_requested_at is not null then 'bulk' else 'schedule' end, 'queued', m.cw_agreement_id
      from ${mappings} m
      where m.id = any(${ids}) and m.sync_enabled and m.cw_agreement_id is not null
        and not exists (
          select 1 from ${syncRuns} r
          where r.workspace_id = m.workspace_id and r.mapping_id = m.id and r.state = 'queued'
        )
      returning id, mapping_id, workspace_id, organization_id`);
    if (rows.length > 0)
      await transaction.execute(sql`
        update ${mappings} set sync_all_requested_at = null
        where id = any(${`{${rows.map((row) => row.mapping_id).join(",")}}`}::uuid[]) and sync_all_requested_at is not null`);
    return rows.map((row) => ({
      runId: row.id,
      mappingId: row.mapping_id,
      workspaceId: row.workspace_id,
      organizationId: row.organization_id,
    }));
  });
}

/** Deletes queued runs whose job could not be queued (the job queue already held one for the mapping). */
export async function deleteQueuedRuns(db: Database, params: { runIds: readonly string[] }) {
  if (params.runIds.length === 0) return;
  await db.execute(sql`
    delete from ${syncRuns}
    where id = any(${`{${params.runIds.join(",")}}`}::uuid[]) and state = 'queued'`);
}

/** The mappings of these queued runs show them as their last run, and the console is told. */
export async function updateMappingsQueuedRuns(db: Database, params: { runIds: readonly string[]; queuedAt: Date }) {
  if (params.runIds.length === 0) return;
  await db.execute(sql`
    with updated as (
      update ${mappings} m
      set last_run_id = r.id, last_run_state = 'queued', last_run_at = ${params.queuedAt.toISOString()}::timestamptz,
        last_run_message = null, updated_at = now()
      from ${syncRuns} r
      where r.id = any(${`{${params.runIds.join(",")}}`}::uuid[]) and m.id = r.mapping_id
        and m.workspace_id = r.workspace_id
      returning m.workspace_id, m.organization_id
    )
    select pg_notify(${mappingStatusChannel}, workspace_id || ' ' || organization_id) from updated`);
}

/** The desired state's inputs: every product of the workspace with its catalog item and this organization's usage. */
export async function listProductsForSync(db: Database, params: { workspaceId: string; organizationId: string }) {
  return db
    .select({
      productId: products.id,
      sku: products.sku,
      name: products.name,
      active: products.active,
      cost: products.cost,
      suggestedPrice: products.suggestedPrice,
      catalogItemId: catalogLinks.cwCatalogItemId,
      quantity: usage.quantity,
    })
    .from(products)
    .innerJoin(
      catalogLinks,
      and(eq(catalogLinks.productId, products.id), eq(catalogLinks.workspaceId, products.workspaceId)),
    )
    .leftJoin(
      usage,
      and(
        eq(usage.productId, products.id),
        eq(usage.organizationId, params.organizationId),
        eq(usage.workspaceId, products.workspaceId),
      ),
    )
    .where(and(eq(products.workspaceId, params.workspaceId), isNotNull(catalogLinks.cwCatalogItemId)))
    .orderBy(asc(products.name));
}

export async function listLedger(db: Database, params: { workspaceId: string; mappingId: string }) {
  return db
    .select()
    .from(additionLedger)
    .where(and(eq(additionLedger.workspaceId, params.workspaceId), eq(additionLedger.mappingId, params.mappingId)));
}

/**
 * The ledger rows a run plans with, in one statement: every entry of the mapping (on any agreement) and
 * every entry on the agreement (other mappings' too).
 */
export async function listLedgerOfMappingAndAgreement(
  db: Database,
  params: { workspaceId: string; mappingId: string; cwAgreementId: number },
) {
  return db
    .select()
    .from(additionLedger)
    .where(
      and(
        eq(additionLedger.workspaceId, params.workspaceId),
        or(eq(additionLedger.mappingId, params.mappingId), eq(additionLedger.cwAgreementId, params.cwAgreementId)),
      ),
    );
}

export async function recordLedgerEntry(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    cwAgreementId: number;
    additionId: number;
    productId: string | null;
    quantity: number;
    unitPrice: number | null;
    unitCost: number | null;
  },
) {
  const values = {
    mappingId: params.mappingId,
    cwAgreementId: params.cwAgreementId,
    productId: params.productId,
    quantity: String(params.quantity),
    unitPrice: params.unitPrice === null ? null : String(params.unitPrice),
    unitCost: params.unitCost === null ? null : String(params.unitCost),
    writtenAt: new Date(),
  };
  await db
    .insert(additionLedger)
    .values({ workspaceId: params.workspaceId, additionId: params.additionId, ...values })
    .onConflictDoUpdate({ target: [additionLedger.workspaceId, additionLedger.additionId], set: values });
}

export async function findQueuedRun(db: Database, params: { workspaceId: string; mappingId: string }) {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, params.workspaceId),
        eq(syncRuns.mappingId, params.mappingId),
        eq(syncRuns.state, "queued"),
      ),
    )
    .orderBy(desc(syncRuns.queuedAt))
    .limit(1);
  return row ?? null;
}

/**
 * Runs of every workspace queued before `queuedBefore` and still queued, oldest first: the candidates
 * for a lost job. A run whose job is lost never leaves this list, so it reaches its front.
 */
export async function listQueuedRunsBefore(db: Database, params: { queuedBefore: Date; limit: number }) {
  return db
    .select({
      id: syncRuns.id,
      workspaceId: syncRuns.workspaceId,
      mappingId: syncRuns.mappingId,
      trigger: syncRuns.trigger,
    })
    .from(syncRuns)
    .where(and(eq(syncRuns.state, "queued"), lt(syncRuns.queuedAt, params.queuedBefore)))
    .orderBy(asc(syncRuns.queuedAt))
    .limit(params.limit);
}

export async function insertQueuedRun(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    organizationId: string;
    trigger: SyncTrigger;
    cwAgreementId: number | null;
  },
): Promise<SyncRun> {
  const [row] = await db
    .insert(syncRuns)
    .values({
      workspaceId: params.workspaceId,
      mappingId: params.mappingId,
      organizationId: params.organizationId,
      trigger: params.trigger,
      state: "queued",
      cwAgreementId: params.cwAgreementId,
    })
    .returning();
  return row!;
}

export async function deleteRun(db: Database, params: { workspaceId: string; runId: string }) {
  await db.delete(syncRuns).where(and(eq(syncRuns.workspaceId, params.workspaceId), eq(syncRuns.id, params.runId)));
}

export async function findRun(db: Database, params: { workspaceId: string; runId: string }) {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, params.workspaceId), eq(syncRuns.id, params.runId)));
  return row ?? null;
}

export async function updateRun(
  db: Database,
  params: {
    workspaceId: string;
    runId: string;
    values: Partial<
      Pick<
        SyncRun,
        | "state"
        | "startedAt"
        | "finishedAt"
        | "attempt"
        | "apiCalls"
        | "summary"
        | "error"
        | "errorCode"
        | "cwAgreementId"
      >
    >;
  },
) {
  await db
    .update(syncRuns)
    .set(params.values)
    .where(and(eq(syncRuns.workspaceId, params.workspaceId), eq(syncRuns.id, params.runId)));
}

/** Appends calls to a run's record in one statement, so concurrent writers never lose each other's calls. */
export async function appendRunApiCalls(
  db: Database,
  params: { workspaceId: string; runId: string; calls: RecordedApiCall[] },
) {
  if (params.calls.length === 0) return;
  await db
    .update(syncRuns)
    .set({ apiCalls: sql`${syncRuns.apiCalls} || ${JSON.stringify(params.calls)}::jsonb` })
    .where(and(eq(syncRuns.workspaceId, params.workspaceId), eq(syncRuns.id, params.runId)));
}

export type NewSyncChange = Omit<typeof syncChanges.$inferInsert, "id" | "createdAt" | "workspaceId" | "runId">;

export async function insertRunChanges(
  db: Database,
  params: { workspaceId: string; runId: string; changes: NewSyncChange[] },
) {
  if (params.changes.length === 0) return;
  await db
    .insert(syncChanges)
    .values(params.changes.map((change) => ({ ...change, workspaceId: params.workspaceId, runId: params.runId })));
}

export async function updateMappingRunStatus(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    /** Only when the mapping's latest run is still this one: a newer queued run must keep showing. */
    onlyIfLastRunId?: string;
    values: Partial<
      Pick<
        typeof mappings.$inferSelect,
        | "lastRunId"
        | "lastRunState"
        | "lastRunAt"
        | "lastRunMessage"
        | "nextDueAt"
        | "desiredFingerprint"
        | "syncAllRequestedAt"
      >
    >;
  },
) {
  // The update and the announcement of it in one statement.
  const update = db
    .update(mappings)
    .set({ ...params.values, updatedAt: new Date() })
    .where(
      and(
        eq(mappings.workspaceId, params.workspaceId),
        eq(mappings.id, params.mappingId),
        params.onlyIfLastRunId === undefined ? undefined : eq(mappings.lastRunId, params.onlyIfLastRunId),
      ),
    )
    .returning({ organizationId: mappings.organizationId });
  await db.execute(
    sql`with updated as (${update.getSQL()}) select pg_notify(${mappingStatusChannel}, ${params.workspaceId}::text || ' ' || updated.organization_id::text) from updated`,
  );
}

/** The channel on which every change of a mapping's run status is announced (payload: "workspaceId organizationId"). */
export const mappingStatusChannel = "billbridge_mapping_status";

/** Tells every listening process (the console's live status stream) that an organization's run status changed. */
export async function notifyMappingStatus(db: Database, params: { workspaceId: string; organizationId: string }) {
  await db.execute(sql`select pg_notify(${mappingStatusChannel}, ${`${params.workspaceId} ${params.organizationId}`})`);
}

export interface DriftCorrection {
  productName: string;
  lastWritten: number;
  found: number;
  writtenNow: number | null;
}

/**
 * The hand edits in ConnectWise that the given runs overwrote (drift corrected), per run: the product,
 * what Billbridge had written, what ConnectWise had, and what the run wrote back.
 */
export async function listDriftCorrections(db: Database, params: { workspaceId: string; runIds: readonly string[] }) {
  const byRun = new Map<string, DriftCorrection[]>();
  if (params.runIds.length === 0) return byRun;
  const rows = await db
    .select({
      runId: syncChanges.runId,
      productName: products.name,
      drift: syncChanges.drift,
      after: syncChanges.after,
    })
    .from(syncChanges)
    .leftJoin(products, and(eq(products.id, syncChanges.productId), eq(products.workspaceId, syncChanges.workspaceId)))
    .where(
      and(
        eq(syncChanges.workspaceId, params.workspaceId),
        inArray(syncChanges.runId, [...params.runIds]),
        isNotNull(syncChanges.drift),
        inArray(syncChanges.action, ["update", "zero", "cancel"]),
        eq(syncChanges.result, "applied"),
      ),
    )
    .orderBy(asc(syncChanges.createdAt));
  for (const row of rows) {
    if (!row.drift) continue;
    const after = row.after as { quantity?: unknown; cancelledDate?: unknown } | null;
    const list = byRun.get(row.runId) ?? [];
    list.push({
      productName: row.productName ?? "A retired product",
      lastWritten: row.drift.lastWritten,
      found: row.drift.found,
      writtenNow: after?.cancelledDate ? null : after?.quantity == null ? null : Number(after.quantity),
    });
    byRun.set(row.runId, list);
  }
  return byRun;
}

/**
 * Live additions Billbridge wrote for each organization, as of its latest finished run (not a preview):
 * what "turn sync off and cancel the additions" would cancel.
 */
export async function countOwnedLiveAdditions(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[] },
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (params.organizationIds.length === 0) return counts;
  const rows = await db.execute<{ organization_id: string; live: number }>(sql`
    select latest.organization_id, count(c.run_id)::int as live
    from (
      select distinct on (r.organization_id) r.organization_id, r.id
      from ${syncRuns} r
      where r.workspace_id = ${params.workspaceId}
        and r.organization_id in ${[...params.organizationIds]}
        and r.finished_at is not null and r.trigger <> 'preview'
      order by r.organization_id, r.finished_at desc
    ) latest
    left join ${syncChanges} c on c.workspace_id = ${params.workspaceId} and c.run_id = latest.id
      and c.addition_id is not null
      and (
        (c.action in ('update', 'zero', 'none', 'drift') and coalesce(c.after ->> 'cancelledDate', '') = '')
        or (c.action = 'create' and c.result = 'applied')
      )
    group by latest.organization_id`);
  for (const row of rows) counts.set(row.organization_id, Number(row.live));
  return counts;
}

/** The newest runs of one mapping, with their changes, for the run details page. */
export async function listRunsWithChanges(
  db: Database,
  params: { workspaceId: string; mappingId: string; limit: number },
) {
  const runs = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, params.workspaceId), eq(syncRuns.mappingId, params.mappingId)))
    .orderBy(desc(syncRuns.queuedAt))
    .limit(params.limit);
  if (runs.length === 0) return [];
  const changes = await db
    .select({ change: syncChanges, productName: products.name })
    .from(syncChanges)
    .leftJoin(products, and(eq(products.id, syncChanges.productId), eq(products.workspaceId, syncChanges.workspaceId)))
    .where(
      and(
        eq(syncChanges.workspaceId, params.workspaceId),
        inArray(
          syncChanges.runId,
          runs.map((run) => run.id),
        ),
      ),
    )
    .orderBy(asc(syncChanges.createdAt));
  return runs.map((run) => ({
    run,
    changes: changes
      .filter((row) => row.change.runId === run.id)
      .map((row) => ({ ...row.change, productName: row.productName })),
  }));
}

export async function findOrganizationWithMapping(
  db: Database,
  params: { workspaceId: string; organizationId: string },
) {
  const [row] = await db
    .select({ organization: organizations, mapping: mappings })
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, organizations.workspaceId)),
    )
    .where(and(eq(organizations.workspaceId, params.workspaceId), eq(organizations.id, params.organizationId)));
  return row ?? null;
}

/** Catalog item ids of the workspace's products, by product id, for naming retired additions. */
export async function listCatalogItemProducts(db: Database, params: { workspaceId: string }) {
  return db
    .select({ productId: catalogLinks.productId, catalogItemId: catalogLinks.cwCatalogItemId, name: products.name })
    .from(catalogLinks)
    .innerJoin(products, eq(products.id, catalogLinks.productId))
    .where(and(eq(catalogLinks.workspaceId, params.workspaceId), isNotNull(catalogLinks.cwCatalogItemId)));
}

/** Every mapping of the workspace on one agreement, with its organization's name, for shared-agreement ownership. */
export async function listMappingsOnAgreement(db: Database, params: { workspaceId: string; cwAgreementId: number }) {
  return db
    .select({ mappingId: mappings.id, organizationName: organizations.name, syncEnabled: mappings.syncEnabled })
    .from(mappings)
    .innerJoin(
      organizations,
      and(eq(organizations.id, mappings.organizationId), eq(organizations.workspaceId, mappings.workspaceId)),
    )
    .where(and(eq(mappings.workspaceId, params.workspaceId), eq(mappings.cwAgreementId, params.cwAgreementId)))
    .orderBy(asc(mappings.createdAt));
}

/**
 * After a successful run: the desired state it left on the agreement, when it read the agreement, when
 * it must be read again, and when the scheduler next looks at the mapping. A change reported while the run was going (the
 * mapping made due again, at or before now) keeps it due.
 */
export async function updateMappingVerifiedState(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    desiredFingerprint: string;
    verifiedAt: Date;
    verifyDueAt: Date;
    nextDueAt: Date;
  },
) {
  await db
    .update(mappings)
    .set({
      desiredFingerprint: params.desiredFingerprint,
      verifiedAt: params.verifiedAt,
      // "Sync all" pressed while the run was going asked for a read after it: that request stands.
      verifyDueAt: sql`case when ${mappings.verifyDueAt} is not null and ${mappings.verifyDueAt} > ${params.verifiedAt.toISOString()}::timestamptz and ${mappings.verifyDueAt} <= now() then ${mappings.verifyDueAt} else ${params.verifyDueAt.toISOString()}::timestamptz end`,
      nextDueAt: sql`case when ${mappings.nextDueAt} is not null and ${mappings.nextDueAt} <= now() then ${mappings.nextDueAt} else ${params.nextDueAt.toISOString()}::timestamptz end`,
    })
    .where(and(eq(mappings.workspaceId, params.workspaceId), eq(mappings.id, params.mappingId)));
}

/**
 * "Sync all": every enabled, fully mapped row of the workspace must read its agreement, whatever runs
 * it (its verify read is due now). A row without a queued run is made due now and asked for a "bulk"
 * run, which the scheduler queues with its fairness; a row whose run is already queued is covered by
 * that run. Returns how many rows there are and how many of them already had a run queued.
 */
export async function updateMappingsForSyncAll(
  db: Database,
  params: { workspaceId: string; now: Date },
): Promise<{ mappings: number; alreadyQueued: number }> {
  const now = params.now.toISOString();
  const [row] = await db.execute<{ mappings: number; already_queued: number }>(sql`
    with marked as (
      update ${mappings} m
      set verify_due_at = ${now}::timestamptz,
        next_due_at = case when q.queued then m.next_due_at else least(coalesce(m.next_due_at, ${now}::timestamptz), ${now}::timestamptz) end,
        sync_all_requested_at = case when q.queued then m.sync_all_requested_at else ${now}::timestamptz end
      from (
        select m2.id, exists (
          select 1 from ${syncRuns} r
          where r.workspace_id = m2.workspace_id and r.mapping_id = m2.id and r.state = 'queued'
        ) as queued
        from ${mappings} m2
        where m2.workspace_id = ${params.workspaceId} and m2.sync_enabled and m2.cw_agreement_id is not null
      ) q
      where m.id = q.id and m.workspace_id = ${params.workspaceId}
      returning q.queued
    )
    select count(*)::int as mappings, count(*) filter (where queued)::int as already_queued from marked`);
  return { mappings: Number(row?.mappings ?? 0), alreadyQueued: Number(row?.already_queued ?? 0) };
}
