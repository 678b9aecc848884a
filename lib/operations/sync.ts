/**
 * The usage sync's operations: enqueueing runs (deduplicated per mapping), the scheduler's
 * due-mapping sweep, "turn sync off" cancellation, and the workspace actions Sync now, Sync all and
 * Preview. The mapping table calls `enqueueOrganizationSync` and `cancelOwnedAdditions`.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { findConnection } from "@/db/queries/connections";
import {
  deleteRun,
  filterWorkspaceMappingIds,
  findOrganizationWithMapping,
  listCatalogItemProducts,
  listRunsWithChanges,
  findMappingForSync,
  findQueuedRun,
  insertQueuedRun,
  insertRunChanges,
  listDueMappings,
  listEnabledMappingIds,
  listLedger,
  updateMappingRunStatus,
  updateRun,
  type NewSyncChange,
} from "@/db/queries/sync";
import { organizationSyncJob } from "@/jobs/definitions/organization-sync";
import { sendJob } from "@/jobs/runtime";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { SafeError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/auth/context";
import { describePlannedChange, describeRecordedChange, type ChangeLine } from "@/lib/sync/describe-changes";
import { withMappingLockWaiting } from "@/lib/sync/mapping-lock";
import { isLiveAddition, type PlanSummary } from "@/lib/sync/plan-agreement-changes";
import {
  classifySyncFailure,
  loadSyncContext,
  PermanentSyncError,
  previewOrganizationSync,
  today,
  TransientSyncError,
} from "@/lib/sync/run-organization-sync";
import { computeNextDueAt, resolveScheduleOffsetSeconds } from "@/lib/sync/schedule";

export type EnqueueTrigger = "manual" | "schedule" | "bulk" | "enable";

export interface EnqueueResult {
  runId: string;
  /** True when a run of this mapping was already queued and is reused. */
  deduplicated: boolean;
}

/**
 * Queues a sync of one mapping and returns its run id. When a run of the mapping is already queued
 * (not yet running) that run is returned instead, so pressing "Sync now" ten times queues one run.
 * Throws SafeError when the mapping is not in the workspace, has no agreement, has sync turned off,
 * or the workspace has no working ConnectWise connection.
 */
