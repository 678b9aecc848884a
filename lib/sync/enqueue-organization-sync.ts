/**
 * Queues one mapping's sync: the run row (deduplicated per mapping) and its job, in one transaction. "Sync now",
 * turning sync on and approving held changes enqueue through here; the scheduler, the usage sweep and "Sync all"
 * queue in batches through enqueue-due-syncs.ts.
 */
import type { Database } from "@/db";
import type { Mapping } from "@/db/schema";
import {
  deleteRun,
  findMappingForSync,
  findQueuedRun,
  insertQueuedRun,
  updateMappingRunStatus,
} from "@/db/queries/sync";
import { organizationSyncPriority, organizationSyncQueue } from "@/jobs/queues";
import { raiseJobPriority, sendJob } from "@/jobs/send";
import { requireConnection } from "@/lib/connection/client-for-workspace";
import { SafeError } from "@/lib/errors";
import { lockMappingEnqueue } from "./mapping-lock";
import { computeNextDueAt, resolveScheduleOffsetSeconds } from "./schedule";
import { errorFields, logFor } from "@/lib/logging/logger";

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
  await requireConnection(db, { workspaceId: params.workspaceId });

  const priority =
    params.trigger === "manual" ? organizationSyncPriority.requested : organizationSyncPriority.background;
  const queued = await db.transaction((transaction) =>
    queueOrganizationRun(transaction, {
      workspaceId: params.workspaceId,
      mapping,
      trigger: params.trigger,
      priority,
      now: new Date(),
    }),
  );
  // "Sync now" on an organization whose scheduled run waits: that run moves ahead of the backlog.
  if (queued.deduplicated && priority > organizationSyncPriority.background)
    await raiseQueuedRunPriority(queued.runId, priority);
  return queued;
}

/**
 * Queues one mapping's run and its job inside the caller's transaction, under the mapping's enqueue
 * lock: the run row, its job and the mapping's last-run fields commit together or not at all, so a
 * crash never leaves a queued run without a job. A run already queued is returned instead.
 */
export async function queueOrganizationRun(
  transaction: Database,
  params: {
    workspaceId: string;
    mapping: Pick<Mapping, "id" | "organizationId" | "cwAgreementId" | "scheduleOffsetSeconds">;
    trigger: EnqueueTrigger;
    priority: number;
    now: Date;
  },
): Promise<EnqueueResult> {
  const { workspaceId, mapping } = params;
  // Serialize enqueues of one mapping so two clicks cannot both see "nothing queued".
  await lockMappingEnqueue(transaction, { mappingId: mapping.id });
  const existing = await findQueuedRun(transaction, { workspaceId, mappingId: mapping.id });
  if (existing) return { runId: existing.id, deduplicated: true };
  const run = await insertQueuedRun(transaction, {
    workspaceId,
    mappingId: mapping.id,
    organizationId: mapping.organizationId,
    trigger: params.trigger,
    cwAgreementId: mapping.cwAgreementId,
  });
  const jobId = await sendJob(
    organizationSyncQueue,
    { workspaceId, mappingId: mapping.id, runId: run.id },
    // The job's id is the run's, so a later "Sync now" can find it.
    { id: run.id, singletonKey: mapping.id, priority: params.priority, transaction },
  );
  if (jobId === null) {
    // pg-boss already holds a waiting job for this mapping, though no run of it is queued.
    await deleteRun(transaction, { workspaceId, runId: run.id });
    throw new SafeError(
      "A sync of this organization is already waiting to start. Try again in a moment.",
      "already-queued",
    );
  }
  await updateMappingRunStatus(transaction, {
    workspaceId,
    mappingId: mapping.id,
    values: {
      lastRunId: run.id,
      lastRunState: "queued",
      lastRunAt: params.now,
      lastRunMessage: null,
      // The tick must not enqueue it again while it waits; the run's start sets the real next slot.
      nextDueAt: computeNextDueAt(params.now, resolveScheduleOffsetSeconds(mapping)),
    },
  });
  return { runId: run.id, deduplicated: false };
}

/** Raises the priority of a queued run's job; a job already started (or gone) is left as it is. */
async function raiseQueuedRunPriority(runId: string, priority: number): Promise<void> {
  try {
    await raiseJobPriority(organizationSyncQueue, { id: runId, priority });
  } catch (error) {
    logFor({ runId }).error(errorFields(error), "could not raise the priority of a queued run");
  }
}
