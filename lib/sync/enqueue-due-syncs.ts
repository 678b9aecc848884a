import type { Database } from "@/db";
import { deleteQueuedRuns, insertScheduledRuns, listDueMappings, updateMappingsQueuedRuns } from "@/db/queries/sync";
import { organizationSyncPriority, organizationSyncQueue } from "@/jobs/queues";
import { sendJobs } from "@/jobs/send";
import { syncIntervalMs } from "./schedule";
import { errorFields, getLogger } from "@/lib/logging/logger";

/** Mappings queued per transaction: one statement each for the locks, the runs and the jobs. */
export const enqueueBatchSize = 500;

/**
 * Scheduled runs a workspace may have waiting at once. Enough for its whole hour of changes to be
 * queued in one tick, small enough that its backlog is bounded; the rest waits for the next tick.
 */
export const perWorkspaceQueuedLimit = 1000;

/** Due mappings one tick looks at, at most (the rest are due again at the next tick). */
const tickLimit = 200_000;

/**
 * The scheduler tick (every workspace) and the sweep after a usage report (one workspace): enqueue
 * every due mapping, in batches (one transaction per batch holding its run rows and their jobs).
 * Mappings are due when their desired state changed or their agreement is due to be read again.
 */
export async function enqueueDueSyncs(
  db: Database,
  params: { now: Date; workspaceId?: string; perWorkspaceLimit?: number },
): Promise<{ due: number; enqueued: number; failed: number }> {
  const due = await listDueMappings(db, {
    now: params.now,
    limit: tickLimit,
    perWorkspaceLimit: params.perWorkspaceLimit ?? perWorkspaceQueuedLimit,
    workspaceId: params.workspaceId,
  });
  let enqueued = 0;
  let failed = 0;
  for (let start = 0; start < due.length; start += enqueueBatchSize) {
    const batch = due.slice(start, start + enqueueBatchSize);
    try {
      enqueued += await enqueueBatch(
        db,
        batch.map((mapping) => mapping.id),
        params.now,
      );
    } catch (error) {
      failed += batch.length;
      getLogger().error({ ...errorFields(error), mappings: batch.length }, "could not enqueue a batch of due mappings");
    }
  }
  return { due: due.length, enqueued, failed };
}

async function enqueueBatch(db: Database, mappingIds: string[], now: Date): Promise<number> {
  return db.transaction(async (transaction) => (await queueScheduledRuns(transaction, { mappingIds, now })).size);
}

/**
 * Queues a scheduled run and its job for each of these mappings, inside the caller's transaction: the
 * run rows, their jobs and the mappings' last-run fields commit together or not at all, so a crash
 * never leaves a queued run without a job. Returns the ids of the runs queued.
 */
export async function queueScheduledRuns(
  transaction: Database,
  params: { mappingIds: string[]; now: Date },
): Promise<Set<string>> {
  // A queued run's own start sets the mapping's next slot; until then the tick leaves it alone.
  const runs = await insertScheduledRuns(transaction, {
    mappingIds: params.mappingIds,
    nextDueAt: new Date(params.now.getTime() + syncIntervalMs),
  });
  const queued = await sendJobs(
    organizationSyncQueue,
    runs.map((run) => ({
      payload: { workspaceId: run.workspaceId, mappingId: run.mappingId, runId: run.runId },
      // The job's id is the run's: "Sync now" finds a waiting scheduled run's job by it.
      options: { id: run.runId, singletonKey: run.mappingId, priority: organizationSyncPriority.background },
    })),
    { transaction },
  );
  // The job queue already held a waiting job for these mappings: their run is that one.
  await deleteQueuedRuns(transaction, {
    runIds: runs.filter((run) => !queued.has(run.runId)).map((run) => run.runId),
  });
  await updateMappingsQueuedRuns(transaction, { runIds: [...queued], queuedAt: params.now });
  return queued;
}