export async function enqueueOrganizationSync(
  db: Database,
  params: { workspaceId: string; mappingId: string; trigger: EnqueueTrigger },
): Promise<EnqueueResult> {
  const found = await findMappingForSync(db, { workspaceId: params.workspaceId, mappingId: params.mappingId });
  if (!found) throw new SafeError("That organization mapping was not found.", "not-found");
  const { mapping } = found;
  if (mapping.cwAgreementId === null) {
    throw new SafeError(
      `Choose a ConnectWise company and agreement for ${found.organizationName} before syncing it.`,
      "agreement-not-mapped",
    );
  }
  if (!mapping.syncEnabled)
    throw new SafeError(`Turn sync on for ${found.organizationName} before syncing it.`, "sync-disabled");
  const connection = await findConnection(db, { workspaceId: params.workspaceId });
  if (!connection || connection.status === "disconnected") {
    throw new SafeError("ConnectWise is not connected. Connect it in Settings › Integrations first.", "not-connected");
  }

  // Serialize enqueues of one mapping so two clicks cannot both see "nothing queued".
  const created = await db.transaction(async (transaction) => {
    await transaction.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`billbridge:enqueue:${mapping.id}`}, 0))`,
    );
    const queued = await findQueuedRun(transaction, { workspaceId: params.workspaceId, mappingId: mapping.id });
    if (queued) return { run: queued, deduplicated: true };
    const run = await insertQueuedRun(transaction, {
      workspaceId: params.workspaceId,
      mappingId: mapping.id,
      organizationId: mapping.organizationId,
      trigger: params.trigger,
      cwAgreementId: mapping.cwAgreementId,
    });
    return { run, deduplicated: false };
  });
  if (created.deduplicated) return { runId: created.run.id, deduplicated: true };

  const jobId = await sendJob(
    organizationSyncJob,
    { workspaceId: params.workspaceId, mappingId: mapping.id, runId: created.run.id },
    { singletonKey: mapping.id },
  );
  if (jobId === null) {
    // pg-boss already holds a waiting job for this mapping (its run is the queued one we missed).
    await deleteRun(db, { workspaceId: params.workspaceId, runId: created.run.id });
    const queued = await findQueuedRun(db, { workspaceId: params.workspaceId, mappingId: mapping.id });
    if (queued) return { runId: queued.id, deduplicated: true };
    throw new SafeError(
      "A sync of this organization is already waiting to start. Try again in a moment.",
      "already-queued",
    );
  }
  const now = new Date();
  await updateMappingRunStatus(db, {
    workspaceId: params.workspaceId,
    mappingId: mapping.id,
    values: {
      lastRunId: created.run.id,
      lastRunState: "queued",
      lastRunAt: now,
      lastRunMessage: null,
      // The tick must not enqueue it again while it waits; the run's start sets the real next slot.
      nextDueAt: computeNextDueAt(now, resolveScheduleOffsetSeconds(mapping)),
    },
  });
  return { runId: created.run.id, deduplicated: false };
}

const enqueueParallelism = 8;

/** The scheduler tick: enqueue every due mapping. One mapping's failure to enqueue never stops the others. */
export async function enqueueDueSyncs(
  db: Database,
  params: { now: Date; limit?: number },
): Promise<{ due: number; enqueued: number; failed: number }> {
  const due = await listDueMappings(db, { now: params.now, limit: params.limit ?? 5000 });
  let enqueued = 0;
  let failed = 0;
  // A few enqueues at a time: each is a handful of short queries, and due mappings never repeat.
  for (let start = 0; start < due.length; start += enqueueParallelism) {
    await Promise.all(
      due.slice(start, start + enqueueParallelism).map(async (mapping) => {
        try {
          await enqueueOrganizationSync(db, {
            workspaceId: mapping.workspaceId,
            mappingId: mapping.id,
            trigger: "schedule",
          });
          enqueued += 1;
        } catch (error) {
          failed += 1;
          console.error(
            `[sync] could not enqueue mapping ${mapping.id}:`,
            error instanceof Error ? error.message : error,
          );
        }
      }),
    );
  }
  return { due: due.length, enqueued, failed };
}

export interface CancelOwnedResult {
  runId: string;
  cancelled: number;
  failed: number;
  error: string | null;
}

/**
 * "Turn sync off": cancels (sets the cancelled date of) every live addition Billbridge wrote on the
 * mapping's agreement, as recorded in the addition ledger; additions of other products and ones we
 * never wrote are left alone. Waits up to 30 s for a running sync of the mapping, and records what it
 * did as a run with trigger "disable". Throws SafeError with an actionable message when it cannot start.
 */
export async function cancelOwnedAdditions(
  db: Database,
  params: { workspaceId: string; mappingId: string },
): Promise<CancelOwnedResult> {
  const found = await findMappingForSync(db, params);
  if (!found) throw new SafeError("That organization mapping was not found.", "not-found");
  const { mapping } = found;
  if (mapping.cwAgreementId === null)
    throw new SafeError("This organization has no agreement, so there is nothing to cancel.", "agreement-not-mapped");
  const locked = await withMappingLockWaiting(db, { mappingId: mapping.id, timeoutMs: 30_000 }, async () => {
    const run = await insertQueuedRun(db, {
      workspaceId: params.workspaceId,
      mappingId: mapping.id,
      organizationId: mapping.organizationId,
      trigger: "disable",
      cwAgreementId: mapping.cwAgreementId,
    });
    const startedAt = new Date();
    await updateRun(db, {
      workspaceId: params.workspaceId,
      runId: run.id,
      values: { state: "running", startedAt, attempt: 1 },
    });
    const recorded: NewSyncChange[] = [];
    let calls: { method: string; path: string; status: number | null; durationMs: number; attempt?: number }[] = [];
    let error: string | null = null;
    let errorCode: string | null = null;
    try {
      const context = await loadSyncContext(db, params);
      calls = context.calls;
      const ledger = await listLedger(db, params);
      const ours = new Map(
        ledger.filter((entry) => entry.cwAgreementId === context.agreementId).map((entry) => [entry.additionId, entry]),
      );
      const additions = await context.client.listAdditions(context.agreementId);
      const cancelledDate = today();
      for (const addition of additions) {
        const entry = ours.get(addition.id);
        if (!entry || !isLiveAddition(addition)) continue;
        const before = { quantity: addition.quantity, unitPrice: addition.unitPrice, unitCost: addition.unitCost };
        const base = {
          productId: entry.productId,
          catalogItemId: addition.catalogItemId,
          action: "cancel",
          additionId: addition.id,
          before,
          drift: null,
        };
        try {
          await context.client.cancelAddition(context.agreementId, addition.id, cancelledDate);
          recorded.push({
            ...base,
            after: { ...before, cancelledDate },
            result: "applied",
            message: "Sync was turned off.",
          });
        } catch (failure) {
          const classified = classifySyncFailure(failure, {
            agreementId: context.agreementId,
            agreementName: mapping.cwAgreementName,
          });
          recorded.push({ ...base, after: null, result: "failed", message: classified.message });
          error ??= classified.message;
          errorCode ??= classified.code;
          if (classified.code === "bad-credentials" || classified.code === "agreement-missing") break;
        }
      }
    } catch (failure) {
      const classified =
        failure instanceof PermanentSyncError || failure instanceof TransientSyncError
          ? failure
          : classifySyncFailure(failure, {
              agreementId: mapping.cwAgreementId!,
              agreementName: mapping.cwAgreementName,
            });
      error = classified.message;
      errorCode = classified.code;
    }
    await insertRunChanges(db, { workspaceId: params.workspaceId, runId: run.id, changes: recorded });
    const cancelled = recorded.filter((change) => change.result === "applied").length;
    const failed = recorded.filter((change) => change.result === "failed").length;
    const finishedAt = new Date();
    await updateRun(db, {
      workspaceId: params.workspaceId,
      runId: run.id,
      values: {
        state: error ? "failed" : "succeeded",
        finishedAt,
        summary: { cancel: cancelled, failed, apiCalls: calls.length },
        error,
        errorCode,
        apiCalls: calls,
      },
    });
    await updateMappingRunStatus(db, {
      workspaceId: params.workspaceId,
      mappingId: mapping.id,
      values: {
        lastRunId: run.id,
        lastRunState: error ? "failed" : "succeeded",
        lastRunAt: finishedAt,
        lastRunMessage:
          error ?? (cancelled === 0 ? "Sync turned off; nothing to cancel" : `Sync turned off; ${cancelled} cancelled`),
      },
    });
    return { runId: run.id, cancelled, failed, error };
  });
  if (!locked.acquired)
    throw new SafeError("A sync of this organization is still running. Try again in a minute.", "run-in-progress");
  return locked.value;
}

const mappingIdsSchema = z.object({ mappingIds: z.array(z.uuid()).min(1).max(500) }).strict();

export interface SyncNowResult {
  queued: { mappingId: string; runId: string; deduplicated: boolean }[];
  refused: { mappingId: string; error: string }[];
}

async function enqueueMany(
  db: Database,
  workspaceId: string,
  mappingIds: string[],
  trigger: EnqueueTrigger,
): Promise<SyncNowResult> {
  const result: SyncNowResult = { queued: [], refused: [] };
  for (const mappingId of mappingIds) {
    try {
      result.queued.push({ mappingId, ...(await enqueueOrganizationSync(db, { workspaceId, mappingId, trigger })) });
    } catch (error) {
      if (!(error instanceof SafeError)) throw error;
      result.refused.push({ mappingId, error: error.message });
    }
  }
  return result;
}

/** "Sync now" for one or more rows: queued at once, deduplicated per mapping. */
export const syncNow = defineWorkspaceAction({
  name: "sync.now",
  role: "admin",
  schema: mappingIdsSchema,
  run: async (context, input) => {
    const owned = await filterWorkspaceMappingIds(context.db, {
      workspaceId: context.workspace.id,
      mappingIds: [...new Set(input.mappingIds)],
    });
    if (owned.length === 0) throw new SafeError("Those organizations were not found.", "not-found");
    const result = await enqueueMany(context.db, context.workspace.id, owned, "manual");
    if (result.queued.length === 0 && result.refused.length === 1)
      throw new SafeError(result.refused[0]!.error, "refused");
    return result;
  },
});

/** "Sync all": every enabled, mapped organization of the workspace. */
export const syncAll = defineWorkspaceAction({
  name: "sync.all",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const connection = await findConnection(context.db, { workspaceId: context.workspace.id });
    if (!connection || connection.status === "disconnected") {
      throw new SafeError(
        "ConnectWise is not connected. Connect it in Settings › Integrations first.",
        "not-connected",
      );
    }
    const mappingIds = await listEnabledMappingIds(context.db, { workspaceId: context.workspace.id });
    const result = await enqueueMany(context.db, context.workspace.id, mappingIds, "bulk");
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      action: "sync.all",
      targetType: "mapping",
      details: { queued: result.queued.length, refused: result.refused.length },
    });
    return {
      queued: result.queued.length,
      deduplicated: result.queued.filter((run) => run.deduplicated).length,
      refused: result.refused,
    };
  },
});

export interface PreviewResult {
  organizationName: string;
  agreementId: number;
  agreementName: string | null;
  summary: PlanSummary;
  lines: ChangeLine[];
}

/**
 * "Preview": the dry run. Reads the agreement's additions and returns the plan; writes nothing, in
 * ConnectWise or here. Open to viewers: viewers see everything (DESIGN.md §3), the preview only
 * reads, and its requests go through the connection's shared rate limiter like any other.
 */
export const previewSync = defineWorkspaceAction({
  name: "sync.preview",
  role: "viewer",
  schema: z.object({ mappingId: z.uuid() }).strict(),
  run: async (context, input): Promise<PreviewResult> => {
    const found = await findMappingForSync(context.db, {
      workspaceId: context.workspace.id,
      mappingId: input.mappingId,
    });
    if (!found) throw new SafeError("That organization mapping was not found.", "not-found");
    try {
      const view = await previewOrganizationSync(context.db, {
        workspaceId: context.workspace.id,
        mappingId: input.mappingId,
      });
      const names = { byProduct: view.productNames, byCatalogItem: view.catalogItemNames };
      return {
        organizationName: view.organizationName,
        agreementId: view.agreementId,
        agreementName: view.agreementName,
        summary: view.summary,
        lines: view.plan.map((change) => ({
          ...describePlannedChange(change, names),
          ...(view.holds[change.catalogItemId] ?? {}),
        })),
      };
    } catch (error) {
      if (error instanceof PermanentSyncError || error instanceof TransientSyncError)
        throw new SafeError(error.message, error.code);
      throw error;
    }
  },
});

export interface RunView {
  id: string;
  trigger: string;
  state: "queued" | "running" | "succeeded" | "failed";
  dryRun: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempt: number;
  apiCalls: { method: string; path: string; status: number | null; durationMs: number }[];
  summary: Record<string, number>;
  error: string | null;
  changes: ChangeLine[];
}

export interface OrganizationSyncView {
  organization: { id: string; name: string; externalId: string; status: string };
  mapping: {
    id: string;
    companyName: string | null;
    agreementId: number | null;
    agreementName: string | null;
    syncEnabled: boolean;
    nextDueAt: string | null;
    lastRunState: string | null;
    lastRunAt: string | null;
    lastRunMessage: string | null;
  } | null;
  connectionStatus: "not-connected" | "connected" | "unhealthy" | "disconnected";
  connectionReason: string | null;
  runs: RunView[];
  /** True while a run is queued or running, so the page keeps itself up to date. */
  active: boolean;
}

/** Everything the run details page shows, for any member of the workspace; null when the organization is not in it. */
export async function getOrganizationSyncView(
  context: WorkspaceContext,
  params: { organizationId: string; limit?: number },
): Promise<OrganizationSyncView | null> {
  const parsed = z.uuid().safeParse(params.organizationId);
  if (!parsed.success) return null;
  const workspaceId = context.workspace.id;
  const found = await findOrganizationWithMapping(context.db, { workspaceId, organizationId: parsed.data });
  if (!found) return null;
  const connection = await findConnection(context.db, { workspaceId });
  const mapping = found.mapping;
  const runs = mapping
    ? await listRunsWithChanges(context.db, { workspaceId, mappingId: mapping.id, limit: params.limit ?? 20 })
    : [];
  const catalog = await listCatalogItemProducts(context.db, { workspaceId });
  const names = {
    byProduct: Object.fromEntries(catalog.map((row) => [row.productId, row.name])),
    byCatalogItem: Object.fromEntries(
      catalog.flatMap((row) => (row.catalogItemId === null ? [] : [[row.catalogItemId, row.name]])),
    ),
  };
  for (const { changes } of runs)
    for (const change of changes)
      if (change.productId && change.productName) names.byProduct[change.productId] = change.productName;
  const runViews: RunView[] = runs.map(({ run, changes }) => ({
    id: run.id,
    trigger: run.trigger,
    state: run.state,
    dryRun: run.dryRun,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    attempt: run.attempt,
    apiCalls: run.apiCalls.map((call) => ({
      method: call.method,
      path: call.path,
      status: call.status,
      durationMs: call.durationMs,
    })),
    summary: run.summary,
    error: run.error,
    changes: changes.map((change) => describeRecordedChange(change, names)),
  }));
  return {
    organization: {
      id: found.organization.id,
      name: found.organization.name,
      externalId: found.organization.externalId,
      status: found.organization.status,
    },
    mapping: mapping
      ? {
          id: mapping.id,
          companyName: mapping.cwCompanyName,
          agreementId: mapping.cwAgreementId,
          agreementName: mapping.cwAgreementName,
          syncEnabled: mapping.syncEnabled,
          nextDueAt: mapping.nextDueAt?.toISOString() ?? null,
          lastRunState: mapping.lastRunState,
          lastRunAt: mapping.lastRunAt?.toISOString() ?? null,
          lastRunMessage: mapping.lastRunMessage,
        }
      : null,
    connectionStatus: connection ? connection.status : "not-connected",
    connectionReason: connection?.statusReason ?? null,
    runs: runViews,
    active: runViews.some((run) => run.state === "queued" || run.state === "running"),
  };
}
